package dev.procsim.kernel;

import java.util.Locale;

/** Signal numbers, their default actions and names, and error codes, as Linux numbers them (x86, signal(7)). */
public final class Signals {
    public static final int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGPIPE = 13,
            SIGALRM = 14, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22;
    /** Standard signals are 1..31; real-time signals (32..64) are not modelled. */
    public static final int MAX = 31;

    /** Errors a program action can see, as negative values in {@link Task#lastResult()}. */
    public static final int EAGAIN = 11;
    public static final int ECHILD = 10;
    public static final int ESRCH = 3;
    public static final int EBADF = 9;
    public static final int EPERM = 1;
    public static final int EPIPE = 32;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    /** A wait or pipe call cut short by a handler installed without SA_RESTART, or a sleep cut short by any handler. */
    public static final int EINTR = 4;

    /** Default actions (signal(7)): terminate (core dumps counted as terminate), ignore, stop, continue. */
    public enum Default { TERMINATE, IGNORE, STOP, CONTINUE }

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
        "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS"};

    public static Default defaultAction(int sig) {
        return switch (sig) {
            case SIGCHLD, 23, 28 -> Default.IGNORE; // SIGCHLD, SIGURG, SIGWINCH
            case SIGCONT -> Default.CONTINUE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> Default.STOP;
            default -> Default.TERMINATE;
        };
    }

    /** SIGKILL and SIGSTOP, as a mask (Linux's sig_kernel_only signals). */
    public static final long UNBLOCKABLE = 1L << SIGKILL | 1L << SIGSTOP;

    /**
     * What a file that catches, ignores or blocks SIGKILL or SIGSTOP is told. Linux's rule is a
     * run-time one: sigaction fails with EINVAL (kernel/signal.c, do_sigaction: a new action for
     * a sig_kernel_only signal), sigprocmask succeeds and leaves them out of the mask
     * (sigdelsetmask in sigprocmask and rt_sigprocmask). Here every signal number an action uses
     * is written in the file (no action computes one at run time), so such an action would fail
     * or do nothing on every run: the file is refused instead.
     */
    public static final String CANNOT_CATCH = " cannot be caught or ignored (Linux's sigaction fails with EINVAL: this action could never take effect)",
            CANNOT_BLOCK = " cannot be blocked (Linux's sigprocmask leaves SIGKILL and SIGSTOP out of the mask: this could never take effect)";

    /** SIGKILL and SIGSTOP: never caught, ignored or blocked (see {@link #CANNOT_CATCH}). */
    public static boolean unblockable(int sig) {
        return sig == SIGKILL || sig == SIGSTOP;
    }

    public static String name(int sig) {
        return sig >= 1 && sig <= MAX ? NAMES[sig] : "signal " + sig;
    }

    /** A number 1..31, or a name with or without {@code SIG} in any case; -1 if neither. */
    public static int parse(String text) {
        String s = text.strip();
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s.length() > 3 ? "999" : s);
            return n >= 1 && n <= MAX ? n : -1;
        }
        String u = s.toUpperCase(Locale.ROOT);
        if (!u.startsWith("SIG")) u = "SIG" + u;
        for (int i = 1; i <= MAX; i++) if (NAMES[i].equals(u)) return i;
        return -1;
    }

    /** Every name, for hints. */
    public static java.util.List<String> names() {
        return java.util.Arrays.asList(NAMES).subList(1, NAMES.length);
    }

    private Signals() {}
}

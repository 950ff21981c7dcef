/*
 * The init of a PID namespace receives only the signals it has a handler for; SIGKILL and
 * SIGSTOP reach it only from an ancestor namespace (pid_namespaces(7)).
 * Linux kernel/fork.c copy_process() marks a namespace's child reaper SIGNAL_UNKILLABLE;
 * kernel/signal.c send_signal_locked() sets force when the sender has no PID in the target's
 * namespace (an ancestor); sig_task_ignored() discards a signal whose handler is SIG_DFL for such
 * a process unless (force && sig_kernel_only(sig)); a blocked one is queued all the same
 * (sig_ignored) and get_signal() drops it at dequeue unless it is SIGKILL or SIGSTOP.
 * The host and the init act at fixed times from a common start (t ms), far apart.
 * Needs root. Build and run: gcc -O2 -Wall -o /tmp/spi signal_pidns_init.c && /tmp/spi
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct timespec t0;

/* Sleeps until t0 + ms, whatever signals come meanwhile. */
static void at(int ms) {
    struct timespec t = t0;
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) { t.tv_sec++; t.tv_nsec -= 1000000000L; }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {}
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void say(const char *fmt, ...) {
    char m[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    write(1, m, strlen(m)); /* one write: lines of the two processes do not mix */
}

static void on_usr1(int s) { (void)s; say("  init: SIGUSR1 handler ran\n"); }
static void on_term(int s) { (void)s; say("  init: SIGTERM handler ran\n"); }

/* The host's view of the init: alive, stopped, continued or ended (a live one is not reaped). */
static void state(pid_t pid, const char *after) {
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG | WUNTRACED | WCONTINUED);
    if (r == 0) say("host: after %-46s init alive\n", after);
    else if (WIFSTOPPED(st)) say("host: after %-46s init stopped (SIG%s)\n", after, sigabbrev_np(WSTOPSIG(st)));
    else if (WIFCONTINUED(st)) say("host: after %-46s init continued\n", after);
    else if (WIFSIGNALED(st)) say("host: after %-46s init killed by SIG%s\n", after, sigabbrev_np(WTERMSIG(st)));
    else say("host: after %-46s init exited %d\n", after, WEXITSTATUS(st));
}

/* The container's init: PID 1 inside. */
static int init_main(void) {
    say("  init: getpid() = %d inside the namespace\n", getpid());
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    /* t 0: from inside, itself and then a child of its own send it SIGTERM, SIGKILL and SIGSTOP (default actions). */
    int r1 = kill(1, SIGTERM), r2 = kill(1, SIGKILL), r3 = kill(1, SIGSTOP);
    say("  init: kill(1, SIGTERM), kill(1, SIGKILL), kill(1, SIGSTOP) from itself returned %d %d %d\n", r1, r2, r3);
    pid_t c = fork();
    if (c == 0) {
        int a = kill(1, SIGTERM), b = kill(1, SIGKILL), d = kill(1, SIGSTOP), e = kill(1, SIGUSR1);
        say("  child (pid %d inside): kill(1, ...) SIGTERM %d, SIGKILL %d, SIGSTOP %d, SIGUSR1 %d\n", getpid(), a, b, d, e);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    at(100);
    say("  init: still running after them (t 100); blocks SIGTERM\n");
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigprocmask(SIG_BLOCK, &s, NULL);
    at(400); /* the host sent SIGTERM at 250 */
    sigset_t p;
    sigpending(&p);
    say("  init: t 400, SIGTERM pending while blocked: %s; unblocks it\n", sigismember(&p, SIGTERM) ? "yes" : "no");
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    say("  init: still running after unblocking it\n");
    at(700); /* the host sent SIGTERM at 550, default action */
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    say("  init: t 700, installs a SIGTERM handler\n");
    for (;;) pause();
}

int main(void) {
    if (unshare(CLONE_NEWPID) != 0) { perror("unshare(CLONE_NEWPID) (needs root)"); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t init = fork(); /* the first child after unshare is PID 1 of the new namespace */
    if (init == 0) return init_main();
    say("host: the container's init is pid %d here\n", init);
    at(200);
    state(init, "the signals from inside (t 200):");
    at(250);
    kill(init, SIGTERM);
    say("host: t 250, sends SIGTERM (blocked by init, default action)\n");
    at(500);
    state(init, "SIGTERM blocked, then unblocked (t 500):");
    at(550);
    kill(init, SIGTERM);
    at(650);
    state(init, "SIGTERM, default action, at 550:");
    at(800);
    kill(init, SIGTERM);
    at(850);
    state(init, "SIGTERM, handled, at 800:");
    kill(init, SIGUSR1);
    at(860);
    kill(init, SIGTSTP);
    at(890);
    state(init, "SIGTSTP (default: stop) from the host at 860:");
    at(900);
    kill(init, SIGSTOP);
    at(950);
    state(init, "SIGSTOP from the host at 900:");
    kill(init, SIGCONT);
    at(1000);
    state(init, "SIGCONT from the host at 950:");
    kill(init, SIGKILL);
    at(1050);
    state(init, "SIGKILL from the host at 1000:");
    return 0;
}

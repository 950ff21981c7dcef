package dev.procsim.kernel;

/** Signal numbers and error codes as Linux numbers them. */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGPIPE = 13;

    /** Errors a program action can see, as negative values in {@link Task#lastResult()}. */
    public static final int EAGAIN = 11;
    public static final int ECHILD = 10;
    public static final int ESRCH = 3;
    public static final int EBADF = 9;

    private Signals() {}
}

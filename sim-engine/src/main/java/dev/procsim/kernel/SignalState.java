package dev.procsim.kernel;

/**
 * A process's signal state (Linux's {@code sighand_struct} and shared pending set): the
 * disposition of each standard signal, which handlers were installed without SA_RESTART, the
 * signals pending for the process (a bit each: standard signals are not queued, a second one
 * while one is pending is merged), when each was sent, and whether the process is stopped.
 * Shared by its threads (CLONE_SIGHAND); copied at fork, with handlers reset to default at exec.
 */
final class SignalState {
    static final byte DEFAULT = 0, IGNORE = 1, HANDLER = 2;

    final byte[] disposition = new byte[Signals.MAX + 1];
    final Program[] handler = new Program[Signals.MAX + 1];
    /** Bit n: signal n's handler was installed without SA_RESTART (a wait or pipe call it interrupts ends with EINTR). */
    long noRestart;
    long pending;
    final long[] sentAt = new long[Signals.MAX + 1];
    boolean stopped;

    SignalState copy() {
        SignalState c = new SignalState();
        System.arraycopy(disposition, 0, c.disposition, 0, disposition.length);
        System.arraycopy(handler, 0, c.handler, 0, handler.length);
        c.noRestart = noRestart;
        return c;
    }

    /**
     * What a task was doing when a handler interrupted it, restored when the handler returns
     * (sigreturn): where it was in its program, the rest of a computation, its mask, and the
     * result of its last action (an interrupted call's, as settled at delivery: a handler's own
     * actions do not change it).
     */
    static final class Frame {
        final Frame outer;
        final Program program;
        final int pc;
        final int[] loopCounters;
        final long[] streams;
        final long work;
        final long blocked;
        final int lastResult;

        Frame(Frame outer, Task t, long blockedBefore) {
            this.outer = outer;
            this.program = t.program;
            this.pc = t.pc;
            this.loopCounters = t.loopCounters;
            this.streams = t.streams;
            this.work = t.work;
            this.blocked = blockedBefore;
            this.lastResult = t.lastResult;
        }
    }
}

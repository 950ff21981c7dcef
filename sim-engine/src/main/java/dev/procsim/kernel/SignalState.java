package dev.procsim.kernel;

/**
 * A process's signal state (Linux's {@code sighand_struct} and shared pending set): the
 * disposition of each standard signal, the signals pending for the process (a bit each: standard
 * signals are not queued, a second one while one is pending is merged), when each was sent, and
 * whether the process is stopped. Shared by its threads (CLONE_SIGHAND); copied at fork, with
 * handlers reset to default at exec.
 */
final class SignalState {
    static final byte DEFAULT = 0, IGNORE = 1, HANDLER = 2;

    final byte[] disposition = new byte[Signals.MAX + 1];
    final Program[] handler = new Program[Signals.MAX + 1];
    long pending;
    final long[] sentAt = new long[Signals.MAX + 1];
    boolean stopped;

    SignalState copy() {
        SignalState c = new SignalState();
        System.arraycopy(disposition, 0, c.disposition, 0, disposition.length);
        System.arraycopy(handler, 0, c.handler, 0, handler.length);
        return c;
    }

    /** What a task was doing when a handler interrupted it, restored when the handler returns. */
    static final class Frame {
        final Frame outer;
        final Program program;
        final int pc;
        final int[] loopCounters;
        final long[] streams;
        final long work;
        final long sleepUntil;
        final long blocked;

        Frame(Frame outer, Task t, long sleepUntil, long blockedBefore) {
            this.outer = outer;
            this.program = t.program;
            this.pc = t.pc;
            this.loopCounters = t.loopCounters;
            this.streams = t.streams;
            this.work = t.work;
            this.sleepUntil = sleepUntil;
            this.blocked = blockedBefore;
        }
    }
}

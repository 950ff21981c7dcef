package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Least laxity first: the ready job with the least laxity (deadline - now - remaining work) runs.
 * Every waiting job's laxity shrinks at the same rate, so the queue orders by the time-invariant
 * {@code deadline - remaining}; the running job's laxity stays constant, so it is compared again
 * at each quantum end (parameter, default 1 ms: a pure LLF would switch continuously between jobs of
 * equal laxity) and when a job is released. Non-periodic tasks run in the background. Ties:
 * earlier release, then lower PID (the task listed first).
 */
public final class LlfScheduler extends KeyOrderedScheduler {
    private final long quantum;
    private final OnMiss onMiss;

    public LlfScheduler(long quantum, OnMiss onMiss) {
        super(true);
        if (quantum <= 0) throw new IllegalArgumentException("llf quantum must be > 0");
        this.quantum = quantum;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return "llf";
    }

    /** Real-time: over per-CPU queues, tasks are pushed and pulled so that the highest-ranked run (rt.c, deadline.c). */
    @Override
    public boolean pushPull() {
        return true;
    }

    @Override
    public OnMiss onMiss() {
        return onMiss;
    }

    @Override
    protected long key(Task t) {
        long d = t.jobDeadline();
        return d == Long.MAX_VALUE ? Long.MAX_VALUE : d - t.remainingWork();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Fixed-priority real-time scheduling, preemptive: rate monotonic ({@code rm}, shorter period
 * first) or deadline monotonic ({@code dm}, shorter relative deadline first). Non-periodic tasks run
 * in the background. Ties: earlier release, then lower PID (the task listed first).
 */
public final class FixedPriorityRtScheduler extends KeyOrderedScheduler {
    private final boolean byDeadline;
    private final OnMiss onMiss;

    public FixedPriorityRtScheduler(boolean byDeadline, OnMiss onMiss) {
        super(true);
        this.byDeadline = byDeadline;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return byDeadline ? "dm" : "rm";
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
        return byDeadline ? t.relativeDeadline() : t.period();
    }
}

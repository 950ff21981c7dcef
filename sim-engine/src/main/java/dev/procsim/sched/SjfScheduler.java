package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Shortest job first ({@code sjf}: by the next CPU burst, no preemption) and shortest remaining
 * time first ({@code srtf}: a task entering the queue with strictly less remaining work than a
 * running one preempts it). The burst of a ready task is known because the kernel draws it when
 * the task is queued. Ties: earlier entry into the ready queue, then lower PID.
 */
public final class SjfScheduler extends KeyOrderedScheduler {
    private final boolean preemptive;

    public SjfScheduler(boolean preemptive) {
        this.preemptive = preemptive;
    }

    @Override
    public String name() {
        return preemptive ? "srtf" : "sjf";
    }

    @Override
    protected long key(Task t) {
        return t.remainingWork();
    }

    @Override
    protected boolean preemptive() {
        return preemptive;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Earliest deadline first, preemptive: the ready job with the earliest absolute deadline runs; a job
 * released with an earlier deadline than a running one preempts it. Tasks without a job (not
 * periodic) run in the background, after every job. Ties: earlier release, then lower PID (the task
 * listed first). {@code edf} leaves late jobs running (on-miss continue, the textbook EDF);
 * {@code deadline} is the same policy with an on-miss parameter defaulting to
 * drop-when-infeasible.
 */
public final class EdfScheduler extends KeyOrderedScheduler {
    private final String name;
    private final OnMiss onMiss;

    public EdfScheduler(String name, OnMiss onMiss) {
        super(true);
        this.name = name;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return name;
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
        return t.jobDeadline();
    }
}

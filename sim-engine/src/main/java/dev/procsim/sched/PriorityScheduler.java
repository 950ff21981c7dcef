package dev.procsim.sched;

import dev.procsim.kernel.Task;

/**
 * Static priority: the task's priority from the task list (lower number first), never changed,
 * so a low-priority task starves while better ones are ready. Preemptive or not (parameter):
 * when preemptive, a task entering the queue with a strictly better priority takes the CPU.
 * Ties: earlier entry into the ready queue, then lower PID.
 */
public final class PriorityScheduler extends KeyOrderedScheduler {
    private final boolean preemptive;

    public PriorityScheduler(boolean preemptive) {
        this.preemptive = preemptive;
    }

    @Override
    public String name() {
        return "priority";
    }

    @Override
    protected long key(Task t) {
        return t.priority();
    }

    @Override
    protected boolean preemptive() {
        return preemptive;
    }
}

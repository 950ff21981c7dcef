package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * The run queue shared by policies that order ready tasks by one number (SJF, SRTF, priority,
 * EDF, RM, DM, LLF): a heap on the key, then earlier entry into the ready queue; O(log n) enqueue,
 * pick and removal. A subclass gives the key and says whether a task entering the queue with a
 * strictly lower key than a running one preempts it. Real-time policies ({@link #realtimeTies})
 * break ties by a fixed rule instead: earlier release of the current job (for a task without a job,
 * earlier entry into the queue), then lower PID (the task listed first), so that the order of two
 * equal jobs does not depend on which of them was last preempted.
 */
abstract class KeyOrderedScheduler implements Scheduler {
    private final boolean realtimeTies;
    private final TaskHeap queue;

    protected KeyOrderedScheduler() {
        this(false);
    }

    protected KeyOrderedScheduler(boolean realtimeTies) {
        this.realtimeTies = realtimeTies;
        this.queue = realtimeTies ? TaskHeap.byPid() : new TaskHeap();
    }

    /** Lower runs first. */
    protected abstract long key(Task t);

    protected boolean preemptive() {
        return true;
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = key(t);
        if (realtimeTies) {
            long release = t.jobRelease();
            queue.add(t, release != Long.MAX_VALUE ? release : now);
        } else {
            queue.add(t);
        }
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
    }

    @Override
    public Task pickNext(int cpu, long now) {
        return queue.poll();
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        return queue.poll(allowed);
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    @Override
    public Task peekNext(int cpu, long now) {
        return queue.peek();
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return preemptive() && key(woken) < key(running);
    }
}

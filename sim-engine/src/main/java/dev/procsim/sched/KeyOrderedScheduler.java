package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * The run queue shared by policies that order ready tasks by one number (SJF, SRTF, priority,
 * EDF, RM, DM, LLF): a heap on the key, then earlier entry into the ready queue, then lower PID;
 * O(log n) enqueue, pick and removal. A subclass gives the key and says whether a task entering
 * the queue with a strictly lower key than a running one preempts it.
 */
abstract class KeyOrderedScheduler implements Scheduler {
    private final TaskHeap queue = new TaskHeap();

    /** Lower runs first. */
    protected abstract long key(Task t);

    protected boolean preemptive() {
        return true;
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = key(t);
        queue.add(t);
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
    public int readyCount() {
        return queue.size();
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return preemptive() && key(woken) < key(running);
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/** The run queue shared by FIFO policies (FCFS, RR): O(1) enqueue, pick and removal, no allocation. */
abstract class FifoScheduler implements Scheduler {
    private final TaskQueue queue = new TaskQueue();

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        queue.addLast(t);
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
    public int readyCount() {
        return queue.size();
    }
}

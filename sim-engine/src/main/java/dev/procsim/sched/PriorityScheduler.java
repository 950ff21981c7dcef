package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Static priority: the task's priority from the task list (lower number first), never changed,
 * so a low-priority task starves while better ones are ready. Preemptive or not (parameter):
 * when preemptive, a task entering the queue with a strictly better priority takes the CPU.
 * Ties: earlier entry into the ready queue, then lower PID.
 */
public final class PriorityScheduler implements Scheduler {
    private final boolean preemptive;
    private final TaskHeap queue = new TaskHeap();
    private long seq;

    public PriorityScheduler(boolean preemptive) {
        this.preemptive = preemptive;
    }

    @Override
    public String name() {
        return "priority";
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = t.priority();
        t.enqueueSeq = seq++;
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
        return preemptive && woken.priority() < running.priority();
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Round robin: one FIFO queue and a fixed quantum. A task preempted at the end of its quantum goes
 * to the back; the kernel queues it after tasks arriving at that same instant (design.md section 5;
 * configurable in the kernel). No wakeup preemption.
 */
public final class RoundRobinScheduler implements Scheduler {
    private final long quantum;
    private final TaskQueue queue = new TaskQueue();

    public RoundRobinScheduler(long quantum) {
        if (quantum <= 0) throw new IllegalArgumentException("rr quantum must be > 0");
        this.quantum = quantum;
    }

    @Override
    public String name() {
        return "rr";
    }

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
    public int readyCount() {
        return queue.size();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * First come, first served: one FIFO run queue, no time slices, no preemption. A task runs until it
 * blocks, yields or exits. Queue order: order of entry into the ready queue (arrival, wakeup,
 * yield); tasks entering at the same instant keep the order in which the kernel queued them (for
 * arrivals at one instant: the order the workload lists them).
 */
public final class FcfsScheduler implements Scheduler {
    private final TaskQueue queue = new TaskQueue();

    @Override
    public String name() {
        return "fcfs";
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
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * First come, first served: one FIFO run queue, no time slices, no preemption. A task runs until it
 * blocks, yields or exits. Queue order: order of entry into the ready queue (arrival, wakeup,
 * yield); tasks entering at the same instant keep the order in which the kernel queued them (for
 * arrivals at one instant: the order the workload lists them). An intrusive doubly-linked list
 * through the task's {@code rqNext}/{@code rqPrev}: O(1) enqueue, pick and removal, no allocation.
 */
public final class FcfsScheduler implements Scheduler {
    private Task head;
    private Task tail;
    private int size;

    @Override
    public String name() {
        return "fcfs";
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.rqPrev = tail;
        t.rqNext = null;
        if (tail != null) tail.rqNext = t;
        else head = t;
        tail = t;
        size++;
    }

    @Override
    public void dequeue(Task t, long now) {
        if (t.rqPrev != null) t.rqPrev.rqNext = t.rqNext;
        else head = t.rqNext;
        if (t.rqNext != null) t.rqNext.rqPrev = t.rqPrev;
        else tail = t.rqPrev;
        t.rqNext = null;
        t.rqPrev = null;
        size--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        Task t = head;
        if (t != null) dequeue(t, now);
        return t;
    }

    @Override
    public int readyCount() {
        return size;
    }
}

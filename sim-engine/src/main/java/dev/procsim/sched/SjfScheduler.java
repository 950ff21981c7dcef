package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Shortest job first ({@code sjf}: by the next CPU burst, no preemption) and shortest remaining
 * time first ({@code srtf}: a task entering the queue with less remaining work than a running
 * one preempts it). The burst of a ready task is known because the kernel draws it when the task
 * is queued. Ties: earlier entry into the ready queue, then lower PID. O(log n) enqueue and pick.
 */
public final class SjfScheduler implements Scheduler {
    private final boolean preemptive;
    private final TaskHeap queue = new TaskHeap();
    private long seq;

    public SjfScheduler(boolean preemptive) {
        this.preemptive = preemptive;
    }

    @Override
    public String name() {
        return preemptive ? "srtf" : "sjf";
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = t.remainingWork();
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
        return preemptive && woken.remainingWork() < running.remainingWork();
    }
}

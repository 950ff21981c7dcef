package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Fixed-priority real-time scheduling, preemptive: rate monotonic ({@code rm}, shorter period
 * first) or deadline monotonic ({@code dm}, shorter relative deadline first). Non-periodic tasks run
 * in the background. Ties: earlier entry into the ready queue, then lower PID.
 */
public final class FixedPriorityRtScheduler implements Scheduler {
    private final boolean byDeadline;
    private final OnMiss onMiss;
    private final TaskHeap queue = new TaskHeap();
    private long seq;

    public FixedPriorityRtScheduler(boolean byDeadline, OnMiss onMiss) {
        this.byDeadline = byDeadline;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return byDeadline ? "dm" : "rm";
    }

    @Override
    public OnMiss onMiss() {
        return onMiss;
    }

    private long priority(Task t) {
        return byDeadline ? t.relativeDeadline() : t.period();
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = priority(t);
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
        return priority(woken) < priority(running);
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Least laxity first: the ready job with the least laxity (deadline - now - remaining work) runs.
 * Every waiting job's laxity shrinks at the same rate, so the queue orders by the time-invariant
 * {@code deadline - remaining}; the running job's laxity stays constant, so it is compared again
 * at each quantum end (parameter, default 1 ms: a pure LLF would switch continuously between jobs of
 * equal laxity) and when a job is released. Non-periodic tasks run in the background. Ties:
 * earlier entry into the ready queue, then lower PID.
 */
public final class LlfScheduler implements Scheduler {
    private final long quantum;
    private final OnMiss onMiss;
    private final TaskHeap queue = new TaskHeap();
    private long seq;

    public LlfScheduler(long quantum, OnMiss onMiss) {
        if (quantum <= 0) throw new IllegalArgumentException("llf quantum must be > 0");
        this.quantum = quantum;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return "llf";
    }

    @Override
    public OnMiss onMiss() {
        return onMiss;
    }

    private static long key(Task t) {
        long d = t.jobDeadline();
        return d == Long.MAX_VALUE ? Long.MAX_VALUE : d - t.remainingWork();
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = key(t);
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
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return key(woken) < key(running);
    }
}

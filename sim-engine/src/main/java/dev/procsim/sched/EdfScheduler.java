package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Earliest deadline first, preemptive: the ready job with the earliest absolute deadline runs; a job
 * released with an earlier deadline than a running one preempts it. Tasks without a job (not
 * periodic) run in the background, after every job. Ties: earlier entry into the ready queue, then
 * lower PID. {@code edf} leaves late jobs running (on-miss continue, the textbook EDF);
 * {@code deadline} is the same policy with an on-miss parameter defaulting to
 * drop-when-infeasible.
 */
public final class EdfScheduler implements Scheduler {
    private final String name;
    private final OnMiss onMiss;
    private final TaskHeap queue = new TaskHeap();
    private long seq;

    public EdfScheduler(String name, OnMiss onMiss) {
        this.name = name;
        this.onMiss = onMiss;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OnMiss onMiss() {
        return onMiss;
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey = t.jobDeadline();
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
        return woken.jobDeadline() < running.jobDeadline();
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Cooperative scheduling: the running task keeps the CPU until it blocks, yields, exits, or enters
 * the kernel (a system call, I/O, fork, ...) after its quantum has expired; computation is never
 * interrupted. Ready tasks in FIFO order, or by priority (lower number first; ties: earlier entry
 * into the queue, then lower PID). No wakeup preemption.
 */
public final class NonPreemptiveScheduler implements Scheduler {
    private final long quantum;
    private final boolean byPriority;
    private final TaskQueue fifo = new TaskQueue();
    private final TaskHeap heap = new TaskHeap();

    public NonPreemptiveScheduler(long quantum, String order) {
        if (quantum <= 0) throw new IllegalArgumentException("non-preemptive quantum must be > 0");
        this.quantum = quantum;
        this.byPriority = order.equals("priority");
    }

    @Override
    public String name() {
        return "non-preemptive";
    }

    @Override
    public Preemption preemption() {
        return Preemption.AT_KERNEL_ENTRY;
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        if (byPriority) {
            t.schedKey = t.priority();
            heap.add(t);
        } else {
            fifo.addLast(t);
        }
    }

    @Override
    public void dequeue(Task t, long now) {
        if (byPriority) heap.remove(t);
        else fifo.remove(t);
    }

    @Override
    public Task pickNext(int cpu, long now) {
        return byPriority ? heap.poll() : fifo.poll();
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        return byPriority ? heap.poll(allowed) : fifo.poll(allowed);
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    @Override
    public int readyCount() {
        return byPriority ? heap.size() : fifo.size();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }
}

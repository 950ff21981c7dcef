package org.example.stride;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Stride scheduling (Waldspurger and Weihl, "Stride Scheduling: Deterministic Proportional-Share
 * Resource Management", MIT/LCS/TM-528, 1995). Each task holds tickets; its stride is
 * {@link #STRIDE1} / tickets; the ready task with the lowest pass runs, for a quantum at most, and
 * its pass then grows by stride x (time run / quantum), so that over time each task runs in
 * proportion to its tickets.
 *
 * <p>The choices the paper leaves open, made here so that a run is deterministic:
 * <ul>
 * <li>Tickets: the task's entry in the {@code tickets} parameter (by task name), else 20 - nice
 * (1 for nice 19, 20 for nice 0, 40 for nice -20).</li>
 * <li>Charging: pass += stride x ns run / quantum exactly, the remainder of the division carried
 * to the next charge, so a task that blocks after part of a quantum pays for that part.</li>
 * <li>Joining: the scheduler's virtual time is the pass of the task it picked last (never going
 * back). A new task starts at it; a woken task at the larger of its own pass and it, so that a
 * sleeper cannot bank CPU (the paper's dynamic "global pass" simplified). A preempted or yielding
 * task keeps its pass.</li>
 * <li>Ties: the lower PID.</li>
 * </ul>
 *
 * <p>Uses only procsim's stable plug-in API: {@link Scheduler}, {@link Task}'s accessors and its
 * scheduler fields, here {@code schedKey} (the pass), {@code schedKey2} (the remainder, in
 * stride x ns) and {@code schedKey3} (the stride, 0 until the task is first queued).
 */
public final class StrideScheduler implements Scheduler {
    /** The paper's stride1: large, so that STRIDE1 / tickets loses little to rounding. */
    public static final long STRIDE1 = 1L << 20;

    /** Lowest pass first, then the lower PID (a live task's PID is unique, so no two tasks tie). */
    private static final Comparator<Task> BY_PASS = Comparator.comparingLong((Task t) -> t.schedKey).thenComparingInt(Task::pid);

    private final long quantum;
    private final Map<String, Integer> tickets;
    private final TreeSet<Task> queue = new TreeSet<>(BY_PASS);
    private long virtualTime;

    /** A quantum in ns (over 0) and tickets by task name (each 1 to STRIDE1). */
    public StrideScheduler(long quantum, Map<String, Integer> tickets) {
        if (quantum <= 0) throw new IllegalArgumentException("stride.quantum must be greater than 0");
        this.quantum = quantum;
        this.tickets = Map.copyOf(tickets);
    }

    @Override
    public String name() {
        return "stride";
    }

    /** The task's tickets: from the parameter by name, else from its nice value. */
    int tickets(Task t) {
        Integer n = tickets.get(t.name());
        return n != null ? n : 20 - t.nice();
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        if (t.schedKey3 == 0) t.schedKey3 = STRIDE1 / tickets(t);
        switch (reason) {
            case NEW -> {
                t.schedKey = virtualTime;
                t.schedKey2 = 0;
            }
            case WAKEUP -> t.schedKey = Math.max(t.schedKey, virtualTime);
            default -> { } // preempted or yielded: it has been charged for what it ran
        }
        queue.add(t);
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
    }

    @Override
    public Task pickNext(int cpu, long now) {
        return picked(queue.pollFirst());
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, Predicate<Task> allowed) {
        for (Iterator<Task> it = queue.iterator(); it.hasNext(); ) {
            Task t = it.next();
            if (allowed.test(t)) {
                it.remove();
                return picked(t);
            }
        }
        return null;
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    private Task picked(Task t) {
        if (t != null) virtualTime = Math.max(virtualTime, t.schedKey);
        return t;
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return quantum;
    }

    /** Called only while the task runs, so out of the queue: its pass may change. */
    @Override
    public void accountRun(Task t, long ranNs, long now) {
        long charge = Math.addExact(Math.multiplyExact(t.schedKey3, ranNs), t.schedKey2);
        t.schedKey += charge / quantum;
        t.schedKey2 = charge % quantum;
    }
}

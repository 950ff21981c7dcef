package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Time-sharing with static plus dynamic priority (design.md section 5). Priority points, lower
 * is better: static = nice + 20 (0..39); the dynamic part rises by {@code run_penalty} points per
 * millisecond of CPU and falls by {@code wait_bonus} points per millisecond spent waiting ready,
 * kept within [-bound, +bound] when it is updated. The ready task with the best sum runs, for a
 * quantum; a woken task with a strictly better sum preempts.
 *
 * <p>Aging without scanning: while a task waits its priority is {@code static + d - bonus * (now -
 * enqueued)}; every waiting task ages at the same rate, so ordering them needs only the
 * time-invariant key {@code static + d + bonus * enqueued}, and pick and enqueue stay O(log n).
 * The bound is applied to a waiting task's bonus when it is dispatched (not while it waits: that
 * is what keeps the key time-invariant), so among tasks that all waited past the bound, the one
 * that waited longest goes first; a task therefore never starves. Ties: earlier entry into the
 * ready queue, then lower PID. Units: micro-points; task fields: {@code schedKey} (key),
 * {@code schedKey2} (enqueue time), {@code schedKey3} (dynamic part).
 */
public final class TimeSharingScheduler implements Scheduler {
    private static final long SCALE = 1_000_000; // micro-points per point

    private final long quantum;
    private final double penaltyPerNs; // micro-points per ns of CPU
    private final double bonusPerNs; // micro-points per ns waiting
    private final long bound;
    private final TaskHeap queue = new TaskHeap();

    public TimeSharingScheduler(long quantum, double runPenaltyPerMs, double waitBonusPerMs, double boundPoints) {
        if (quantum <= 0) throw new IllegalArgumentException("time-sharing quantum must be > 0");
        if (runPenaltyPerMs < 0 || waitBonusPerMs < 0 || boundPoints < 0) {
            throw new IllegalArgumentException("time-sharing run_penalty, wait_bonus and bound must be >= 0");
        }
        this.quantum = quantum;
        this.penaltyPerNs = runPenaltyPerMs * SCALE / 1e6;
        this.bonusPerNs = waitBonusPerMs * SCALE / 1e6;
        this.bound = Math.round(boundPoints * SCALE);
    }

    @Override
    public String name() {
        return "time-sharing";
    }

    static long staticPriority(Task t) {
        return (t.nice() + 20L) * SCALE;
    }

    /** Current priority of a task that is not waiting: static + dynamic. */
    static long current(Task t) {
        return staticPriority(t) + t.schedKey3;
    }

    private long clamp(long d) {
        return Math.max(-bound, Math.min(bound, d));
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        t.schedKey2 = now;
        t.schedKey = current(t) + Math.round(bonusPerNs * now);
        queue.add(t);
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
    }

    @Override
    public Task pickNext(int cpu, long now) {
        return taken(queue.poll(), now);
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        return taken(queue.poll(allowed), now);
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    private Task taken(Task t, long now) {
        if (t != null) t.schedKey3 = clamp(t.schedKey3 - Math.round(bonusPerNs * (now - t.schedKey2)));
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

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey3 = clamp(t.schedKey3 + Math.round(penaltyPerNs * ranNs));
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return current(woken) < current(running);
    }
}

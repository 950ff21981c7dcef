package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Multi-level feedback queue with the rules of Arpaci-Dusseau's OSTEP: the highest non-empty level
 * runs, round robin within a level; a new task starts at the top; a task that has used its
 * allotment at a level (summed over its runs, so yielding does not game it) moves one level down;
 * every {@code boost} period every task goes back to the top. Level {@code i} has a quantum of
 * {@code quantum * 2^i} and an allotment of {@code allotment * 2^i}; the bottom level has no limit.
 * A task entering a higher level than the running task's preempts it.
 *
 * <p>The boost needs no timer: boost epochs are {@code now / boost}; queued tasks are moved up when
 * a pick sees a new epoch (one pass per period, not per tick), running tasks when next queued.
 * Task fields: {@code schedLevel}, {@code schedKey} (allotment used), {@code schedKey2} (epoch).
 */
public final class MlfqScheduler implements Scheduler {
    private final int levels;
    private final long quantum;
    private final long allotment;
    private final long boost;
    private final TaskQueue[] queues;
    private long epoch;
    private int size;

    public MlfqScheduler(int levels, long quantum, long allotment, long boost) {
        if (levels < 1 || levels > 16) throw new IllegalArgumentException("mlfq levels must be in [1, 16], was " + levels);
        if (quantum <= 0 || allotment <= 0 || boost <= 0) throw new IllegalArgumentException("mlfq times must be > 0");
        this.levels = levels;
        this.quantum = quantum;
        this.allotment = allotment;
        this.boost = boost;
        queues = new TaskQueue[levels];
        for (int i = 0; i < levels; i++) queues[i] = new TaskQueue();
    }

    @Override
    public String name() {
        return "mlfq";
    }

    private long allotmentAt(int level) {
        return level == levels - 1 ? SimTime.NEVER : allotment << level;
    }

    private void boostIfDue(long now) {
        long e = now / boost;
        if (e == epoch) return;
        epoch = e;
        for (int l = 1; l < levels; l++) {
            Task t;
            while ((t = queues[l].poll()) != null) {
                t.schedLevel = 0;
                t.schedKey = 0;
                t.schedKey2 = e;
                queues[0].addLast(t);
            }
        }
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        boostIfDue(now);
        if (reason == EnqueueReason.NEW || t.schedKey2 < epoch) {
            t.schedLevel = 0;
            t.schedKey = 0;
            t.schedKey2 = epoch;
        } else if (t.schedKey >= allotmentAt(t.schedLevel)) {
            t.schedLevel++;
            t.schedKey = 0;
        }
        queues[t.schedLevel].addLast(t);
        size++;
    }

    @Override
    public void dequeue(Task t, long now) {
        queues[t.schedLevel].remove(t);
        size--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        boostIfDue(now);
        for (TaskQueue q : queues) {
            Task t = q.poll();
            if (t != null) {
                size--;
                return t;
            }
        }
        return null;
    }

    @Override
    public int readyCount() {
        return size;
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        long q = quantum << t.schedLevel;
        long left = allotmentAt(t.schedLevel) - t.schedKey;
        return Math.max(1, Math.min(q, left));
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey += ranNs;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return woken.schedLevel < running.schedLevel;
    }
}

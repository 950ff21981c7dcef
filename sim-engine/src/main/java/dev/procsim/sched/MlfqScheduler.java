package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Multi-level feedback queue with the rules of OSTEP's homework simulator {@code mlfq.py}
 * (Arpaci-Dusseau, ostep-homework {@code cpu-sched-mlfq}), so that its {@code -c} answers are
 * reproduced for any levels, quanta, allotments, boost period, arrivals and I/O:
 * <ul>
 *   <li>The head of the highest non-empty level runs; round robin within a level. A new task
 *       starts at the top with the top level's quantum and allotment (a number of quanta).</li>
 *   <li>A task whose quantum runs out uses up one quantum of its allotment and goes to the tail:
 *       of its level with a fresh quantum while allotment is left, else of the level below with
 *       that level's quantum and allotment (the bottom level keeps it, refreshed).</li>
 *   <li>A task preempted before its quantum ends (a higher-level task became ready, or a boost
 *       cut the slice) stays at the head of its level and keeps the rest of its quantum.</li>
 *   <li>A task that blocks (I/O, sleep, wait) keeps the rest of its quantum and its allotment; if
 *       its quantum ran out at that same instant it is charged as above. With {@code stay} (-S) it
 *       gets its level's quantum and allotment afresh when it blocks. On waking it joins the tail of
 *       its level, or the head with {@code io_bump} (-I).</li>
 *   <li>At every multiple of {@code boost} (0 = never) every unfinished task, running, ready or
 *       blocked, goes to the top level with the top level's quantum and allotment; the queues below
 *       are appended to the top queue from the bottom level up, each in its order.</li>
 *   <li>Order within one instant: the task whose quantum ended is queued first, then the boost,
 *       then the arrivals and wake-ups of that instant in the order they happened. New and woken
 *       tasks are therefore held in an incoming list until the instant's first pick.</li>
 * </ul>
 * Task fields: {@code schedLevel} (0 = top), {@code schedKey} quantum left (ns), {@code schedKey2}
 * boost epoch seen, {@code schedKey3} allotment left (quanta), {@code schedKey4} 1 if woken,
 * {@code schedIndex} marks the incoming list.
 */
public final class MlfqScheduler implements Scheduler {
    /** {@code schedIndex} of a task in the incoming list. */
    private static final int INCOMING = 1;
    private final long[] quanta;
    private final int[] allotments;
    private final long boost;
    private final boolean stay;
    private final boolean ioBump;
    private final TaskQueue[] queues;
    private final TaskQueue incoming = new TaskQueue();
    private long epoch;
    private int size;
    /** With io_bump: per level, the first task bumped to the head at instant {@code bumpTime[level]}. */
    private final Task[] firstBumped;
    private final long[] bumpTime;

    /** Level i has quantum {@code quantum * 2^i} and allotment {@code allotment / quantum} quanta. */
    public MlfqScheduler(int levels, long quantum, long allotment, long boost) {
        this(doubling(levels, quantum), equalAllotments(levels, quantum, allotment), boost, false, false);
    }

    /**
     * @param quanta     per level, top first
     * @param allotments per level, top first, in quanta (at the bottom level, 0 or less means no limit, as in mlfq.py)
     * @param boost      boost period, 0 for never
     */
    public MlfqScheduler(long[] quanta, int[] allotments, long boost, boolean stay, boolean ioBump) {
        int levels = quanta.length;
        if (levels < 1 || levels > 16) throw new IllegalArgumentException("mlfq levels must be in [1, 16], was " + levels);
        if (allotments.length != levels) {
            throw new IllegalArgumentException("mlfq allotments: " + allotments.length + " given for " + levels + " levels");
        }
        for (long q : quanta) if (q <= 0) throw new IllegalArgumentException("mlfq quanta must be > 0");
        for (int i = 0; i < levels - 1; i++) {
            if (allotments[i] <= 0) throw new IllegalArgumentException("mlfq allotments above the bottom level must be whole numbers of quanta >= 1");
        }
        if (boost < 0) throw new IllegalArgumentException("mlfq boost must be >= 0 (0 = never)");
        this.quanta = quanta.clone();
        this.allotments = allotments.clone();
        this.boost = boost;
        this.stay = stay;
        this.ioBump = ioBump;
        queues = new TaskQueue[levels];
        for (int i = 0; i < levels; i++) queues[i] = new TaskQueue();
        firstBumped = new Task[levels];
        bumpTime = new long[levels];
        java.util.Arrays.fill(bumpTime, -1);
    }

    static long[] doubling(int levels, long quantum) {
        if (levels < 1 || levels > 16) throw new IllegalArgumentException("mlfq levels must be in [1, 16], was " + levels);
        if (quantum <= 0) throw new IllegalArgumentException("mlfq quantum must be > 0");
        long[] q = new long[levels];
        for (int i = 0; i < levels; i++) q[i] = quantum << i;
        return q;
    }

    static int[] equalAllotments(int levels, long quantum, long allotment) {
        if (quantum <= 0 || allotment <= 0 || allotment % quantum != 0 || allotment / quantum > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("mlfq allotment must be a whole number of quanta (allotment "
                    + SimTime.format(allotment) + ", quantum " + SimTime.format(quantum) + ")");
        }
        int[] a = new int[Math.max(levels, 1)];
        java.util.Arrays.fill(a, (int) (allotment / quantum));
        return a;
    }

    @Override
    public String name() {
        return "mlfq";
    }

    private void top(Task t) {
        t.schedLevel = 0;
        t.schedKey = quanta[0];
        t.schedKey3 = allotments[0];
        t.schedKey2 = epoch;
    }

    /** One quantum used up: the next quantum at this level, or the level below. */
    private void quantumUsed(Task t) {
        if (--t.schedKey3 == 0 && t.schedLevel < quanta.length - 1) t.schedLevel++;
        if (t.schedKey3 == 0) t.schedKey3 = allotments[t.schedLevel];
        t.schedKey = quanta[t.schedLevel];
    }

    /** The boosts due by {@code now}, then the tasks that became ready at this instant. */
    private void settle(long now) {
        if (incoming.isEmpty() && (boost == 0 || now / boost == epoch)) return;
        if (boost > 0 && now / boost > epoch) {
            epoch = now / boost;
            TaskQueue topQ = queues[0];
            for (int l = queues.length - 1; l >= 1; l--) {
                Task t;
                while ((t = queues[l].poll()) != null) topQ.addLast(t);
            }
            for (Task t = topQ.peek(); t != null; t = t.rqNext) top(t);
        }
        Task t;
        while ((t = incoming.poll()) != null) {
            t.schedIndex = -1;
            if (t.schedKey2 < epoch) top(t); // boosted while blocked
            if (ioBump && t.schedKey4 == 1) {
                if (bumpTime[t.schedLevel] != now) {
                    bumpTime[t.schedLevel] = now;
                    firstBumped[t.schedLevel] = t;
                }
                queues[t.schedLevel].addFirst(t);
            } else {
                queues[t.schedLevel].addLast(t);
            }
        }
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        size++;
        switch (reason) {
            case NEW -> {
                top(t);
                t.schedKey2 = boost > 0 ? now / boost : 0;
                t.schedKey4 = 0;
                t.schedIndex = INCOMING;
                incoming.addLast(t);
            }
            case WAKEUP -> {
                t.schedKey4 = 1;
                t.schedIndex = INCOMING;
                incoming.addLast(t);
            }
            case PREEMPTED -> {
                if (t.schedKey2 < epoch) { // it ran across a boost it has not seen (not if slices end at boosts)
                    top(t);
                    queues[0].addLast(t);
                } else if (t.schedKey <= 0) {
                    quantumUsed(t);
                    queues[t.schedLevel].addLast(t);
                } else {
                    // back to the head, but behind tasks bumped in front of it at this instant (io_bump)
                    Task anchor = firstBumped[t.schedLevel];
                    if (bumpTime[t.schedLevel] == now && anchor != null && anchor.schedLevel == t.schedLevel
                            && anchor.state() == dev.procsim.kernel.TaskState.READY && anchor.schedIndex != INCOMING) {
                        queues[t.schedLevel].addAfter(anchor, t);
                    } else {
                        queues[t.schedLevel].addFirst(t);
                    }
                }
            }
            case YIELDED -> queues[t.schedLevel].addLast(t); // keeps what is left of its quantum: yielding games nothing
        }
    }

    @Override
    public void putPrev(Task t, boolean stillRunnable, long now) {
        if (stillRunnable) return;
        boolean expired = t.schedKey <= 0;
        if (stay) {
            t.schedKey = quanta[t.schedLevel];
            t.schedKey3 = allotments[t.schedLevel];
        }
        if (expired) quantumUsed(t);
    }

    @Override
    public void dequeue(Task t, long now) {
        if (t.schedIndex == INCOMING) incoming.remove(t);
        else queues[t.schedLevel].remove(t);
        t.schedIndex = -1;
        size--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        settle(now);
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
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        settle(now);
        for (TaskQueue q : queues) { // the highest level holding a task the CPU may run, first in its order
            Task t = q.poll(allowed);
            if (t != null) {
                size--;
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    @Override
    public int readyCount() {
        return size;
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        long slice = Math.max(1, t.schedKey);
        if (boost > 0) slice = Math.min(slice, (now / boost + 1) * boost - now); // the boost takes effect at once
        return slice;
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey -= ranNs;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        settle(now);
        if (woken.schedLevel < running.schedLevel) return true;
        // io_bump puts a woken task at the head of its level, in front of the running one
        return ioBump && woken.schedKey4 == 1 && woken.schedLevel == running.schedLevel;
    }
}

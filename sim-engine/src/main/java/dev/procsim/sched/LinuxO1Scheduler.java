package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * The Linux 2.6 O(1) scheduler (kernel/sched.c, 2.6.0 to 2.6.22), preset {@code linux-o1} of
 * {@code time-sharing}.
 *
 * <ul>
 *   <li>static_prio = 120 + nice; timeslice = max(x * (140 - static_prio) / 20, 5 ms), x = 400 ms
 *       below 120 and 100 ms otherwise (800 / 100 / 5 ms at nice -20 / 0 / 19).</li>
 *   <li>sleep_avg grows by the time slept and shrinks by the time run, within [0, 1 s]; bonus =
 *       sleep_avg * 10 / 1 s; dynamic priority = static_prio - bonus + 5, within [100, 139].</li>
 *   <li>Two priority arrays, active and expired, each a list per priority. The best priority in
 *       the active array runs. A task whose timeslice runs out gets a new one and goes to the
 *       expired array, unless it is interactive (dynamic priority at most static_prio -
 *       (nice / 4 + 2), TASK_INTERACTIVE) and the expired array is not starving (the oldest
 *       expiry is less than 1 s x runnable tasks ago, and the running task is not worse than the
 *       best expired one), in which case it goes back to the active array. When the active array
 *       empties, the arrays swap.</li>
 *   <li>A woken task with a strictly better dynamic priority preempts. A forked child takes half
 *       of its parent's remaining timeslice (sched_fork). {@code yield} moves a task to the expired
 *       array.</li>
 * </ul>
 * Task fields: {@code schedLevel} (dynamic priority - 100), {@code schedIndex} (0 active, 1
 * expired), {@code schedKey2} (timeslice left), {@code schedKey3} (sleep_avg), {@code schedKey4}
 * (blocked time already credited).
 */
public final class LinuxO1Scheduler implements Scheduler {
    static final long MAX_SLEEP_AVG = SimTime.S;
    static final long MIN_TIMESLICE = 5 * SimTime.MS;
    static final long DEF_TIMESLICE = 100 * SimTime.MS;

    private TaskQueue[] active = queues();
    private TaskQueue[] expired = queues();
    private long activeBits;
    private long expiredBits;
    private int size;
    private long expiredTimestamp = -1;
    private int runnable;

    private static TaskQueue[] queues() {
        TaskQueue[] q = new TaskQueue[40];
        for (int i = 0; i < 40; i++) q[i] = new TaskQueue();
        return q;
    }

    @Override
    public String name() {
        return "time-sharing";
    }

    static int staticPrio(Task t) {
        return 120 + t.nice();
    }

    /** task_timeslice. */
    static long timeslice(int staticPrio) {
        long x = staticPrio < 120 ? 4 * DEF_TIMESLICE : DEF_TIMESLICE;
        return Math.max(x * (140 - staticPrio) / 20, MIN_TIMESLICE);
    }

    /** effective_prio: static - bonus + 5 within [100, 139], bonus = sleep_avg * 10 / MAX_SLEEP_AVG. */
    static int dynamicPrio(int staticPrio, long sleepAvg) {
        int bonus = (int) (sleepAvg * 10 / MAX_SLEEP_AVG);
        return Math.max(100, Math.min(139, staticPrio - bonus + 5));
    }

    static boolean interactive(Task t) {
        int sp = staticPrio(t);
        return dynamicPrio(sp, t.schedKey3) <= sp - (t.nice() / 4 + 2);
    }

    private boolean expiredStarving(Task current, long now) {
        if (expiredTimestamp >= 0 && now - expiredTimestamp >= MAX_SLEEP_AVG * Math.max(1, runnable)) return true;
        int bestExpired = expiredBits == 0 ? Integer.MAX_VALUE : Long.numberOfTrailingZeros(expiredBits) + 100;
        return staticPrio(current) > bestExpired;
    }

    private void insert(Task t, boolean intoExpired, boolean atHead) {
        int level = dynamicPrio(staticPrio(t), t.schedKey3) - 100;
        t.schedLevel = level;
        t.schedIndex = intoExpired ? 1 : 0;
        TaskQueue q = (intoExpired ? expired : active)[level];
        if (atHead) q.addFirst(t);
        else q.addLast(t);
        if (intoExpired) expiredBits |= 1L << level;
        else activeBits |= 1L << level;
        size++;
    }

    @Override
    public void fork(Task parent, Task child, long now) {
        long half = (parent.schedKey2 + 1) >> 1;
        child.schedKey2 = half;
        parent.schedKey2 -= half;
        child.schedKey3 = parent.schedKey3;
        child.schedKey4 = 0;
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        switch (reason) {
            case NEW -> {
                runnable++;
                if (t.schedKey2 <= 0) t.schedKey2 = timeslice(staticPrio(t));
                t.schedKey4 = t.blockedTime();
                insert(t, false, false);
            }
            case WAKEUP -> {
                runnable++;
                long slept = t.blockedTime() - t.schedKey4;
                t.schedKey4 = t.blockedTime();
                t.schedKey3 = Math.min(MAX_SLEEP_AVG, t.schedKey3 + slept);
                if (t.schedKey2 <= 0) t.schedKey2 = timeslice(staticPrio(t));
                insert(t, false, false);
            }
            case YIELDED -> insert(t, true, false);
            case PREEMPTED -> {
                if (t.schedKey2 > 0) {
                    insert(t, false, true); // preempted by a better task: back at the head of its list
                } else {
                    t.schedKey2 = timeslice(staticPrio(t));
                    if (interactive(t) && !expiredStarving(t, now)) {
                        insert(t, false, false);
                    } else {
                        if (expiredTimestamp < 0) expiredTimestamp = now;
                        insert(t, true, false);
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void dequeue(Task t, long now) {
        TaskQueue[] arr = t.schedIndex == 1 ? expired : active;
        arr[t.schedLevel].remove(t);
        if (arr[t.schedLevel].isEmpty()) {
            if (t.schedIndex == 1) expiredBits &= ~(1L << t.schedLevel);
            else activeBits &= ~(1L << t.schedLevel);
        }
        size--;
        runnable--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        if (activeBits == 0) {
            if (expiredBits == 0) return null;
            TaskQueue[] tq = active;
            active = expired;
            expired = tq;
            activeBits = expiredBits;
            expiredBits = 0;
            expiredTimestamp = -1;
            for (TaskQueue q : active) for (Task t = q.peek(); t != null; t = t.rqNext) t.schedIndex = 0;
        }
        int level = Long.numberOfTrailingZeros(activeBits);
        Task t = active[level].poll();
        if (active[level].isEmpty()) activeBits &= ~(1L << level);
        size--;
        return t;
    }

    @Override
    public void putPrev(Task t, boolean stillRunnable, long now) {
        if (!stillRunnable) runnable--;
    }

    @Override
    public int readyCount() {
        return size;
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        if (t.schedKey2 <= 0) t.schedKey2 = timeslice(staticPrio(t));
        return t.schedKey2;
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey2 -= ranNs;
        t.schedKey3 = Math.max(0, t.schedKey3 - ranNs);
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return dynamicPrio(staticPrio(woken), woken.schedKey3) < dynamicPrio(staticPrio(running), running.schedKey3);
    }
}

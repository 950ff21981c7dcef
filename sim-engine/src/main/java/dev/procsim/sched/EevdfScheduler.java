package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Linux's fair scheduler since 6.6: EEVDF, earliest eligible virtual deadline first
 * (kernel/sched/fair.c as of 6.6, with the per-task request size and PREEMPT_SHORT of 6.12;
 * DELAY_DEQUEUE, also 6.12, is not modelled: a blocking task leaves at once with its lag).
 *
 * <ul>
 *   <li>Each runnable task has a virtual runtime v (real run time times {@code 1024 / weight},
 *       weights by nice from {@code sched_prio_to_weight}) and a virtual deadline
 *       {@code d = v + r * 1024 / weight}, r its request: {@code base_slice} (0.75 ms, scaled by
 *       {@code 1 + log2(CPUs)} with at most 8 CPUs counted, as Linux's tunable scaling), or the
 *       task's own {@code slice} (sched_setattr, 0.1 to 100 ms, not scaled).</li>
 *   <li>V, the load-weighted average of v over the runnable tasks (queued and running), decides
 *       eligibility: a task is eligible when its lag {@code w (V - v)} is not negative. The pick
 *       is the eligible queued task with the earliest deadline; when none is eligible (with one
 *       queue over N CPUs every eligible task may be running) an idle CPU takes the one with the
 *       least v rather than idle.</li>
 *   <li>A running task keeps its CPU until its v reaches its deadline (its slice is the real time
 *       to that point; RUN_TO_PARITY: a wakeup does not take the CPU from a running task that is
 *       still eligible); then its deadline moves on by one request (update_deadline) and the
 *       pick is made again. A wakeup preempts a task that is no longer eligible if the woken task
 *       is then the pick; and (PREEMPT_SHORT, 6.12) a woken eligible task with a shorter request
 *       than the running one preempts it when its deadline is earlier and it is the pick.</li>
 *   <li>Placement: a new task at V, with half a request to its first deadline
 *       (PLACE_DEADLINE_INITIAL); a task that blocks keeps its lag {@code V - v}, clamped to the
 *       virtual time of {@code max(2 r, 4 ms)}, and is placed on waking at {@code V - lag'} with
 *       {@code lag' = lag (W + w) / W} (W the runnable load), so that its lag after joining is the
 *       lag it left with (PLACE_LAG). V is that of the instant the task is queued (new or woken):
 *       the running tasks are charged up to then first (enqueue_entity calls update_curr before
 *       place_entity). A yield moves its deadline one request on.</li>
 * </ul>
 * Ties: equal deadlines go to the task queued first. Task fields: {@code schedKey} (v, ns),
 * {@code schedKey2} (virtual deadline), {@code schedKey3} (lag kept while blocked).
 */
public final class EevdfScheduler implements Scheduler {
    static final int NICE_0_LOAD = 1024;
    /** TICK_NSEC at HZ = 250: the floor of the lag limit. */
    static final long TICK = 4_000_000;

    private final long baseSliceUnscaled;
    private long baseSlice;
    private final EligibilityTree queue = new EligibilityTree();
    private final RunningTasks running = new RunningTasks();
    /** The runnable tasks (queued and running): total weight, and sum of weight * (v - zero). */
    private long load, weightedV;
    /** Reference point of the weighted sum (min_vruntime: never decreases). */
    private long zero;
    private final EligibilityTree.Eligibility eligible = this::eligible;

    public EevdfScheduler(long baseSlice) {
        if (baseSlice <= 0) throw new IllegalArgumentException("base_slice must be > 0");
        this.baseSliceUnscaled = baseSlice;
        init(1);
    }

    @Override
    public String name() {
        return "eevdf";
    }

    @Override
    public void init(int cpus) {
        int factor = 1 + (31 - Integer.numberOfLeadingZeros(Math.min(cpus, 8)));
        baseSlice = baseSliceUnscaled * factor;
        running.init(cpus);
    }

    static int weight(Task t) {
        return CfsScheduler.weightOfNice(t.nice());
    }

    private long request(Task t) {
        return t.slice() > 0 ? t.slice() : baseSlice;
    }

    private static long virtual(long ns, Task t) {
        return ns * NICE_0_LOAD / weight(t);
    }

    /** avg_vruntime: V, rounded down. */
    long avgVruntime() {
        if (load == 0) return zero;
        return zero + Math.floorDiv(weightedV, load);
    }

    /** A task with virtual runtime v is eligible when V >= v, compared without dividing (entity_eligible). */
    boolean eligible(long v) {
        return weightedV >= (v - zero) * load;
    }

    /** The lag {@code V - v} of a runnable task (for tests). */
    long lag(Task t) {
        return avgVruntime() - t.schedKey;
    }

    private void join(Task t) {
        load += weight(t);
        weightedV += weight(t) * (t.schedKey - zero);
    }

    private void leave(Task t) {
        load -= weight(t);
        weightedV -= weight(t) * (t.schedKey - zero);
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        if (reason == EnqueueReason.NEW || reason == EnqueueReason.WAKEUP) {
            long lag = 0;
            if (reason == EnqueueReason.WAKEUP && load > 0) lag = t.schedKey3 * (load + weight(t)) / load;
            t.schedKey = avgVruntime() - lag;
            long vslice = virtual(request(t), t);
            t.schedKey2 = t.schedKey + (reason == EnqueueReason.NEW ? vslice / 2 : vslice);
            join(t);
        } else if (reason == EnqueueReason.YIELDED) {
            t.schedKey2 += virtual(request(t), t); // yield_task_fair: the deadline moves one request on
        }
        queue.add(t);
        updateZero();
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
        keepLag(t);
        leave(t);
        updateZero();
    }

    @Override
    public Task pickNext(int cpu, long now) {
        Task t = queue.pick(eligible);
        return taken(t != null ? t : queue.leftmost(), cpu);
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        return taken(queue.pick(eligible, allowed), cpu);
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    private Task taken(Task t, int cpu) {
        if (t == null) return null;
        queue.remove(t);
        running.set(cpu, t);
        return t;
    }

    @Override
    public void putPrev(Task t, boolean stillRunnable, long now) {
        running.clear(t);
        if (!stillRunnable) {
            keepLag(t);
            leave(t);
            updateZero();
        }
    }

    /** update_entity_lag: the lag a blocking task takes with it, within the limit. */
    private void keepLag(Task t) {
        long limit = virtual(Math.max(2 * request(t), TICK), t);
        t.schedKey3 = Math.max(-limit, Math.min(limit, avgVruntime() - t.schedKey));
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    /** Until the task's v reaches its deadline: the real time it takes, rounded up. */
    @Override
    public long timeSlice(Task t, int cpu, long now) {
        long left = t.schedKey2 - t.schedKey;
        if (left <= 0) return 1;
        long w = weight(t);
        return Math.max(1, (left * w + NICE_0_LOAD - 1) / NICE_0_LOAD);
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        long dv = virtual(ranNs, t);
        t.schedKey += dv;
        running.keyChanged(t);
        weightedV += weight(t) * dv;
        // update_deadline: a request used up (within the rounding of one real nanosecond) gets the next
        if (t.schedKey2 - t.schedKey <= (NICE_0_LOAD + weight(t) - 1) / weight(t)) {
            t.schedKey2 = t.schedKey + virtual(request(t), t);
        }
        updateZero();
    }

    /** enqueue_entity calls update_curr before placing the task: V includes the running tasks' time until now. */
    @Override
    public boolean chargeRunningBeforeEnqueue() {
        return true;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task current, long now) {
        boolean currentEligible = eligible(current.schedKey);
        // PREEMPT_SHORT (6.12): an eligible woken task with a shorter request than the running
        // one takes the CPU if its deadline is earlier, or the running task is no longer eligible
        boolean shorter = request(woken) < request(current) && eligible(woken.schedKey)
                && (woken.schedKey2 < current.schedKey2 || !currentEligible);
        if (currentEligible && !shorter) return false; // RUN_TO_PARITY: an eligible task finishes its request
        return queue.pick(eligible) == woken;
    }

    @Override
    public void fork(Task parent, Task child, long now) {
        child.schedKey3 = 0; // a new task starts with no lag
    }

    /** min_vruntime: follows the least v among running and queued tasks, never backwards; the weighted sum moves with it. */
    private void updateZero() {
        long m = Long.MAX_VALUE;
        m = Math.min(m, running.minKey());
        Task l = queue.leftmost();
        if (l != null) m = Math.min(m, l.schedKey);
        if (m != Long.MAX_VALUE && m > zero) {
            weightedV -= load * (m - zero);
            zero = m;
        }
    }
}

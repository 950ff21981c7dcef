package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;

/**
 * Linux's completely fair scheduler (kernel/sched/fair.c before EEVDF, as in 2.6.23 to 6.5): the
 * ready task with the least virtual runtime runs; virtual runtime grows by real run time times
 * {@code 1024 / weight}, with weights by nice from the kernel's {@code sched_prio_to_weight}.
 *
 * <ul>
 *   <li>Slice: the period ({@code latency}, or {@code nr_running * min_granularity} when more than
 *       {@code latency / min_granularity} tasks run) shared by weight among the runnable tasks
 *       (ready and running).</li>
 *   <li>Tunables scaled by {@code 1 + log2(CPUs)} with the CPU count capped at 8, as Linux's
 *       default SCHED_TUNABLESCALING_LOG does.</li>
 *   <li>A new task starts at {@code max(parent's vruntime, min_vruntime + its virtual slice)}
 *       (START_DEBIT); a woken task at no less than {@code min_vruntime - latency / 2}
 *       (GENTLE_FAIR_SLEEPERS). min_vruntime is that of the instant the task is queued: the running
 *       tasks are charged up to then first (enqueue_entity calls update_curr before
 *       place_entity).</li>
 *   <li>A woken task preempts when the running task's vruntime exceeds its own by more than the
 *       wakeup granularity converted to the woken task's virtual time.</li>
 *   <li>One global queue (procsim's default for N CPUs); {@code min_vruntime} never decreases.</li>
 * </ul>
 * Ties: earlier entry into the ready queue, then lower PID. Task fields: {@code schedKey}
 * (vruntime in ns).
 */
public final class CfsScheduler implements Scheduler {
    static final int NICE_0_LOAD = 1024;

    private final long baseLatency;
    private final long baseMinGranularity;
    private final long baseWakeupGranularity;
    private long latency;
    private long minGranularity;
    private long wakeupGranularity;
    private final TaskHeap queue = new TaskHeap();
    private final RunningTasks running = new RunningTasks();
    private long minVruntime;
    private long totalWeight; // ready and running tasks
    private int runnable;

    public CfsScheduler(long latency, long minGranularity, long wakeupGranularity) {
        if (latency <= 0 || minGranularity <= 0 || wakeupGranularity < 0) throw new IllegalArgumentException("cfs tunables must be > 0");
        this.baseLatency = latency;
        this.baseMinGranularity = minGranularity;
        this.baseWakeupGranularity = wakeupGranularity;
        init(1);
    }

    @Override
    public String name() {
        return "cfs";
    }

    @Override
    public void init(int cpus) {
        int factor = 1 + (31 - Integer.numberOfLeadingZeros(Math.min(cpus, 8)));
        latency = baseLatency * factor;
        minGranularity = baseMinGranularity * factor;
        wakeupGranularity = baseWakeupGranularity * factor;
        running.init(cpus);
    }

    static int weight(Task t) {
        return dev.procsim.kernel.NiceWeight.of(t.nice());
    }

    /** Linux's load weight of a nice value (-20..19), {@code sched_prio_to_weight}. */
    public static int weightOfNice(int nice) {
        return dev.procsim.kernel.NiceWeight.of(nice);
    }

    private long period() {
        long nrLatency = latency / minGranularity;
        return runnable > nrLatency ? runnable * minGranularity : latency;
    }

    private long slice(Task t) {
        long w = weight(t);
        long total = Math.max(totalWeight, w);
        return Math.max(1, (long) ((double) period() * w / total));
    }

    private static long virtual(long ns, Task t) {
        return ns * NICE_0_LOAD / weight(t);
    }

    @Override
    public void fork(Task parent, Task child, long now) {
        child.schedKey = parent.schedKey; // placed on enqueue (NEW)
        child.schedKey2 = 1; // marks "has a parent vruntime"
    }

    @Override
    public void enqueue(Task t, EnqueueReason reason, long now) {
        if (reason == EnqueueReason.NEW || reason == EnqueueReason.WAKEUP) {
            totalWeight += weight(t);
            runnable++;
        }
        if (reason == EnqueueReason.NEW) {
            long start = minVruntime + virtual(slice(t), t);
            t.schedKey = t.schedKey2 == 1 ? Math.max(t.schedKey, start) : start;
        } else if (reason == EnqueueReason.WAKEUP) {
            t.schedKey = Math.max(t.schedKey, minVruntime - latency / 2);
        }
        queue.add(t);
        updateMinVruntime();
    }

    /** migrate_task_rq_fair: the vruntime it takes to another CPU's queue is relative to this queue's min_vruntime. */
    @Override
    public void migrateOut(Task t, boolean queued, long now) {
        if (queued) dequeue(t, now);
        t.schedKey -= minVruntime;
    }

    /** ... and absolute on the new queue: a moved task keeps its place; a woken or new one is then placed as usual. */
    @Override
    public void migrateIn(Task t, EnqueueReason reason, long now) {
        t.schedKey += minVruntime;
        if (reason != null) {
            enqueue(t, reason, now);
            return;
        }
        totalWeight += weight(t);
        runnable++;
        queue.add(t);
        updateMinVruntime();
    }

    @Override
    public void dequeue(Task t, long now) {
        queue.remove(t);
        totalWeight -= weight(t);
        runnable--;
    }

    @Override
    public Task pickNext(int cpu, long now) {
        Task t = queue.poll();
        if (t != null) running.set(cpu, t);
        return t;
    }

    @Override
    public Task pickNextAllowed(int cpu, long now, java.util.function.Predicate<Task> allowed) {
        Task t = queue.poll(allowed);
        if (t != null) running.set(cpu, t);
        return t;
    }

    @Override
    public boolean picksAllowed() {
        return true;
    }

    @Override
    public void putPrev(Task t, boolean stillRunnable, long now) {
        running.clear(t);
        if (!stillRunnable) {
            totalWeight -= weight(t);
            runnable--;
        }
        updateMinVruntime();
    }

    @Override
    public int readyCount() {
        return queue.size();
    }

    @Override
    public long timeSlice(Task t, int cpu, long now) {
        return Math.max(slice(t), minGranularity);
    }

    @Override
    public void accountRun(Task t, long ranNs, long now) {
        t.schedKey += virtual(ranNs, t);
        running.keyChanged(t);
        updateMinVruntime();
    }

    /** enqueue_entity calls update_curr before placing the task: min_vruntime includes the running tasks' time until now. */
    @Override
    public boolean chargeRunningBeforeEnqueue() {
        return true;
    }

    @Override
    public boolean wakeupPreempts(Task woken, Task running, long now) {
        return running.schedKey - woken.schedKey > virtual(wakeupGranularity, woken);
    }

    /** min_vruntime follows the smallest vruntime among running and queued tasks, never backwards. */
    private void updateMinVruntime() {
        long m = Long.MAX_VALUE;
        m = Math.min(m, running.minKey());
        m = Math.min(m, queue.peekKey());
        if (m != Long.MAX_VALUE && m > minVruntime) minVruntime = m;
    }
}

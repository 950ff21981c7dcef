package dev.procsim.kernel;

import dev.procsim.engine.SimTime;
import java.util.function.Consumer;

/**
 * The run queues: one for all CPUs ({@code kernel.run_queue: global}, the textbooks' model and
 * procsim's default for {@code cpus: N}), or one per CPU ({@code per-cpu}, as Linux keeps them),
 * each an instance of the policy of its own (its own V and tree for cfs and eevdf). The dispatch
 * loop asks this class, never a policy directly.
 *
 * <p>With per-CPU queues (Linux's {@code kernel/sched/fair.c} and {@code core.c}, simplified as
 * said):
 * <ul>
 *   <li><b>Placement</b>: {@link Placement} ({@code select_task_rq_fair}, wake-affine, fork and
 *       exec balancing).</li>
 *   <li><b>Load</b>: placement goes by the count of runnable tasks of a CPU (queued and
 *       running). Each task's runnable average ({@link RunnableAverage}) is kept up to date here
 *       (a task becomes runnable when queued new or woken, stops being so when it blocks, exits
 *       or is dequeued) for the {@link LoadBalancer}, which moves queued tasks between CPUs.</li>
 *   <li>A migration is counted when a task starts on a CPU other than the one it last ran on,
 *       by how far it moved ({@link Topology#level}), and may cost a cache refill
 *       ({@code kernel.migration_cost}), charged as the task's CPU time.</li>
 * </ul>
 * Ties everywhere: the lowest CPU number. With one queue, none of this applies and each call
 * goes straight to the policy.
 */
final class RunQueues {
    private final Scheduler[] q;
    /** The policy when there is one queue; null with per-CPU queues. */
    private final Scheduler one;
    final boolean perCpu;
    /** Per-CPU queues of a real-time policy: push and pull instead of the load balancer ({@link Scheduler#pushPull}). */
    final boolean pushPull;
    private final boolean chargeBeforeEnqueue;
    private final Topology topo;
    private final int n;
    // Per-CPU queues only.
    private final Task[] curr;
    private final int[] queued;
    private final Task[] head, tail;
    private final boolean[] newlyIdle;
    /** Each CPU's run-queue length over time and the imbalance (per-CPU queues only). */
    private final CpuLoads loads;
    /** Whether the policy has timers at all: it overrides {@link Scheduler#nextTimer} (whose default is never). */
    private final boolean timed;
    /** Loads, idle CPUs, CPUs to fill and CPUs with policy timers, for searches that read no CPU one by one (per-CPU queues only). */
    private final CpuIndex index;

    private long totalQueued;
    /** Each task's runnable average (the balancer reads it). */
    final RunnableAverage averages = new RunnableAverage();
    /** Where a task goes (per-CPU queues only). */
    private final Placement placement;

    /** One queue for several CPUs, and some task queued in it was confined to some of them: picks are filtered. */
    private boolean confined;
    /** Per-CPU queues: a task confined to some CPUs has been queued (sticky). */
    private boolean anyConfined;
    private final AllowedOn allowedOn = new AllowedOn();

    /** "May run on {@code cpu}", one object reused for every filtered pick. */
    private static final class AllowedOn implements java.util.function.Predicate<Task> {
        int cpu;

        @Override
        public boolean test(Task t) {
            return allowed(t, cpu);
        }
    }

    /** One queue for several CPUs holding (or having held) a task confined to some of them. */
    boolean confined() {
        return confined;
    }

    RunQueues(KernelContext k, Scheduler[] policies) {
        this.q = policies;
        this.n = k.cfg.cpus;
        this.perCpu = policies.length > 1 || k.cfg.runQueue == KernelConfig.RunQueue.PER_CPU;
        this.one = perCpu ? null : policies[0];
        this.pushPull = perCpu && policies[0].pushPull();
        this.timed = hasTimer(policies[0]);
        this.topo = k.cfg.topology();
        for (Scheduler s : policies) s.init(n); // per CPU too: Linux scales its tunables by the CPUs online
        chargeBeforeEnqueue = policies[0].chargeRunningBeforeEnqueue();
        if (perCpu) {
            curr = new Task[n];
            queued = new int[n];
            head = new Task[n];
            tail = new Task[n];
            newlyIdle = new boolean[n];
            loads = new CpuLoads(n, k.metrics.cpuRunnable);
            // on one CPU (KernelConfig.indexCpusAbove) a scan costs less than keeping trees and bit sets at every change
            index = n > k.cfg.indexCpusAbove ? new CpuIndex(n) : null;
            placement = new Placement(this, topo, n);
        } else {
            loads = null;
            index = null;
            placement = null;
            curr = null;
            queued = null;
            head = tail = null;
            newlyIdle = null;
        }
    }

    Topology topology() {
        return topo;
    }

    int cpuCount() {
        return n;
    }

    /** The task running on {@code cpu} (per-CPU queues), or null. */
    Task current(int cpu) {
        return curr[cpu];
    }

    /** Tasks queued on {@code cpu} (per-CPU queues). */
    int queuedOn(int cpu) {
        return queued[cpu];
    }

    /** The task queued longest on {@code cpu}, or null; the next ones by {@link #nextQueued}. */
    Task oldestQueued(int cpu) {
        return head[cpu];
    }

    static Task nextQueued(Task t) {
        return t.cpuqNext;
    }

    long totalQueued() {
        return totalQueued;
    }

    /** Whether {@code cpu}'s task left it since it last picked one (newidle balancing then runs once); clears it. */
    boolean takeNewlyIdle(int cpu) {
        if (newlyIdle == null || !newlyIdle[cpu]) return false;
        newlyIdle[cpu] = false;
        return true;
    }

    /** For exec balancing: an idle CPU nearest to {@code cpu} that {@code t} may use, if {@code cpu} has tasks queued; else -1. */
    int execTarget(Task t, int cpu) {
        return queued[cpu] == 0 ? -1 : placement.execTarget(t, cpu);
    }

    /** Whether {@code t} is in a CPU's queue (per-CPU queues): not running, not waiting to be requeued. */
    boolean isQueued(Task t) {
        return perCpu && t.rqCpu >= 0 && (t.cpuqPrev != null || head[t.rqCpu] == t);
    }

    /** CPU {@code cpu}'s policy (per-CPU queues): push and pull ask it how tasks rank. */
    Scheduler policy(int cpu) {
        return q[cpu];
    }

    /** A task the dispatch loop just queued on {@code src} (it was running there) moves to {@code dst}'s queue. */
    void moveQueued(Task t, int dst, long now) {
        migrate(t, t.rqCpu, dst, now);
    }

    boolean chargeRunningBeforeEnqueue() {
        return chargeBeforeEnqueue;
    }

    int readyCount() {
        return one != null ? one.readyCount() : (int) totalQueued;
    }

    long timeSlice(Task t, int cpu, long now) {
        return (one != null ? one : q[cpu]).timeSlice(t, cpu, now);
    }

    void accountRun(Task t, long ran, long now) {
        if (one != null) {
            one.accountRun(t, ran, now);
            return;
        }
        q[t.cpu].accountRun(t, ran, now);
        noteTimer(t.cpu); // a budget ran out: a replenishment timer
    }

    boolean wakeupPreempts(Task woken, Task running, long now) {
        return (one != null ? one : q[woken.rqCpu]).wakeupPreempts(woken, running, now);
    }

    /** The task forked {@code child}: its scheduling state is made by the policy of the parent's CPU (task_fork). */
    void fork(Task parent, Task child, long now) {
        if (one != null) {
            one.fork(parent, child, now);
            return;
        }
        q[parent.cpu].fork(parent, child, now);
        child.rqCpu = parent.cpu;
        noteTimer(parent.cpu);
    }

    /** The CPU whose queue {@code t} joins for {@code reason} (0 with one queue): {@link Placement}. */
    int place(Task t, Scheduler.EnqueueReason reason) {
        return one != null ? 0 : placement.place(t, reason);
    }

    /** The CPU a task woken by the running task {@code waker} joins (0 with one queue): {@link Placement#placeWoken}. */
    int placeWoken(Task t, Task waker, boolean sync, long now) {
        return one != null ? 0 : placement.placeWoken(t, waker, sync, now);
    }

    /** The most loaded CPU's runnable tasks minus the least loaded's (per-CPU queues): {@link CpuLoads}, O(1). */
    int imbalance() {
        return loads.imbalance();
    }

    /** The run-queue length integrals brought up to {@code now} (the end of a run). */
    void closeRunnable(long now) {
        if (loads != null) loads.close(now);
    }

    private void changed(int c, long now) {
        int l = load(c);
        loads.changed(c, l, now);
        if (index != null) {
            index.load(c, l, queued[c]);
            noteTimer(c);
        }
    }

    /** The lowest CPU of {@code [from, to)} with no task, running or queued ({@link #idle}), or -1. */
    int nextIdle(int from, int to) {
        if (index != null) return index.nextIdle(from, to);
        for (int c = from; c < to; c++) if (idle(c)) return c;
        return -1;
    }

    /** The least loaded CPU of {@code [from, to)}, as {@code load << 32 | cpu} (lowest number on ties). */
    long leastLoaded(int from, int to) {
        if (index != null) return index.leastLoaded(from, to);
        long m = Long.MAX_VALUE;
        for (int c = from; c < to; c++) m = Math.min(m, LoadTree.least(c, load(c)));
        return m;
    }

    /** The most loaded CPU of {@code [from, to)} with a task queued (lowest number on ties), or -1. */
    private int busiest(int from, int to) {
        if (index != null) return index.busiest(from, to);
        long m = Long.MAX_VALUE;
        for (int c = from; c < to; c++) if (queued[c] > 0) m = Math.min(m, LoadTree.most(c, load(c)));
        return m == Long.MAX_VALUE ? -1 : (int) m;
    }

    /** The most loaded CPU of {@code [from, to)} other than {@code except}, with a task queued (lowest number on ties), or -1. */
    int busiestQueued(int from, int to, int except) {
        int a = except > from ? busiest(from, Math.min(except, to)) : -1;
        int b = except + 1 < to ? busiest(Math.max(from, except + 1), to) : -1;
        if (a < 0) return b;
        if (b < 0) return a;
        return load(b) > load(a) ? b : a; // a is the lower number: it wins a tie
    }

    /** Whether a task confined to some CPUs was ever queued here (per-CPU queues): searches that assume any task may run anywhere are then off. */
    boolean anyConfined() {
        return anyConfined;
    }

    private void noteTimer(int c) {
        if (timed && index != null && q[c].nextTimer() != SimTime.NEVER) index.markTimer(c);
    }

    /** Whether {@code s}'s class (or a superclass) overrides nextTimer: without it, the policy never has a timer. */
    private static boolean hasTimer(Scheduler s) {
        try {
            return s.getClass().getMethod("nextTimer").getDeclaringClass() != Scheduler.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e); // an interface method: always there
        }
    }

    /**
     * The next idle CPU numbered {@code from} or more that a fill should visit, or -1: with one
     * queue, any idle CPU while a task is ready; with push/pull, any idle CPU (it may pull); else an
     * idle CPU with a task queued or newly idle. Read live, as the fill changes them.
     */
    int nextToFill(IdleCpus idle, int from) {
        if (one != null) return one.readyCount() > 0 ? idle.next(from) : -1;
        if (pushPull || index == null) return idle.next(from);
        return index.nextToFill(idle, from);
    }

    /** The fill visited idle CPU {@code c}: it leaves the set until a task is queued there or it is newly idle again. */
    void filled(int c) {
        if (index != null && queued[c] == 0 && !newlyIdle[c]) index.unmarkToFill(c);
    }

    void enqueue(Task t, Scheduler.EnqueueReason reason, int cpu, long now) {
        if (one != null) {
            // from the first confined task on, each CPU takes from the shared queue only what it may run
            if (!confined && n > 1 && (t.allowed() != null || t.cgroup != null && t.cgroup.cpus != null)) confined = true;
            one.enqueue(t, reason, now);
            return;
        }
        if (!anyConfined && !anyCpu(t)) anyConfined = true;
        if (t.rqCpu >= 0 && t.rqCpu != cpu) {
            q[t.rqCpu].migrateOut(t, false, now);
            q[cpu].migrateIn(t, reason, now);
        } else {
            q[cpu].enqueue(t, reason, now);
        }
        t.rqCpu = cpu;
        link(t, cpu);
        changed(cpu, now);
        if (reason == Scheduler.EnqueueReason.NEW) {
            averages.start(t, now);
            placement.newTask(t); // a slot used before: none of its wake-affine history
        }
        else if (reason == Scheduler.EnqueueReason.WAKEUP) averages.set(t, true, now);
    }

    void dequeue(Task t, long now) {
        if (one != null) {
            one.dequeue(t, now);
            return;
        }
        int c = t.rqCpu;
        q[c].dequeue(t, now);
        unlink(t, c);
        changed(c, now);
        averages.set(t, false, now);
    }

    Task pickNext(int cpu, long now) {
        if (one != null) {
            if (!confined) return one.pickNext(cpu, now);
            allowedOn.cpu = cpu;
            return one.pickNextAllowed(cpu, now, allowedOn);
        }
        Task t = q[cpu].pickNext(cpu, now);
        if (t != null) {
            newlyIdle[cpu] = false;
            unlink(t, cpu);
            curr[cpu] = t;
            changed(cpu, now); // no change in count: from the queue to the CPU
        }
        return t;
    }

    void putPrev(Task t, boolean stillRunnable, long now) {
        if (one != null) {
            one.putPrev(t, stillRunnable, now);
            return;
        }
        int c = t.cpu;
        q[c].putPrev(t, stillRunnable, now);
        curr[c] = null;
        changed(c, now);
        if (!stillRunnable) averages.set(t, false, now);
        newlyIdle[c] = true; // if nothing is queued when it next picks, it pulls first
        if (index != null) index.markToFill(c);
    }

    long nextTimer() {
        if (one != null) return one.nextTimer();
        if (!timed) return SimTime.NEVER;
        long m = SimTime.NEVER;
        if (index == null) {
            for (Scheduler s : q) m = Math.min(m, s.nextTimer());
            return m;
        }
        for (int c = index.nextTimer(0); c >= 0; c = index.nextTimer(c + 1)) {
            long at = q[c].nextTimer();
            if (at == SimTime.NEVER) index.unmarkTimer(c);
            else m = Math.min(m, at);
        }
        return m;
    }

    void timer(long now, Consumer<Task> ready) {
        if (one != null) {
            one.timer(now, ready);
            return;
        }
        if (!timed) return;
        if (index == null) {
            for (Scheduler s : q) if (s.nextTimer() <= now) s.timer(now, ready);
            return;
        }
        for (int c = index.nextTimer(0); c >= 0; c = index.nextTimer(c + 1)) {
            if (q[c].nextTimer() <= now) q[c].timer(now, ready);
            noteTimer(c);
        }
    }


    // ---- what placement and the balancer read ----

    /** Whether {@code t} may run on every CPU: no affinity of its own, no cpuset. */
    static boolean anyCpu(Task t) {
        return t.allowed() == null && (t.cgroup == null || t.cgroup.cpus == null);
    }

    /** Whether {@code t} may run on {@code cpu}: its own affinity, within its cgroup's cpuset. */
    static boolean allowed(Task t, int cpu) {
        CpuSet a = t.allowed();
        if (a != null && !a.contains(cpu)) return false;
        Cgroup g = t.cgroup;
        return g == null || g.cpus == null || g.cpus.contains(cpu);
    }

    /** Runnable tasks on {@code cpu}, running and queued. */
    int load(int cpu) {
        return (curr[cpu] != null ? 1 : 0) + queued[cpu];
    }

    boolean idle(int cpu) {
        return curr[cpu] == null && queued[cpu] == 0;
    }

    /** Moves queued task {@code t} from {@code src}'s queue to {@code dst}'s (the balancer, active balancing). */
    void migrate(Task t, int src, int dst, long now) {
        q[src].migrateOut(t, true, now);
        unlink(t, src);
        changed(src, now);
        q[dst].migrateIn(t, null, now);
        t.rqCpu = dst;
        link(t, dst);
        changed(dst, now);
    }

    // ---- each CPU's queued tasks, oldest first ----

    private void link(Task t, int cpu) {
        t.cpuqNext = null;
        t.cpuqPrev = tail[cpu];
        if (tail[cpu] != null) tail[cpu].cpuqNext = t;
        else head[cpu] = t;
        tail[cpu] = t;
        queued[cpu]++;
        totalQueued++;
        if (index != null) index.markToFill(cpu);
    }

    private void unlink(Task t, int cpu) {
        if (t.cpuqPrev != null) t.cpuqPrev.cpuqNext = t.cpuqNext;
        else head[cpu] = t.cpuqNext;
        if (t.cpuqNext != null) t.cpuqNext.cpuqPrev = t.cpuqPrev;
        else tail[cpu] = t.cpuqPrev;
        t.cpuqNext = t.cpuqPrev = null;
        queued[cpu]--;
        totalQueued--;
    }
}

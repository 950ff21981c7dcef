package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_BALANCE;

import dev.procsim.engine.EventHandler;
import dev.procsim.engine.SimTime;
import dev.procsim.engine.Simulation;
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
 *   <li><b>Placement</b> ({@code select_task_rq_fair}). A preempted or yielding task stays on its
 *       CPU. A woken task goes to its previous CPU if that is idle; else to an idle core (every SMT
 *       thread idle) of that CPU's LLC, else an idle CPU of the LLC, scanning from the CPU after
 *       it (select_idle_sibling); else back to its previous CPU. Wake-affine (pulling the wakee
 *       to the waker's CPU) is not modelled: the kernel does not know the waker here. A new task
 *       (fork, clone, arrival: SD_BALANCE_FORK) goes to the least loaded CPU, the nearest to its
 *       parent's on ties, then the lowest number (find_idlest_cpu, flattened). A task that has
 *       just exec'd, on a CPU with others queued, moves to the nearest idle CPU (sched_exec,
 *       SD_BALANCE_EXEC). A task never goes to a CPU outside its affinity.</li>
 *   <li><b>Load</b>: which CPU is busiest, and placement, go by the count of runnable tasks
 *       (queued and running); how much to move goes by each task's runnable average, PELT's
 *       {@code load_avg} simplified: the share of recent time the task was runnable, 0 to 1024,
 *       each ~1 ms period (2^20 ns) counting half as much 32 periods later, a new task starting
 *       full; not weighted by nice.</li>
 *   <li><b>Newidle balancing</b>: a CPU whose task leaves it with nothing queued pulls one queued
 *       task from the busiest CPU of its nearest domain that has one (SMT, then LLC, node,
 *       machine), before going idle.</li>
 *   <li><b>Periodic balancing</b>, checked at each 4 ms tick (HZ = 250): each CPU balances each
 *       domain every {@code sd_weight} ms (min_interval; a CPU that is busy waits 16 times longer,
 *       busy_factor). When the domain's busiest CPU has more than {@code imbalance_pct} of this
 *       CPU's load (110% within a core, 117% above), it pulls the task queued longest there that
 *       may run here and whose runnable average, halved for each balance that moved nothing
 *       ({@code nr_balance_failed}), is at most half the difference (detach_tasks): two hogs
 *       against one move at once; one against none after one failed balance, so that three hogs
 *       on two CPUs take turns, as on Linux; a task that runs a tenth of the time does not make
 *       its CPU look overloaded. After more than 3 balances that moved nothing, the busiest CPU's
 *       running task itself moves, if it may run here and its average, so halved, fits (active
 *       balancing: a pinned task queued behind a free one no longer keeps the free one there).
 *       One pull per CPU per tick. Not modelled: the cache-hot check, balance_interval's
 *       doubling.</li>
 *   <li>A migration is counted when a task starts on a CPU other than the one it last ran on,
 *       by how far it moved ({@link Topology#level}), and may cost a cache refill
 *       ({@code kernel.migration_cost}), charged as the task's CPU time.</li>
 * </ul>
 * Ties everywhere: the lowest CPU number. With one queue, none of this applies and each call
 * goes straight to the policy.
 */
final class RunQueues {
    /** HZ = 250: the tick at which periodic balancing is checked. */
    static final long TICK = 4_000_000;
    /** sd->busy_factor: a busy CPU balances this many times less often. */
    static final int BUSY_FACTOR = 16;

    private final Simulation sim;
    private final EventHandler events;
    private final KernelMetrics metrics;
    private final Scheduler[] q;
    /** The policy when there is one queue; null with per-CPU queues. */
    private final Scheduler one;
    final boolean perCpu;
    private final boolean chargeBeforeEnqueue;
    private final Topology topo;
    private final int n;
    // Per-CPU queues only.
    private final Task[] curr;
    private final int[] queued;
    private final Task[] head, tail;
    private final boolean[] newlyIdle;
    private final int[] levels;
    private final long[][] nextBalance;
    private final int[][] failed;
    private long totalQueued;
    private boolean tickArmed;
    /** Per task slot: its decayed runnable average (0..1024), when it was last brought up to date, and whether it is runnable. */
    private long[] avg = new long[0], stamp = new long[0];
    private boolean[] runnable = new boolean[0];
    /** Tasks the periodic balancer moved: treated as woken (they may preempt on their new CPU). */
    private Consumer<Task> moved;
    /** Active balancing: the dispatch loop takes the running task off one CPU and queues it on another. */
    private ActivePush active;

    /** What active balancing asks of the dispatch loop, which owns the CPUs. */
    interface ActivePush {
        /** Takes the task running on {@code src} off it and queues it on {@code dst}. */
        void push(int src, int dst);
    }

    /** Balances that moved nothing after which the running task itself is moved (Linux: cache_nice_tries + 2, 1 + 2 for an LLC). */
    static final int ACTIVE_AFTER = 3;

    RunQueues(KernelContext k, Scheduler[] policies) {
        this.sim = k.sim;
        this.events = k.events;
        this.metrics = k.metrics;
        this.q = policies;
        this.n = k.cfg.cpus;
        this.perCpu = policies.length > 1 || k.cfg.runQueue == KernelConfig.RunQueue.PER_CPU;
        this.one = perCpu ? null : policies[0];
        this.topo = k.cfg.topology();
        for (Scheduler s : policies) s.init(n); // per CPU too: Linux scales its tunables by the CPUs online
        chargeBeforeEnqueue = policies[0].chargeRunningBeforeEnqueue();
        if (perCpu) {
            curr = new Task[n];
            queued = new int[n];
            head = new Task[n];
            tail = new Task[n];
            newlyIdle = new boolean[n];
            int[] ls = new int[4];
            int count = 0, below = 1;
            for (int level = Topology.SMT; level <= Topology.CROSS_NODE; level++) {
                int size = topo.domainSize(level);
                if (size > below) {
                    ls[count++] = level;
                    below = size;
                }
            }
            levels = java.util.Arrays.copyOf(ls, count);
            nextBalance = new long[n][count];
            failed = new int[n][count];
        } else {
            curr = null;
            queued = null;
            head = tail = null;
            newlyIdle = null;
            levels = null;
            nextBalance = null;
            failed = null;
        }
    }

    void onMoved(Consumer<Task> moved, ActivePush active) {
        this.moved = moved;
        this.active = active;
    }

    /** For exec balancing: an idle CPU nearest to {@code cpu} that {@code t} may use, if {@code cpu} has tasks queued; else -1. */
    int execTarget(Task t, int cpu) {
        if (queued[cpu] == 0) return -1;
        int best = -1, bestLevel = Integer.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (c == cpu || !idle(c) || !allowed(t, c)) continue;
            int lv = topo.level(cpu, c);
            if (lv < bestLevel) {
                best = c;
                bestLevel = lv;
            }
        }
        return best;
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
        (one != null ? one : q[t.cpu]).accountRun(t, ran, now);
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
    }

    /** The CPU whose queue {@code t} joins for {@code reason} (0 with one queue); see the class comment. */
    int place(Task t, Scheduler.EnqueueReason reason) {
        if (one != null) return 0;
        int prev = t.cpu;
        if (prev < 0) return idlest(t, t.rqCpu); // never ran: a new task (its parent's CPU, if any, breaks ties)
        if ((reason == Scheduler.EnqueueReason.PREEMPTED || reason == Scheduler.EnqueueReason.YIELDED) && allowed(t, prev)) return prev;
        return idleSibling(t, prev);
    }

    void enqueue(Task t, Scheduler.EnqueueReason reason, int cpu, long now) {
        if (one != null) {
            one.enqueue(t, reason, now);
            return;
        }
        if (t.rqCpu >= 0 && t.rqCpu != cpu) {
            q[t.rqCpu].migrateOut(t, false, now);
            q[cpu].migrateIn(t, reason, now);
        } else {
            q[cpu].enqueue(t, reason, now);
        }
        t.rqCpu = cpu;
        link(t, cpu);
        if (reason == Scheduler.EnqueueReason.NEW) startAverage(t, now);
        else if (reason == Scheduler.EnqueueReason.WAKEUP) setRunnable(t, true, now);
        if (!tickArmed && n > 1) armTick(now);
    }

    void dequeue(Task t, long now) {
        if (one != null) {
            one.dequeue(t, now);
            return;
        }
        q[t.rqCpu].dequeue(t, now);
        unlink(t, t.rqCpu);
        setRunnable(t, false, now);
    }

    Task pickNext(int cpu, long now) {
        if (one != null) return one.pickNext(cpu, now);
        Task t = q[cpu].pickNext(cpu, now);
        if (t == null && newlyIdle[cpu] && pullNewlyIdle(cpu, now)) t = q[cpu].pickNext(cpu, now);
        newlyIdle[cpu] = false;
        if (t != null) {
            unlink(t, cpu);
            curr[cpu] = t;
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
        if (!stillRunnable) setRunnable(t, false, now);
        newlyIdle[c] = true; // if nothing is queued when it next picks, it pulls first
    }

    long nextTimer() {
        if (one != null) return one.nextTimer();
        long m = SimTime.NEVER;
        for (Scheduler s : q) m = Math.min(m, s.nextTimer());
        return m;
    }

    void timer(long now, Consumer<Task> ready) {
        if (one != null) {
            one.timer(now, ready);
            return;
        }
        for (Scheduler s : q) if (s.nextTimer() <= now) s.timer(now, ready);
    }

    /** The most loaded CPU's runnable tasks minus the least loaded's (per-CPU queues). */
    int imbalance() {
        int max = 0, min = Integer.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            int l = load(c);
            if (l > max) max = l;
            if (l < min) min = l;
        }
        return max - min;
    }

    // ---- placement ----

    private static boolean allowed(Task t, int cpu) {
        CpuSet a = t.allowed();
        return a == null || a.contains(cpu);
    }

    private int load(int cpu) {
        return (curr[cpu] != null ? 1 : 0) + queued[cpu];
    }

    private boolean idle(int cpu) {
        return curr[cpu] == null && queued[cpu] == 0;
    }

    /** select_idle_sibling: the previous CPU if idle, an idle core of its LLC, an idle CPU of it, else the previous CPU. */
    private int idleSibling(Task t, int prev) {
        if (allowed(t, prev) && idle(prev)) return prev;
        int first = topo.domainFirst(prev, Topology.LLC), size = topo.domainSize(Topology.LLC), smt = topo.smt();
        if (smt > 1) {
            int cores = size / smt, from = (prev - first) / smt;
            for (int i = 1; i <= cores; i++) {
                int core = first + ((from + i) % cores) * smt;
                boolean allIdle = true;
                int pick = -1;
                for (int th = 0; th < smt; th++) {
                    if (!idle(core + th)) allIdle = false;
                    else if (pick < 0 && allowed(t, core + th)) pick = core + th;
                }
                if (allIdle && pick >= 0) return pick;
            }
        }
        for (int i = 1; i < size; i++) {
            int c = first + (prev - first + i) % size;
            if (idle(c) && allowed(t, c)) return c;
        }
        if (allowed(t, prev)) return prev;
        return idlest(t, prev);
    }

    /** The least loaded CPU the task may use; ties: nearest to {@code near} (if >= 0), then the lowest number. */
    private int idlest(Task t, int near) {
        int best = -1, bestLoad = Integer.MAX_VALUE, bestLevel = Integer.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (!allowed(t, c)) continue;
            int l = load(c);
            int lv = near >= 0 ? topo.level(near, c) : 0;
            if (l < bestLoad || l == bestLoad && lv < bestLevel) {
                best = c;
                bestLoad = l;
                bestLevel = lv;
            }
        }
        if (best < 0) throw new IllegalStateException("task " + t + " may run on no CPU of the " + n);
        return best;
    }

    // ---- balancing ----

    /** newidle_balance: one queued task from the busiest CPU of the nearest domain that has one. */
    private boolean pullNewlyIdle(int cpu, long now) {
        for (int level : levels) {
            int src = busiest(cpu, level, true);
            if (src >= 0) {
                migrate(oldestAllowed(src, cpu), src, cpu, now);
                metrics.newidlePulls++;
                return true;
            }
        }
        return false;
    }

    /**
     * The busiest CPU of {@code cpu}'s domain at {@code level} with a task queued, and with
     * {@code allowedQueued} one that may run on {@code cpu}; -1 if none.
     */
    private int busiest(int cpu, int level, boolean allowedQueued) {
        int first = topo.domainFirst(cpu, level), size = topo.domainSize(level);
        int best = -1, bestLoad = 0;
        for (int c = first; c < first + size; c++) {
            if (c == cpu || queued[c] == 0) continue;
            int l = load(c);
            if (l > bestLoad && (!allowedQueued || oldestAllowed(c, cpu) != null)) {
                best = c;
                bestLoad = l;
            }
        }
        return best;
    }

    /** The task queued longest on {@code src} that may run on {@code dst}, or null. */
    private Task oldestAllowed(int src, int dst) {
        for (Task t = head[src]; t != null; t = t.cpuqNext) if (allowed(t, dst)) return t;
        return null;
    }

    private void migrate(Task t, int src, int dst, long now) {
        q[src].migrateOut(t, true, now);
        unlink(t, src);
        q[dst].migrateIn(t, null, now);
        t.rqCpu = dst;
        link(t, dst);
    }

    /**
     * The next tick, before the other events of its instant: Linux's balancer, run from the tick's
     * softirq, sees the task that the same tick is about to preempt still running and counted.
     */
    private void armTick(long now) {
        tickArmed = true;
        sim.scheduleFirstAt((now / TICK + 1) * TICK, events, EV_BALANCE, 0);
    }

    /** The tick: each CPU's domains whose balance is due, nearest first, at most one pull per CPU. */
    void tick(long now) {
        tickArmed = false;
        for (int c = 0; c < n; c++) {
            boolean busy = curr[c] != null;
            for (int li = 0; li < levels.length; li++) {
                if (now < nextBalance[c][li]) continue;
                int level = levels[li];
                nextBalance[c][li] = now + topo.domainSize(level) * 1_000_000L * (busy ? BUSY_FACTOR : 1);
                if (balance(c, li, level, now)) break;
            }
        }
        if (totalQueued > 0) armTick(now);
    }

    private boolean balance(int cpu, int li, int level, long now) {
        int src = busiest(cpu, level, false);
        if (src < 0) {
            failed[cpu][li] = 0;
            return false;
        }
        long from = cpuLoad(src, now), to = cpuLoad(cpu, now);
        int pct = level == Topology.SMT ? 110 : 117;
        if (from * 100 <= to * pct) {
            failed[cpu][li] = 0;
            return false;
        }
        // detach_tasks: the least recently queued task that may run here and whose load, halved for
        // each balance that failed, does not overshoot half the difference
        long imbalance = (from - to) / 2;
        int shift = Math.min(failed[cpu][li], 62);
        Task t = null;
        for (Task c = head[src]; c != null && t == null; c = c.cpuqNext) {
            if (allowed(c, cpu) && avgAt(c, now) >> shift <= imbalance) t = c;
        }
        if (t == null) {
            // Active balancing: after enough balances that moved nothing, the running task itself
            // moves, when it may run here (the queued ones being pinned or too heavy to move).
            Task running = curr[src];
            if (++failed[cpu][li] > ACTIVE_AFTER && running != null && allowed(running, cpu)
                    && avgAt(running, now) >> Math.min(failed[cpu][li], 62) <= imbalance && active != null) {
                failed[cpu][li] = 0;
                metrics.periodicPulls++;
                active.push(src, cpu);
                return true;
            }
            return false;
        }
        failed[cpu][li] = 0;
        migrate(t, src, cpu, now);
        metrics.periodicPulls++;
        if (moved != null) moved.accept(t);
        return true;
    }

    // ---- the runnable average (kernel/sched/pelt.c, simplified) ----

    /** 2^20 ns, about Linux's 1024 us accounting period. */
    static final int PERIOD_SHIFT = 20;
    /** y^i in 32-bit fixed point, y^32 = 1/2: a 32-period (about 33 ms) half-life. StrictMath: the same bits everywhere. */
    static final long[] Y = new long[32];

    static {
        for (int i = 0; i < 32; i++) Y[i] = (long) (StrictMath.pow(0.5, i / 32.0) * 4294967296.0);
    }

    /** {@code v} decayed over {@code dt} ns, in whole periods (what is left of a period is not counted). */
    static long decay(long v, long dt) {
        long p = dt >>> PERIOD_SHIFT;
        if (p >= 32 * 64) return 0;
        return ((v >> (p / 32)) * Y[(int) (p % 32)]) >>> 32;
    }

    private void ensureSlot(int slot) {
        if (slot < avg.length) return;
        int cap = Math.max(slot + 1, avg.length * 2);
        avg = java.util.Arrays.copyOf(avg, cap);
        stamp = java.util.Arrays.copyOf(stamp, cap);
        runnable = java.util.Arrays.copyOf(runnable, cap);
    }

    /** A new task counts as fully runnable (init_entity_runnable_average), so that a burst of forks is seen at once. */
    private void startAverage(Task t, long now) {
        ensureSlot(t.slot);
        avg[t.slot] = 1024;
        stamp[t.slot] = now;
        runnable[t.slot] = true;
    }

    private void setRunnable(Task t, boolean r, long now) {
        if (t.slot < 0) return;
        ensureSlot(t.slot);
        avg[t.slot] = avgAt(t, now);
        stamp[t.slot] = now;
        runnable[t.slot] = r;
    }

    /**
     * The task's runnable average now: the share of recent time it was runnable (queued or
     * running), 0 to 1024, each ~1 ms period counting half as much 32 periods later, as PELT's
     * {@code load_avg} of a nice-0 task (not weighted by nice here).
     */
    private long avgAt(Task t, long now) {
        int s = t.slot;
        if (s < 0 || s >= avg.length) return 1024;
        long d = now - stamp[s];
        return runnable[s] ? 1024 - decay(1024 - avg[s], d) : decay(avg[s], d);
    }

    /** A CPU's load: the runnable averages of its running and queued tasks. */
    private long cpuLoad(int cpu, long now) {
        long l = curr[cpu] != null ? avgAt(curr[cpu], now) : 0;
        for (Task t = head[cpu]; t != null; t = t.cpuqNext) l += avgAt(t, now);
        return l;
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

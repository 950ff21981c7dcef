package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_BALANCE;

import dev.procsim.engine.EventHandler;
import dev.procsim.engine.Simulation;
import java.util.function.Consumer;

/**
 * Load balancing between per-CPU run queues (Linux's {@code load_balance},
 * {@code newidle_balance} and active balancing in {@code kernel/sched/fair.c}), the rules in
 * README "Many CPUs":
 * <ul>
 *   <li>Newidle: a CPU whose task left it with nothing queued pulls one queued task from the
 *       busiest CPU of its nearest domain that has one it may run, before going idle.</li>
 *   <li>Periodic, at each 4 ms tick (HZ = 250), before the other events of that instant: each CPU
 *       balances each domain every {@code sd_weight} ms after a balance that moved a task, every
 *       2 {@code sd_weight} ms after one that did not (balance_interval between min_interval and
 *       max_interval), 16 times less often when busy. When the
 *       domain's busiest CPU has more than {@code imbalance_pct} of this CPU's load (110% within a
 *       core, 117% above), it pulls the task queued longest there that may run here and whose
 *       runnable average ({@link RunnableAverage}), halved for each balance that moved nothing, is
 *       at most half the difference ({@code detach_tasks}, {@code nr_balance_failed}).</li>
 *   <li>Active: after more than {@link #ACTIVE_AFTER} balances that moved nothing, the busiest
 *       CPU's running task itself moves, when it may run here and fits.</li>
 * </ul>
 * One pull per CPU per tick; the tick runs only while a task is queued. Which CPU is busiest goes
 * by the count of runnable tasks. Not modelled: the cache-hot check.
 */
final class LoadBalancer {
    /** HZ = 250: the tick at which periodic balancing is checked. */
    static final long TICK = 4_000_000;
    /** sd->busy_factor: a busy CPU balances this many times less often. */
    static final int BUSY_FACTOR = 16;
    /** Balances that moved nothing after which the running task itself is moved (Linux: cache_nice_tries + 2, 1 + 2 for an LLC). */
    static final int ACTIVE_AFTER = 3;

    /** What active balancing asks of the dispatch loop's side, which owns the CPUs. */
    interface ActivePush {
        /** Takes the task running on {@code src} off it and queues it on {@code dst}. */
        void push(int src, int dst);
    }

    private final Simulation sim;
    private final EventHandler events;
    private final KernelMetrics metrics;
    private final RunQueues rq;
    private final RunnableAverage avg;
    private final Topology topo;
    private final int n;
    private final int[] levels;
    private final long[][] nextBalance;
    private final int[][] failed;
    private boolean tickArmed;
    /** Tasks the periodic balancer moved: treated as woken (they may preempt on their new CPU). */
    private Consumer<Task> moved;
    private ActivePush active;

    LoadBalancer(KernelContext k, RunQueues rq) {
        this.sim = k.sim;
        this.events = k.events;
        this.metrics = k.metrics;
        this.rq = rq;
        this.avg = rq.averages;
        this.topo = rq.topology();
        this.n = rq.cpuCount();
        // the domains that exist: each larger than the one below it (Linux drops the others)
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
    }

    /** Bound once when the kernel is wired: what a pull and an active balance ask of the dispatch side. */
    void onMoved(Consumer<Task> moved, ActivePush active) {
        this.moved = moved;
        this.active = active;
    }

    /** A task was queued: the tick runs while any is (per-CPU queues, more than one CPU). */
    void queued(long now) {
        if (!tickArmed && rq.perCpu && !rq.pushPull && n > 1) armTick(now); // real-time policies push and pull instead
    }

    /** newidle_balance: one queued task from the busiest CPU of the nearest domain that has one. */
    boolean pullNewlyIdle(int cpu, long now) {
        if (rq.pushPull) return false; // real-time policies pulled before the pick already (RealtimePush.pull)
        for (int level : levels) {
            int src = busiest(cpu, level, true);
            if (src >= 0) {
                rq.migrate(oldestAllowed(src, cpu), src, cpu, now);
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
        // every queued task may run anywhere: the busiest with a task queued, from the run queues' tree
        if (!rq.anyConfined()) return rq.busiestQueued(first, first + size, cpu);
        int best = -1, bestLoad = 0;
        for (int c = first; c < first + size; c++) {
            if (c == cpu || rq.queuedOn(c) == 0) continue;
            int l = rq.load(c);
            if (l > bestLoad && (!allowedQueued || oldestAllowed(c, cpu) != null)) {
                best = c;
                bestLoad = l;
            }
        }
        return best;
    }

    /** The task queued longest on {@code src} that may run on {@code dst}, or null. */
    private Task oldestAllowed(int src, int dst) {
        for (Task t = rq.oldestQueued(src); t != null; t = RunQueues.nextQueued(t)) if (RunQueues.allowed(t, dst)) return t;
        return null;
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
        if (!rq.perCpu) return;
        tickArmed = false;
        for (int c = 0; c < n; c++) {
            boolean busy = rq.current(c) != null;
            for (int li = 0; li < levels.length; li++) {
                if (now < nextBalance[c][li]) continue;
                int level = levels[li];
                boolean pulled = balance(c, li, level, now);
                // balance_interval: min_interval (sd_weight ms) after a move, doubled (max_interval) after a balance that moved nothing
                long interval = topo.domainSize(level) * 1_000_000L * (pulled ? 1 : 2);
                nextBalance[c][li] = now + interval * (busy ? BUSY_FACTOR : 1);
                if (pulled) break;
            }
        }
        if (rq.totalQueued() > 0) armTick(now);
    }

    /** sd->imbalance_pct of a domain at {@code level} (sd_init: 110 for SMT siblings, 117 above). */
    static int imbalancePct(int level) {
        return level == Topology.SMT ? 110 : 117;
    }

    private boolean balance(int cpu, int li, int level, long now) {
        int src = busiest(cpu, level, false);
        if (src < 0) {
            failed[cpu][li] = 0;
            return false;
        }
        long from = cpuLoad(src, now), to = cpuLoad(cpu, now);
        int pct = imbalancePct(level);
        if (from * 100 <= to * pct) {
            failed[cpu][li] = 0;
            return false;
        }
        // detach_tasks: the least recently queued task that may run here and whose load, halved for
        // each balance that failed, does not overshoot half the difference
        long imbalance = (from - to) / 2;
        int shift = Math.min(failed[cpu][li], 62);
        Task t = null;
        for (Task c = rq.oldestQueued(src); c != null && t == null; c = RunQueues.nextQueued(c)) {
            if (RunQueues.allowed(c, cpu) && load(c, now) >> shift <= imbalance) t = c;
        }
        if (t == null) {
            // Active balancing: after enough balances that moved nothing, the running task itself
            // moves, when it may run here (the queued ones being pinned or too heavy to move).
            Task running = rq.current(src);
            if (++failed[cpu][li] > ACTIVE_AFTER && running != null && RunQueues.allowed(running, cpu)
                    && load(running, now) >> Math.min(failed[cpu][li], 62) <= imbalance && active != null) {
                failed[cpu][li] = 0;
                metrics.periodicPulls++;
                active.push(src, cpu);
                return true;
            }
            return false;
        }
        failed[cpu][li] = 0;
        rq.migrate(t, src, cpu, now);
        metrics.periodicPulls++;
        if (moved != null) moved.accept(t);
        return true;
    }

    /** A CPU's load: the loads of its running and queued tasks. */
    private long cpuLoad(int cpu, long now) {
        long l = rq.current(cpu) != null ? load(rq.current(cpu), now) : 0;
        for (Task t = rq.oldestQueued(cpu); t != null; t = RunQueues.nextQueued(t)) l += load(t, now);
        return l;
    }

    /** A task's load: its runnable average weighted by its nice (PELT's load_avg; a nice-0 task runnable all along: 1024). */
    private long load(Task t, long now) {
        return avg.at(t, now) * NiceWeight.of(t.nice) / NiceWeight.NICE_0;
    }
}

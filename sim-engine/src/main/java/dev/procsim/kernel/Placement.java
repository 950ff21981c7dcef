package dev.procsim.kernel;

/**
 * Where a task goes with per-CPU run queues (Linux's {@code select_task_rq_fair},
 * {@code kernel/sched/fair.c}, simplified as said). A preempted or yielding task stays on its CPU.
 * A woken task goes to its previous CPU if that is idle; else to an idle core (every SMT thread
 * idle) of that CPU's LLC, else an idle CPU of the LLC, scanning from the CPU after it
 * (select_idle_sibling); else back to its previous CPU. A task woken by another (a pipe write, an
 * exit waking the parent in wait, a signal, a join, a vfork child's exec) may be drawn to the
 * waker's CPU first ({@link WakeAffine}), the search then starting there; a timer's wake-up has no
 * waker. A new task (fork, clone, arrival: SD_BALANCE_FORK) goes to the least loaded CPU, the
 * nearest to its parent's on ties, then the lowest number (find_idlest_cpu, flattened). A task
 * that has just exec'd, on a CPU with others queued, moves to the nearest idle CPU (sched_exec,
 * SD_BALANCE_EXEC). A task never goes to a CPU outside its affinity. Loads here are runnable
 * counts ({@link RunQueues#load}); ties: the lowest CPU number.
 */
final class Placement {
    private final RunQueues rq;
    private final Topology topo;
    private final int n;
    /** Wake-affine's flips per task. */
    private final WakeAffine affine;

    Placement(RunQueues rq, Topology topo, int n) {
        this.rq = rq;
        this.topo = topo;
        this.n = n;
        this.affine = new WakeAffine(topo);
    }

    /** A task new to its slot: none of the slot's wake-affine history. */
    void newTask(Task t) {
        affine.reset(t.slot);
    }

    /** The CPU whose queue {@code t} joins for {@code reason}; see the class comment. */
    int place(Task t, Scheduler.EnqueueReason reason) {
        int prev = t.cpu;
        if (prev < 0) return idlest(t, t.rqCpu); // never ran: a new task (its parent's CPU, if any, breaks ties)
        if ((reason == Scheduler.EnqueueReason.PREEMPTED || reason == Scheduler.EnqueueReason.YIELDED) && RunQueues.allowed(t, prev)) return prev;
        return idleSibling(t, prev, prev);
    }

    /**
     * The CPU a task woken by the running task {@code waker} joins ({@link #place} for the rest): wake-affine ({@link WakeAffine}) chooses between the waker's CPU and the
     * wakee's previous one, unless the wake is wide, the two are the same, the wakee may not run
     * on the waker's CPU or the policy pushes and pulls (real-time: select_task_rq_rt/dl have no
     * wake-affine); the idle-sibling search then starts from the chosen CPU.
     */
    int placeWoken(Task t, Task waker, boolean sync, long now) {
        int prev = t.cpu, w = waker.cpu;
        if (prev < 0) return idlest(t, t.rqCpu);
        if (rq.pushPull || w < 0) return idleSibling(t, prev, prev);
        affine.record(waker, t, now);
        int target = prev;
        if (w != prev && RunQueues.allowed(t, w) && !affine.wide(waker, t)) target = affine.choose(w, prev, sync, rq.load(w), rq.load(prev));
        return idleSibling(t, prev, target);
    }

    /** For exec balancing: an idle CPU nearest to {@code cpu} that {@code t} may use, or -1 (the caller asks only when {@code cpu} has tasks queued). */
    int execTarget(Task t, int cpu) {
        int best = -1, bestLevel = Integer.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (c == cpu || !rq.idle(c) || !RunQueues.allowed(t, c)) continue;
            int lv = topo.level(cpu, c);
            if (lv < bestLevel) {
                best = c;
                bestLevel = lv;
            }
        }
        return best;
    }

    /**
     * select_idle_sibling: {@code target} if idle; else {@code prev} if idle and in the same LLC;
     * else an idle core of the target's LLC, else an idle CPU of it, each scanned from the one after
     * the target; else the target (if the task may not run there, the least loaded CPU it may use).
     */
    private int idleSibling(Task t, int prev, int target) {
        if (RunQueues.allowed(t, target) && rq.idle(target)) return target;
        if (prev != target && topo.level(prev, target) <= Topology.LLC && RunQueues.allowed(t, prev) && rq.idle(prev)) return prev;
        int first = topo.domainFirst(target, Topology.LLC), size = topo.domainSize(Topology.LLC), smt = topo.smt();
        if (smt > 1) {
            int cores = size / smt, from = (target - first) / smt;
            for (int i = 1; i <= cores; i++) {
                int core = first + ((from + i) % cores) * smt;
                boolean allIdle = true;
                int pick = -1;
                for (int th = 0; th < smt; th++) {
                    if (!rq.idle(core + th)) allIdle = false;
                    else if (pick < 0 && RunQueues.allowed(t, core + th)) pick = core + th;
                }
                if (allIdle && pick >= 0) return pick;
            }
        }
        if (RunQueues.anyCpu(t)) { // any CPU: the idle bit set, a word of 64 at a time
            int c = rq.nextIdle(target + 1, first + size);
            if (c < 0) c = rq.nextIdle(first, target);
            if (c >= 0) return c;
        } else {
            for (int i = 1; i < size; i++) {
                int c = first + (target - first + i) % size;
                if (rq.idle(c) && RunQueues.allowed(t, c)) return c;
            }
        }
        if (RunQueues.allowed(t, target)) return target;
        return idlest(t, target);
    }

    /**
     * The least loaded CPU the task may use; ties: nearest to {@code near} (if >= 0), then the lowest
     * number. For a task that may use every CPU, from the load tree in O(log n): the CPUs at the
     * least load nearest to {@code near} are in the smallest of its domains (CPU, core, LLC, node,
     * machine) that holds one, and none of them in the domain below it.
     */
    private int idlest(Task t, int near) {
        if (!RunQueues.anyCpu(t)) return idlestAllowed(t, near);
        long best = rq.leastLoaded(0, n);
        if (near < 0) return (int) best;
        for (int lv = Topology.SAME_CPU; lv < Topology.CROSS_NODE; lv++) {
            int first = topo.domainFirst(near, lv);
            long m = rq.leastLoaded(first, first + topo.domainSize(lv));
            if (m >>> 32 == best >>> 32) return (int) m;
        }
        return (int) best;
    }

    /** As {@link #idlest}, for a task confined to some CPUs: a scan of them all. */
    private int idlestAllowed(Task t, int near) {
        int best = -1, bestLoad = Integer.MAX_VALUE, bestLevel = Integer.MAX_VALUE;
        for (int c = 0; c < n; c++) {
            if (!RunQueues.allowed(t, c)) continue;
            int l = rq.load(c);
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
}

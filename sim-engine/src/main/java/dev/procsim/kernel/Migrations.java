package dev.procsim.kernel;

/**
 * A task changing CPUs on the kernel's initiative, with per-CPU run queues: the balance tick,
 * active balancing (the running task pushed to another CPU, as Linux's
 * {@code active_load_balance_cpu_stop}), exec balancing ({@code sched_exec}), and whether a task
 * may be confined to a set of CPUs ({@code sched_setaffinity}). It asks the dispatch loop, which
 * owns the CPUs, to take a task off one; the run queues and the balancer decide where it goes.
 */
final class Migrations {
    private final KernelContext k;
    private final dev.procsim.engine.Simulation sim;
    private final DispatchLoop dispatch;
    private final RunQueues rq;
    private final LoadBalancer balancer;

    Migrations(KernelContext k, DispatchLoop dispatch, RunQueues rq, LoadBalancer balancer) {
        this.k = k;
        this.sim = k.sim;
        this.dispatch = dispatch;
        this.rq = rq;
        this.balancer = balancer;
        balancer.onMoved(dispatch::noteWoken, this::pushRunning);
    }

    /** EV_BALANCE: the tick at which per-CPU run queues are balanced. */
    void onBalanceTick() {
        balancer.tick(sim.now());
        dispatch.requestSettle();
    }

    /** Active balancing: the task running on {@code src} is taken off it and queued on {@code dst} (migration_cpu_stop). */
    private void pushRunning(int src, int dst) {
        Cpu c = dispatch.cpu(src);
        Task t = c.current;
        if (t == null) return;
        dispatch.preempt(c, false);
        rq.moveQueued(t, dst, sim.now());
        dispatch.noteWoken(t);
    }

    /**
     * sched_exec (SD_BALANCE_EXEC): a task that has just exec'd, on a CPU with other tasks queued,
     * moves to an idle CPU it may use, the nearest first (its cache holds little of the new
     * program). True if it left its CPU.
     */
    boolean execBalance(Cpu c, Task t) {
        if (!rq.perCpu) return false;
        int dst = rq.execTarget(t, c.id);
        if (dst < 0) return false;
        dispatch.preempt(c, false);
        rq.moveQueued(t, dst, sim.now());
        dispatch.noteWoken(t);
        return true;
    }

    /**
     * Whether task {@code t} may be confined to {@code set}: some CPU of this machine and of its
     * cgroup's cpuset is in it (else sched_setaffinity fails with EINVAL). A policy that cannot keep
     * tasks to their CPUs from one shared queue makes it a mistake in the experiment, refused.
     */
    boolean canConfine(Task t, CpuSet set) {
        int n = dispatch.cpuCount();
        if (!k.confinable) throw new IllegalStateException("CPU affinity " + KernelContext.confineRefused(k.sched));
        CpuSet cpuset = t.cgroup == null ? null : t.cgroup.cpus;
        for (int c = 0; c < n; c++) if (set.contains(c) && (cpuset == null || cpuset.contains(c))) return true;
        return false; // no CPU of the machine, within its cpuset, in it
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Phase.PHASE_FORK_COPY;
import static dev.procsim.kernel.Phase.PHASE_FORK_FAILED;
import static dev.procsim.kernel.Phase.PHASE_SPAWN_COPY;
import static dev.procsim.kernel.ThreadGroup.leaderOf;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;

/**
 * Process creation (as Linux's {@code kernel/fork.c}): fork, clone (threads) and posix_spawn with
 * their limits in Linux's order (checked by the {@link TaskTable}: RLIMIT_NPROC and threads-max
 * before copying, a PID and pids.max after), the fork strategy's copy cost, what the child
 * inherits (files, signal dispositions, its PID namespace), vfork's suspended parent, and refused
 * forks. Two phases: the copy starts ({@link #startFork}) and, when its CPU time is spent,
 * commits or fails ({@link #commitFork}, {@link #forkFailed}).
 */
final class ForkAndSpawn {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final KernelMetrics metrics;
    private final RunQueues rq;
    private final dev.procsim.engine.Simulation sim;
    private final MemoryModel mem;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final PipesAndFiles files;
    private final ExitAndWait exit;
    private final TaskStreams durations;

    ForkAndSpawn(KernelContext k, TaskTable table, RunQueues rq, DispatchLoop dispatch, PipesAndFiles files, ExitAndWait exit,
            TaskStreams durations) {
        this.rq = rq;
        this.k = k;
        this.cfg = k.cfg;
        this.metrics = k.metrics;
        this.sim = k.sim;
        this.mem = k.mem;
        this.table = table;
        this.dispatch = dispatch;
        this.files = files;
        this.exit = exit;
        this.durations = durations;
    }

    boolean startFork(Cpu c, Task t, Program p, int pc, boolean spawn) {
        t.forkStart = sim.now();
        ForkFailure early = table.earlyCheck(t);
        if (early != null) {
            table.recordFailure(t, early);
            return dispatch.kernelWork(c, t, mem.forkEarlyFailureCost(), PHASE_FORK_FAILED, pc);
        }
        Program target = p.target[pc];
        Action.Clone clone = p.op[pc] == Program.CLONE ? (Action.Clone) p.action[pc] : null;
        Task child;
        // Its identity (for its random streams) is its creator's and the creator's count of tasks
        // created, forks and threads alike: a program that forks N workers and one that creates N
        // threads running the same program draw the same numbers (common random numbers).
        child = new Task(target.taskName, RandomStreams.deriveKey(t.key, t.created++));
        if (clone != null && clone.thread()) {
            child.childIndex = t.ext().threadsCreated++; // numbered among the threads its creator made (join refers to them so)
            child.ext().creator = t;
        } else {
            child.childIndex = leaderOf(t).forks++; // a child of the process: numbered among its forks, for wait
        }
        child.uid = t.uid;
        child.nice = t.nice;
        child.priority = t.priority;
        child.cgroup = t.cgroup;
        if (t.ns() != null) child.ext().ns = t.ns();
        if (clone != null && (clone.flags() & Action.Clone.NEWPID) != 0) {
            child.ext().ns = new PidNamespace(t.ns(), cfg.pidMax); // the child is its init
            if (clone.pidsMax() != Cgroup.UNLIMITED) child.cgroup = new Cgroup("container", clone.pidsMax(), t.cgroup);
        }
        child.autoreap = t.autoreap; // an ignored SIGCHLD stays ignored in the child
        child.program = target;
        t.pendingChild = child;
        long cost;
        if (spawn) {
            child.pendingExec = target;
            cost = mem.spawn(t, child);
        } else if (clone != null) {
            cost = clone.sharesVm() ? mem.cloneVm(t, child) : mem.fork(t, child, cloneStrategy());
        } else {
            String strategy = strategyOf(p, pc);
            if (mem.execsChild(strategy)) {
                spawn = true;
                child.pendingExec = target;
            }
            cost = mem.fork(t, child, strategy);
        }
        return dispatch.kernelWork(c, t, cost, spawn ? PHASE_SPAWN_COPY : PHASE_FORK_COPY, pc);
    }

    String strategyOf(Program p, int pc) {
        String s = ((Action.Fork) p.action[pc]).strategy();
        return s != null ? s : cfg.defaultForkStrategy;
    }

    /** clone without VM copies the address space: with the run's strategy when it copies (eager, cow), else with cow. */
    String cloneStrategy() {
        String s = cfg.defaultForkStrategy;
        return mem.suspendsParent(s) || mem.execsChild(s) ? "cow" : s;
    }

    boolean commitFork(Cpu c, Task t, int pc, boolean spawn) {
        Task child = t.pendingChild;
        t.pendingChild = null;
        ForkFailure late = table.lateCheck(child);
        if (late != null) {
            table.recordFailure(t, late);
            return dispatch.kernelWork(c, t, mem.abortFork(t, child), PHASE_FORK_FAILED, pc);
        }
        long now = sim.now();
        boolean thread = child.creator() != null;
        if (child.ns() != null && child.nsPids()[child.ns().level - 1] == 1) {
            child.ns().reaper = child; // PID 1 of a new namespace: its init
            metrics.namespaces++;
        }
        if (thread) {
            ThreadGroup g = t.group();
            if (g == null) t.ext().group = g = new ThreadGroup(t);
            child.ext().group = g;
            g.members.add(child);
            g.live++;
        } else {
            TaskTable.linkChild(leaderOf(t), child);
        }
        Program p0 = t.program;
        int cloneFlags = p0.op[pc] == Program.CLONE ? ((Action.Clone) p0.action[pc]).flags() : 0;
        files.inheritFiles(t, child, (cloneFlags & Action.Clone.FILES) != 0);
        // signal dispositions: shared with CLONE_SIGHAND (threads), else copied; the blocked mask is copied; nothing pending
        if (t.sig() != null) child.ext().sig = (cloneFlags & Action.Clone.SIGHAND) != 0 ? t.sig() : t.sig().copy();
        if (t.sigBlocked() != 0) child.ext().sigBlocked = t.sigBlocked();
        if (t.slice() != 0) child.ext().slice = t.slice(); // sched_attr is inherited
        if (t.allowed() != null) child.ext().allowed = t.allowed(); // and the affinity mask
        child.pgid = leaderOf(t).pgid;
        child.arrival = now;
        child.stateSince = now;
        child.state = TaskState.READY;
        table.assignSlot(child);
        if (spawn) metrics.spawns++;
        else if (thread) metrics.threads++;
        else metrics.forks++;
        t.lastResult = child.pid;
        t.pc = pc + 1;
        rq.fork(t, child, now);
        dispatch.enqueue(child, Scheduler.EnqueueReason.NEW, now);
        dispatch.noteWoken(child);
        Program p = t.program;
        if (spawn || (p.op[pc] == Program.FORK && mem.suspendsParent(strategyOf(p, pc)))) {
            child.vforkParent = t;
            dispatch.block(c, t, BlockReason.VFORK, SimTime.NEVER);
            return true;
        }
        (thread ? metrics.threadLatency : metrics.forkLatency).recordValue(now - t.forkStart);
        return false;
    }

    boolean forkFailed(Cpu c, Task t) {
        t.lastResult = -Signals.EAGAIN;
        Program p = t.program;
        int pc = t.pc;
        Action.OnFail onFail = p.op[pc] == Program.FORK ? ((Action.Fork) p.action[pc]).onFail() : Action.OnFail.CONTINUE;
        switch (onFail) {
            case CONTINUE -> {
                t.pc++;
                return false;
            }
            case RETRY -> {
                dispatch.block(c, t, BlockReason.SLEEP, sim.now() + durations.sample(t, p, pc));
                return true;
            }
            case EXIT -> {
                exit.beginExit(c, t, 1);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }
}

package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;

/**
 * Process creation (as Linux's {@code kernel/fork.c}): fork, clone (threads) and posix_spawn with their limits in
 * Linux's order (RLIMIT_NPROC and threads-max before copying, a PID and pids.max after), the
 * strategy's copy cost, refused forks, and a new task's arrival.
 */
abstract class ForkAndSpawn extends ProgramInterpreter {
    // Call up to a layer above (PipesAndFiles).
    abstract void inheritFiles(Task parent, Task child, boolean share);

    ForkAndSpawn(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    boolean startFork(Cpu c, Task t, Program p, int pc, boolean spawn) {
        t.forkStart = sim.now();
        ForkFailure early = earlyCheck(t);
        if (early != null) {
            recordFailure(t, early);
            return kernelWork(c, t, mem.forkEarlyFailureCost(), PHASE_FORK_FAILED, pc);
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
        return kernelWork(c, t, cost, spawn ? PHASE_SPAWN_COPY : PHASE_FORK_COPY, pc);
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
        ForkFailure late = lateCheck(child);
        if (late != null) {
            recordFailure(t, late);
            return kernelWork(c, t, mem.abortFork(t, child), PHASE_FORK_FAILED, pc);
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
            linkChild(leaderOf(t), child);
        }
        Program p0 = t.program;
        int cloneFlags = p0.op[pc] == Program.CLONE ? ((Action.Clone) p0.action[pc]).flags() : 0;
        inheritFiles(t, child, (cloneFlags & Action.Clone.FILES) != 0);
        // signal dispositions: shared with CLONE_SIGHAND (threads), else copied; the blocked mask is copied; nothing pending
        if (t.sig() != null) child.ext().sig = (cloneFlags & Action.Clone.SIGHAND) != 0 ? t.sig() : t.sig().copy();
        if (t.sigBlocked() != 0) child.ext().sigBlocked = t.sigBlocked();
        if (t.slice() != 0) child.ext().slice = t.slice(); // sched_attr is inherited
        child.pgid = leaderOf(t).pgid;
        child.arrival = now;
        child.stateSince = now;
        child.state = TaskState.READY;
        assignSlot(child);
        if (spawn) metrics.spawns++;
        else if (thread) metrics.threads++;
        else metrics.forks++;
        t.lastResult = child.pid;
        t.pc = pc + 1;
        sched.fork(t, child, now);
        enqueue(child, Scheduler.EnqueueReason.NEW, now);
        noteWoken(child);
        Program p = t.program;
        if (spawn || (p.op[pc] == Program.FORK && mem.suspendsParent(strategyOf(p, pc)))) {
            child.vforkParent = t;
            block(c, t, BlockReason.VFORK, SimTime.NEVER);
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
                block(c, t, BlockReason.SLEEP, sim.now() + sample(t, p, pc));
                return true;
            }
            case EXIT -> {
                beginExit(c, t, 1);
                return true;
            }
            default -> throw new IllegalStateException();
        }
    }

    /** RLIMIT_NPROC, then threads-max: before anything is copied. */
    ForkFailure earlyCheck(Task t) {
        if (nproc(t.uid) >= cfg.rlimitNproc) return ForkFailure.NPROC;
        if (nrTasks >= cfg.threadsMax) return ForkFailure.THREADS_MAX;
        return null;
    }

    /** A PID, then the cgroup's pids.max: after the copy. On success the child holds its PID and charges. */
    ForkFailure lateCheck(Task child) {
        int pid = pids.allocate();
        if (pid < 0) return ForkFailure.PID_EXHAUSTED;
        if (child.ns() != null) {
            // A PID in every namespace from the child's up to the root (alloc_pid); any one full, or a namespace whose init has exited, refuses.
            int[] ids = new int[child.ns().level];
            for (PidNamespace n = child.ns(); n != null; n = n.parent) {
                int id = n.dying ? -1 : n.pids.allocate();
                if (id < 0) {
                    for (PidNamespace m = child.ns(); m != n; m = m.parent) m.pids.free(ids[m.level - 1]);
                    pids.free(pid);
                    return ForkFailure.PID_EXHAUSTED;
                }
                ids[n.level - 1] = id;
            }
            child.ext().nsPids = ids;
        }
        Cgroup g = child.cgroup;
        if (g != null && g.full()) {
            freeNsPids(child);
            if (child.ext != null) child.ext.nsPids = null;
            pids.free(pid);
            return ForkFailure.PIDS_MAX;
        }
        child.pid = pid;
        if (g != null) g.charge(1);
        nrTasks++;
        nprocAdd(child.uid, 1);
        metrics.pidsInUse.record(sim.now(), pids.inUse());
        return null;
    }

    /** Frees a task's PIDs in its namespaces (not the root one); the numbers stay on the task for its record. */
    static void freeNsPids(Task t) {
        if (t.nsPids() == null) return;
        for (PidNamespace n = t.ns(); n != null; n = n.parent) n.pids.free(t.nsPids()[n.level - 1]);
    }

    /** At release (reap, a thread's end): its PIDs, its place in threads-max, RLIMIT_NPROC and pids.max. */
    void releaseIds(Task t) {
        pids.free(t.pid);
        freeNsPids(t);
        nrTasks--;
        nprocAdd(t.uid, -1);
        if (t.cgroup != null) t.cgroup.charge(-1);
    }

    void recordFailure(Task t, ForkFailure cause) {
        long now = sim.now();
        metrics.failures[cause.ordinal()]++;
        if (cause == ForkFailure.PID_EXHAUSTED && metrics.firstPidExhaustion < 0) metrics.firstPidExhaustion = now;
        if (metrics.failureLog.size() < KernelMetrics.FAILURE_LOG_LIMIT) {
            metrics.failureLog.add(new KernelMetrics.Failure(now, t.pid, cause));
        }
        schedule.instant(now, t, "fork-failed", cause.metricName());
    }

    void arrive(Task t) {
        long now = sim.now();
        t.arrival = now;
        ForkFailure cause = earlyCheck(t);
        if (cause == null) cause = lateCheck(t);
        if (cause != null) {
            // init could not create the process: it never runs.
            recordFailure(init, cause);
            t.state = TaskState.DEAD;
            releaseSlot(t);
            record(t);
            return;
        }
        linkChild(init, t);
        t.childIndex = -1;
        t.pgid = t.pid; // a workload process starts as the leader of its own process group (a job)
        mem.newImage(t, t.memoryBytes);
        t.state = TaskState.READY;
        t.stateSince = now;
        long firstRelease = firstReleaseLater(t, now);
        if (firstRelease != SimTime.NEVER) {
            // A periodic task whose first job comes later sleeps until then without taking a CPU.
            t.state = TaskState.BLOCKED;
            t.blockReason = BlockReason.SLEEP;
            t.wakeEvent = sim.scheduleAt(firstRelease, this, EV_WAKE, t.slot);
            return;
        }
        enqueue(t, Scheduler.EnqueueReason.NEW, now);
        noteWoken(t);
    }
}

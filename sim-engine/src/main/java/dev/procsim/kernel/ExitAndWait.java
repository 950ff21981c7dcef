package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_INIT_REAP;
import static dev.procsim.kernel.Phase.PHASE_EXIT;
import static dev.procsim.kernel.Phase.PHASE_NONE;

import dev.procsim.engine.Simulation;

/**
 * The end of a process (as Linux's {@code kernel/exit.c}): exit, the zombie that keeps its PID
 * until its parent waits, wait and reap, SIGCHLD-style wakeup of a waiting parent, re-parenting of
 * orphans to the nearest subreaper or init, a PID namespace's end, the vfork parent's release, a
 * thread's release at its exit, and the end of a task wherever it stands (a fatal signal).
 */
final class ExitAndWait {
    private final KernelContext k;
    private final KernelConfig cfg;
    private final dev.procsim.engine.EventHandler events;
    private final MemoryModel mem;
    private final KernelMetrics metrics;
    private final Simulation sim;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final RealtimeJobs realtime;
    private final PipesAndFiles files;
    /** SIGCHLD to a parent with a handler: the signal subsystem, above this one, bound once. */
    private SignalSender childSignals;

    ExitAndWait(KernelContext k, TaskTable table, DispatchLoop dispatch, RealtimeJobs realtime, PipesAndFiles files) {
        this.k = k;
        this.cfg = k.cfg;
        this.events = k.events;
        this.mem = k.mem;
        this.metrics = k.metrics;
        this.sim = k.sim;
        this.table = table;
        this.dispatch = dispatch;
        this.realtime = realtime;
        this.files = files;
    }

    void sendChildSignalsWith(SignalSender sender) {
        this.childSignals = sender;
    }

    void beginExit(Cpu c, Task t, int code) {
        t.exitStatus = code;
        if (!dispatch.kernelWork(c, t, mem.exit(t), PHASE_EXIT, 0)) finishExit(c, t);
    }

    void finishExit(Cpu c, Task t) {
        if (c != null) dispatch.releaseCpu(c, false);
        becomeZombie(t);
    }

    /**
     * Linux 6.0 and later (kernel/exit.c synchronize_group_exit, commit d80f7d7b2c75): when the
     * last live task of a process exits and no exit_group or fatal signal came first, its code
     * becomes the group's exit status, which wait reports (wait_task_zombie reads group_exit_code
     * once SIGNAL_GROUP_EXIT is set). So a leader that exits with 3 before a thread that exits
     * with 7 leaves status 7; before 6.0 wait reported the leader's own 3.
     */
    private void becomeZombie(Task t) {
        ThreadGroup g = t.group();
        if (g != null && !g.exiting && g.live == 1) {
            g.exiting = true;
            g.exitCode = t.exitStatus;
        }
        long now = sim.now();
        t.state = TaskState.ZOMBIE;
        t.blockReason = BlockReason.NONE;
        t.finish = now;
        t.stateSince = now;
        metrics.exits++;
        files.releaseFiles(t);
        // A zombie runs no more program: its place in it and its random streams go now (what wait and its record read stays).
        t.loopCounters = null;
        t.streams = null;
        t.touchRng = null;
        t.pendingExec = null;
        if (t.ext != null) t.ext.sigFrame = null;
        if (t.dl() != null) realtime.releaseBandwidth(t);
        if (g == null && t.ns() != null && t.ns().reaper == t) zapNamespace(t);
        if (g != null && g.leader != t) {
            releaseVforkParent(t);
            releaseThread(t); // a thread is reaped by the kernel at once; its joiner is told
        } else {
            table.zombieAdded();
            releaseVforkParent(t);
        }
        if (g != null) {
            // The leader's zombie is reported to its parent only once every thread has gone
            // (Linux's delay_group_leader), with the group's exit status (exit_group, a fatal signal, or the last task to exit).
            if (--g.live > 0) return;
            t = g.leader;
            if (g.exiting) t.exitStatus = g.exitCode;
            if (t.ns() != null && t.ns().reaper == t) zapNamespace(t);
        }
        reparentChildren(t);
        notifyParent(t);
    }

    /** The child exec'd or exited: its vfork/spawn parent continues; its fork latency ends here. */
    void releaseVforkParent(Task t) {
        Task p = t.vforkParent;
        if (p != null) {
            t.vforkParent = null;
            if (p.state == TaskState.BLOCKED && p.blockReason == BlockReason.VFORK) {
                long now = sim.now();
                metrics.vforkSuspension.recordValue(now - p.stateSince);
                metrics.forkLatency.recordValue(now - p.forkStart);
                dispatch.wake(p);
            }
        }
    }

    /**
     * SIGCHLD: the parent reaps at once (autoreap), init reaps after its delay, a waiting parent
     * (or, in a threaded process, the first of its threads waiting for this child) wakes.
     */
    void notifyParent(Task z) {
        Task p = z.parent;
        if (p.autoreap) {
            reap(p, z);
            for (int i = 0, n = p.group() == null ? 1 : p.group().members.size(); i < n; i++) {
                Task w = p.group() == null ? p : p.group().members.get(i);
                if (w.state == TaskState.BLOCKED && w.blockReason == BlockReason.WAIT && TaskTable.findChild(p, w.waitTarget, false) == null) {
                    w.lastResult = -Signals.ECHILD;
                    dispatch.wake(w, true); // __wake_up_parent: WF_SYNC
                }
            }
        } else if (p == table.init) {
            sim.scheduleAt(sim.now() + cfg.initReapDelay, events, EV_INIT_REAP, z.slot);
            return;
        } else {
            for (int i = 0, n = p.group() == null ? 1 : p.group().members.size(); i < n; i++) {
                Task w = p.group() == null ? p : p.group().members.get(i);
                if (w.state == TaskState.BLOCKED && w.blockReason == BlockReason.WAIT && TaskTable.matches(z, w.waitTarget)) {
                    w.lastResult = z.pid;
                    reap(w, z);
                    long cost = mem.waitReapCost();
                    w.work += cost;
                    w.demand += cost;
                    dispatch.wake(w, true);
                    break;
                }
            }
        }
        // SIGCHLD: a handler runs; ignored, it reaped above (autoreap); default: nothing more
        if (p.sig() != null && p.sig().disposition[Signals.SIGCHLD] == SignalState.HANDLER && p.state != TaskState.ZOMBIE) {
            childSignals.sendSignal(p, Signals.SIGCHLD);
        }
    }

    /**
     * A PID namespace's init exits: every other task of the namespace (nested ones included) is
     * killed, and the init reaps its zombie children itself before it goes (zap_pid_ns_processes).
     */
    void zapNamespace(Task nsInit) {
        PidNamespace ns = nsInit.ns();
        ns.dying = true;
        for (int i = 0, n = table.slotsUsed(); i < n; i++) {
            Task s = table.slot(i);
            if (s != null && s != nsInit && ns.contains(s.ns()) && TaskTable.alive(s)) {
                terminate(s, 128 + Signals.SIGKILL);
            }
        }
        for (Task c = nsInit.firstChild; c != null; ) {
            Task next = c.nextSibling;
            if (c.state == TaskState.ZOMBIE) reap(nsInit, c);
            c = next;
        }
    }

    /** Reaps zombie {@code z} for {@code waiter} (its parent, or a thread of its parent's process). */
    void reap(Task waiter, Task z) {
        long now = sim.now();
        TaskTable.unlinkChild(z.parent, z);
        waiter.lastWaitStatus = z.exitStatus;
        z.state = TaskState.DEAD;
        table.releaseIds(z);
        metrics.reaps++;
        table.zombieGone();
        metrics.pidsInUse.record(now, table.pids.inUse());
        table.record(z);
        table.releaseSlot(z);
    }

    /**
     * Orphans go to the nearest live ancestor marked subreaper within the same PID namespace, else
     * to the namespace's init (find_new_reaper); a namespace init's own children (all ended by
     * then, see zapNamespace) go to the enclosing namespace's.
     */
    void reparentChildren(Task t) {
        Task init = table.init;
        Task nsReaper = t.ns() == null ? init : t.ns().reaper;
        Task reaper = nsReaper;
        if (nsReaper == t) reaper = t.ns().parent == null ? init : t.ns().parent.reaper;
        for (Task a = t.parent; a != null && a != init && a != nsReaper && a.ns() == t.ns(); a = a.parent) {
            if (a.subreaper && a.state != TaskState.ZOMBIE && a.state != TaskState.DEAD) {
                reaper = a;
                break;
            }
        }
        Task c = t.firstChild;
        while (c != null) {
            Task next = c.nextSibling;
            TaskTable.unlinkChild(t, c);
            TaskTable.linkChild(reaper, c);
            c.childIndex = -1;
            if (c.state == TaskState.ZOMBIE) notifyParent(c);
            c = next;
        }
    }

    /** Ends a live task wherever it stands (on a CPU, queued or blocked) with {@code status}. */
    void terminate(Task target, int status) {
        long now = sim.now();
        switch (target.state) {
            case RUNNING -> dispatch.releaseCpu(dispatch.cpu(target.cpu), false);
            case READY -> dispatch.leaveRunQueue(target, now);
            case BLOCKED -> {
                sim.cancel(target.wakeEvent);
                target.wakeEvent = -1;
                target.blocked += now - target.stateSince;
            }
            case STOPPED -> target.blocked += now - target.stateSince;
            default -> throw new IllegalStateException("kill of " + target);
        }
        if (target.pendingChild != null) {
            mem.abortFork(target, target.pendingChild);
            target.pendingChild = null;
        }
        if (target.rt != null) {
            sim.cancel(target.rt.missEvent);
            target.rt.missEvent = -1;
        }
        target.phase = PHASE_NONE;
        target.work = 0;
        if (target.ext != null) target.ext.stopOnWake = false;
        target.wakeAt = -1;
        if (target.ext != null) target.ext.sigFrame = null;
        target.pendingExec = null;
        mem.exit(target);
        target.exitStatus = status;
        becomeZombie(target);
    }

    /**
     * A thread's exit: its TID and its share of every limit are freed at once (release_task); it
     * stays in the group, ended, until its creator joins it. A creator blocked joining it wakes.
     */
    private void releaseThread(Task t) {
        long now = sim.now();
        t.state = TaskState.DEAD;
        table.releaseIds(t);
        metrics.pidsInUse.record(now, table.pids.inUse());
        table.record(t);
        table.releaseSlot(t);
        Task j = t.creator();
        if (j != null && j.state == TaskState.BLOCKED && j.blockReason == BlockReason.JOIN && (j.waitTarget < 0 || j.waitTarget == t.childIndex)) {
            ThreadGroup.joined(j, t);
            dispatch.wake(j);
        }
    }

    /** EV_INIT_REAP: init reaps a zombie child after its delay (if nobody did meanwhile). */
    void initReap(Task t) {
        if (t != null && t.state == TaskState.ZOMBIE && t.parent == table.init) reap(table.init, t);
    }
}

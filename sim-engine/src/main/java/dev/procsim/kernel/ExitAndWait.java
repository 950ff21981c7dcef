package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;

/**
 * The end of a process (as Linux's {@code kernel/exit.c}): exit, the zombie that keeps its PID
 * until its parent waits, wait and reap, SIGCHLD-style wakeup of a waiting parent, re-parenting of
 * orphans to the nearest subreaper or init, the vfork parent's release, and kill.
 */
abstract class ExitAndWait extends ForkAndSpawn {
    // Calls up to the layer above (ThreadGroups).
    abstract void releaseThread(Task t);
    abstract void killGroup(Task anyMember, int status);
    abstract void releaseFiles(Task t);
    abstract void sendSignal(Task target, int sig);

    ExitAndWait(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    void beginExit(Cpu c, Task t, int code) {
        t.exitStatus = code;
        if (!kernelWork(c, t, mem.exit(t), PHASE_EXIT, 0)) finishExit(c, t);
    }

    void finishExit(Cpu c, Task t) {
        if (c != null) releaseCpu(c, false);
        becomeZombie(t);
    }

    void becomeZombie(Task t) {
        long now = sim.now();
        t.state = TaskState.ZOMBIE;
        t.blockReason = BlockReason.NONE;
        t.finish = now;
        t.stateSince = now;
        metrics.exits++;
        releaseFiles(t);
        if (t.dl() != null) { // its bandwidth is free again
            dlBandwidth -= t.dl().bandwidth();
            if (t.ext != null) t.ext.dl = null;
        }
        ThreadGroup g = t.group();
        if (g == null && t.ns() != null && t.ns().reaper == t) zapNamespace(t);
        if (g != null && g.leader != t) {
            releaseVforkParent(t);
            releaseThread(t); // a thread is reaped by the kernel at once; its joiner is told
        } else {
            zombiesNow++;
            metrics.zombies.record(now, zombiesNow);
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
                wake(p);
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
                if (w.state == TaskState.BLOCKED && w.blockReason == BlockReason.WAIT && findChild(p, w.waitTarget, false) == null) {
                    w.lastResult = -Signals.ECHILD;
                    wake(w);
                }
            }
        } else if (p == init) {
            sim.scheduleAt(sim.now() + cfg.initReapDelay, this, EV_INIT_REAP, z.slot);
            return;
        } else {
            for (int i = 0, n = p.group() == null ? 1 : p.group().members.size(); i < n; i++) {
                Task w = p.group() == null ? p : p.group().members.get(i);
                if (w.state == TaskState.BLOCKED && w.blockReason == BlockReason.WAIT && matches(z, w.waitTarget)) {
                    w.lastResult = z.pid;
                    reap(w, z);
                    long cost = mem.waitReapCost();
                    w.work += cost;
                    w.demand += cost;
                    wake(w);
                    break;
                }
            }
        }
        // SIGCHLD: a handler runs; ignored, it reaped above (autoreap); default: nothing more
        if (p.sig() != null && p.sig().disposition[Signals.SIGCHLD] == SignalState.HANDLER && p.state != TaskState.ZOMBIE) {
            sendSignal(p, Signals.SIGCHLD);
        }
    }

    static boolean matches(Task child, int target) {
        return target < 0 || child.childIndex == target;
    }

    /** A child of {@code p} matching {@code target}; with {@code zombie} only a zombie one. Oldest first. */
    static Task findChild(Task p, int target, boolean zombie) {
        for (Task c = p.firstChild; c != null; c = c.nextSibling) {
            if (matches(c, target) && (!zombie || c.state == TaskState.ZOMBIE)) return c;
        }
        return null;
    }

    /**
     * A PID namespace's init exits: every other task of the namespace (nested ones included) is
     * killed, and the init reaps its zombie children itself before it goes (zap_pid_ns_processes).
     */
    void zapNamespace(Task nsInit) {
        PidNamespace ns = nsInit.ns();
        ns.dying = true;
        for (int i = 0; i < slotsUsed; i++) {
            Task s = slots[i];
            if (s != null && s != nsInit && ns.contains(s.ns()) && ThreadGroups.alive(s)) {
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
        unlinkChild(z.parent, z);
        waiter.lastWaitStatus = z.exitStatus;
        z.state = TaskState.DEAD;
        releaseIds(z);
        zombiesNow--;
        metrics.reaps++;
        metrics.zombies.record(now, zombiesNow);
        metrics.pidsInUse.record(now, pids.inUse());
        record(z);
        releaseSlot(z);
    }

    /**
     * Orphans go to the nearest live ancestor marked subreaper within the same PID namespace, else
     * to the namespace's init (find_new_reaper); a namespace init's own children (all ended by
     * then, see zapNamespace) go to the enclosing namespace's.
     */
    void reparentChildren(Task t) {
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
            unlinkChild(t, c);
            linkChild(reaper, c);
            c.childIndex = -1;
            if (c.state == TaskState.ZOMBIE) notifyParent(c);
            c = next;
        }
    }

    Task resolve(Task t, Action.Target target) {
        Task r = null;
        if (target instanceof Action.Target.Self) {
            r = t;
        } else if (target instanceof Action.Target.Parent) {
            r = leaderOf(t).parent;
        } else if (target instanceof Action.Target.Child ch) {
            r = findChild(leaderOf(t), ch.index(), false);
        } else if (target instanceof Action.Target.Pid pid) {
            for (int i = 0; i < slotsUsed && r == null; i++) {
                Task s = slots[i];
                if (s != null && s.pid == pid.pid() && s.state != TaskState.NEW) r = s;
            }
        }
        if (r == null || r == init || r.state == TaskState.ZOMBIE || r.state == TaskState.DEAD || r.state == TaskState.NEW) {
            return null;
        }
        return r;
    }

    /**
     * Default action of SIGKILL/SIGTERM: the target exits with status 128 + signal, wherever it is;
     * a signal to a thread of a multi-threaded process ends the whole process.
     */
    void kill(Task target, int signal) {
        if (target.group() != null) killGroup(target, 128 + signal);
        else terminate(target, 128 + signal);
    }

    /** Ends a live task wherever it stands (on a CPU, queued or blocked) with {@code status}. */
    void terminate(Task target, int status) {
        long now = sim.now();
        switch (target.state) {
            case RUNNING -> releaseCpu(cpus[target.cpu], false);
            case READY -> leaveRunQueue(target, now);
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
}

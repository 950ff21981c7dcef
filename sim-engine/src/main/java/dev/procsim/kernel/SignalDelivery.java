package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;

/**
 * Signals (as Linux's {@code kernel/signal.c}): sending, with standard signals merged while one
 * is pending; delivery when the target returns to user mode (at once if it is computing, at the
 * end of its kernel work if it is in the kernel, when it is next scheduled if it waits for a CPU;
 * an interruptible block (sleep, wait, join, pipe) is interrupted, an uninterruptible one (I/O,
 * vfork) is not); dispositions (default, ignore, a handler program run on delivery, after which
 * the interrupted work resumes: the rest of a computation or of a sleep, a wait or pipe call
 * restarted); stop and continue; process groups.
 *
 * <p>As Linux, a signal whose default action terminates and that the target neither handles nor
 * blocks ends the process at once, wherever its threads are (complete_signal's fatal path), as
 * SIGKILL always does. SIGCONT continues a stopped process when it is sent, whatever its
 * disposition; a stop signal then discards a pending SIGCONT and the other way round.
 */
abstract class SignalDelivery extends PipesAndFiles {
    SignalDelivery(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    /** The signal state of the task's process, made on first need and shared by its threads. */
    private SignalState stateOf(Task t) {
        if (t.sig() != null) return t.sig();
        SignalState s = new SignalState();
        Task l = leaderOf(t);
        if (l.group() != null) {
            for (Task m : l.group().members) if (m.sig() == null) m.ext().sig = s;
        }
        l.ext().sig = s;
        t.ext().sig = s;
        return s;
    }

    /** kill: to one process, a process group (-PGID), or a child's group. True if the sender itself left the CPU. */
    @Override
    boolean killOp(Cpu c, Task t, Action.Kill k) {
        int sig = k.signal();
        int group = -1;
        if (k.target() instanceof Action.Target.Pid p && p.pid() < 0) {
            group = -p.pid();
        } else if (k.target() instanceof Action.Target.ChildGroup cg) {
            Task ch = ExitAndWait.findChild(leaderOf(t), cg.index(), false);
            group = ch == null ? -1 : ch.pgid;
            if (group < 0) {
                t.lastResult = -Signals.ESRCH;
                return false;
            }
        }
        if (group < 0) {
            Task target = resolve(t, k.target());
            if (target == null) {
                t.lastResult = -Signals.ESRCH;
                return false;
            }
            t.lastResult = 0;
            metrics.kills++;
            sendSignal(target, sig);
        } else {
            // every process (thread group leader or lone task) of the group, in slot order, the sender's own last
            int sent = 0;
            boolean self = false;
            for (int i = 0; i < slotsUsed; i++) {
                Task s = slots[i];
                if (s == null || s == init || s.isThread() || s.pgid != group || !alive(s)) continue;
                if (leaderOf(t) == s) {
                    self = true;
                    continue;
                }
                sendSignal(s, sig);
                sent++;
            }
            if (self) {
                sendSignal(leaderOf(t), sig);
                sent++;
            }
            t.lastResult = sent > 0 ? 0 : -Signals.ESRCH;
            if (sent > 0) metrics.kills++;
        }
        return c.current != t; // it signalled itself (or its own group) to death or to a stop
    }

    /** Sends {@code sig} to the process of {@code target} (kill(2) semantics). */
    @Override
    void sendSignal(Task target, int sig) {
        long now = sim.now();
        metrics.signalsSent++;
        Task l = leaderOf(target);
        if (sig == Signals.SIGKILL) {
            metrics.signalsDelivered++;
            metrics.signalLatency.recordValue(0);
            kill(target, sig);
            return;
        }
        SignalState s = stateOf(target);
        long bit = 1L << sig;
        Signals.Default def = Signals.defaultAction(sig);
        if (sig == Signals.SIGCONT) {
            s.pending &= ~(1L << Signals.SIGSTOP | 1L << Signals.SIGTSTP | 1L << Signals.SIGTTIN | 1L << Signals.SIGTTOU);
            if (s.stopped) continueProcess(target);
        } else if (def == Signals.Default.STOP) {
            s.pending &= ~(1L << Signals.SIGCONT);
        }
        byte disp = s.disposition[sig];
        boolean blocked = (target.sigBlocked() & bit) != 0 && !Signals.unblockable(sig);
        if (!blocked && (disp == SignalState.IGNORE || disp == SignalState.DEFAULT && (def == Signals.Default.IGNORE
                || def == Signals.Default.CONTINUE))) {
            metrics.signalsIgnored++; // discarded when sent, as Linux's sig_ignored
            return;
        }
        if (!blocked && disp == SignalState.DEFAULT && def == Signals.Default.TERMINATE) {
            metrics.signalsDelivered++; // fatal: the whole process ends now
            metrics.signalLatency.recordValue(0);
            kill(target, sig);
            return;
        }
        if ((s.pending & bit) != 0) {
            metrics.signalsMerged++;
            return;
        }
        s.pending |= bit;
        s.sentAt[sig] = now;
        // Wake one thread that does not block it (the target first), so that it reaches a delivery point.
        Task[] candidates = l.group() == null ? new Task[] {target} : members(l);
        if (l.group() != null && target != candidates[0]) {
            for (int i = 0; i < candidates.length; i++) if (candidates[i] == target) { candidates[i] = candidates[0]; candidates[0] = target; }
        }
        for (Task m : candidates) {
            if ((m.sigBlocked() & bit) != 0 && !Signals.unblockable(sig)) continue;
            if (m.state == TaskState.RUNNING) {
                if (!m.inKernel) sim.scheduleAt(now, this, EV_SIGNAL, m.cpu); // interrupt its computation
                return;
            }
            if (m.state == TaskState.READY) return; // delivered when it is dispatched
            if (m.state == TaskState.BLOCKED && interruptible(m.blockReason) && !s.stopped) {
                interrupt(m);
                return;
            }
        }
    }

    static boolean interruptible(BlockReason r) {
        return r == BlockReason.SLEEP || r == BlockReason.WAIT || r == BlockReason.JOIN || r == BlockReason.PIPE_FULL
                || r == BlockReason.PIPE_EMPTY;
    }

    /** Ends an interruptible block early: a sleep resumes later (wakeAt kept), a wait or join is restarted. */
    private void interrupt(Task m) {
        sim.cancel(m.wakeEvent);
        m.wakeEvent = -1;
        if (m.blockReason == BlockReason.WAIT || m.blockReason == BlockReason.JOIN) m.pc--; // restarted (SA_RESTART)
        wake(m);
    }

    /** An interrupt for a CPU whose task computes in user mode while a signal waits for it. */
    @Override
    void onSignalEvent(Cpu c) {
        Task t = c.current;
        if (t == null || t.inKernel || !signalPending(t)) return;
        if (c.workEvent >= 0) {
            sim.cancel(c.workEvent);
            c.workEvent = -1;
        }
        chargeRun(c);
        if (deliverSignal(c, t)) return;
        if (t.work > 0) startWork(c, t); // nothing taken over: its computation goes on
        else runProgram(c, t);
    }

    /**
     * Delivers the lowest pending signal the task does not block. True if the task left the CPU
     * or has work to do (the caller returns); false to carry on (a handler with no delivery cost
     * is now the task's program).
     */
    @Override
    boolean deliverSignal(Cpu c, Task t) {
        SignalState s = t.sig();
        long deliverable = s.pending & ~t.sigBlocked();
        int sig = Long.numberOfTrailingZeros(deliverable);
        long bit = 1L << sig;
        s.pending &= ~bit;
        long now = sim.now();
        metrics.signalsDelivered++;
        metrics.signalLatency.recordValue(now - s.sentAt[sig]);
        byte disp = s.disposition[sig];
        if (disp == SignalState.IGNORE) return false;
        if (disp == SignalState.DEFAULT) {
            switch (Signals.defaultAction(sig)) {
                case TERMINATE -> {
                    kill(t, sig);
                    return true;
                }
                case STOP -> {
                    stopProcess(t);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
        // A handler: the interrupted work is saved, the signal blocked while it runs (sa_mask).
        long sleepUntil = t.wakeAt > now ? t.wakeAt : -1;
        t.wakeAt = -1;
        t.ext().sigFrame = new SignalState.Frame(t.sigFrame(), t, sleepUntil, t.sigBlocked());
        t.ext().sigBlocked |= bit;
        t.program = s.handler[sig];
        t.pc = 0;
        t.loopCounters = null;
        t.streams = null;
        t.work = 0;
        metrics.handlersRun++;
        return kernelWork(c, t, mem.signalDelivery(), PHASE_NONE, 0);
    }

    /** A handler's program ended: the interrupted work resumes. True if the task left the CPU or has work. */
    @Override
    boolean sigreturn(Cpu c, Task t) {
        SignalState.Frame f = t.sigFrame();
        t.ext().sigFrame = f.outer;
        t.program = f.program;
        t.pc = f.pc;
        t.loopCounters = f.loopCounters;
        t.streams = f.streams;
        t.ext().sigBlocked = f.blocked;
        t.work = f.work;
        if (f.sleepUntil > sim.now()) {
            block(c, t, BlockReason.SLEEP, f.sleepUntil);
            return true;
        }
        if (f.work > 0) {
            t.inKernel = false;
            startWork(c, t);
            return true;
        }
        return false;
    }

    /** Every thread of the process stops: running and queued ones now, blocked ones when their block ends. */
    private void stopProcess(Task t) {
        long now = sim.now();
        Task l = leaderOf(t);
        stateOf(t).stopped = true;
        metrics.stops++;
        for (Task m : members(l)) {
            switch (m.state) {
                case RUNNING -> {
                    releaseCpu(cpus[m.cpu], false);
                    m.involuntarySwitches++;
                }
                case READY -> leaveRunQueue(m, now);
                case BLOCKED -> {
                    m.ext().stopOnWake = true;
                    continue;
                }
                default -> {
                    continue;
                }
            }
            m.state = TaskState.STOPPED;
            m.stateSince = now;
        }
    }

    /** SIGCONT: stopped threads are ready again; blocked ones will no longer stop when woken. */
    private void continueProcess(Task t) {
        long now = sim.now();
        Task l = leaderOf(t);
        t.sig().stopped = false;
        metrics.continues++;
        for (Task m : members(l)) {
            if (m.ext != null) m.ext.stopOnWake = false;
            if (m.state != TaskState.STOPPED) continue;
            m.blocked += now - m.stateSince;
            m.state = TaskState.READY;
            m.stateSince = now;
            enqueue(m, Scheduler.EnqueueReason.WAKEUP, now);
            noteWoken(m);
        }
    }

    /** sigaction, sigprocmask, setpgid. True if the task left the CPU. */
    @Override
    boolean signalOp(Cpu c, Task t, Program p, int pc) {
        Action a = p.action[pc];
        if (a instanceof Action.Sigaction sa) {
            SignalState s = stateOf(t);
            s.disposition[sa.sig()] = sa.disposition();
            s.handler[sa.sig()] = p.target[pc];
            if (sa.sig() == Signals.SIGCHLD) leaderOf(t).autoreap = sa.disposition() == SignalState.IGNORE; // SIG_IGN: no zombies
            Signals.Default def = Signals.defaultAction(sa.sig());
            if (sa.disposition() == SignalState.IGNORE
                    || sa.disposition() == SignalState.DEFAULT && (def == Signals.Default.IGNORE || def == Signals.Default.CONTINUE)) {
                s.pending &= ~(1L << sa.sig()); // a pending signal now ignored is discarded
            }
            t.lastResult = 0;
        } else if (a instanceof Action.SigMask m) {
            if (m.block()) t.ext().sigBlocked |= m.mask();
            else t.ext().sigBlocked &= ~m.mask();
            t.lastResult = 0;
        } else if (a instanceof Action.SetPgid sp) {
            Task who = sp.child() == Action.SetPgid.SELF ? leaderOf(t) : ExitAndWait.findChild(leaderOf(t), sp.child(), false);
            if (who == null || who.state == TaskState.ZOMBIE) {
                t.lastResult = -Signals.ESRCH;
            } else {
                who.pgid = sp.joinCaller() ? leaderOf(t).pgid : who.pid;
                t.lastResult = 0;
            }
        }
        return false;
    }

    /** exec: handled signals go back to their default action; ignored ones stay ignored; the mask and pending stay. */
    @Override
    void resetHandlersAtExec(Task t) {
        SignalState s = t.sig();
        if (s == null) return;
        for (int i = 1; i <= Signals.MAX; i++) {
            if (s.disposition[i] == SignalState.HANDLER) {
                s.disposition[i] = SignalState.DEFAULT;
                s.handler[i] = null;
            }
        }
    }
}

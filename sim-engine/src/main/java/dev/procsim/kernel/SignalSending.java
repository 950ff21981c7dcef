package dev.procsim.kernel;

import static dev.procsim.kernel.KernelEvent.EV_SIGNAL;
import static dev.procsim.kernel.ThreadGroup.leaderOf;
import static dev.procsim.kernel.ThreadGroup.members;

import dev.procsim.engine.Simulation;

/**
 * Sending signals (as Linux's {@code kernel/signal.c}: {@code send_signal_locked},
 * {@code prepare_signal}, {@code complete_signal}): kill to a process, a process group or a
 * child's group; standard signals merged while one is pending; the effects of stop and continue
 * signals at sending; the choice of the thread that will take a signal, and the interruption of
 * its interruptible block. Delivery is in {@link SignalDelivery}.
 *
 * <p>Linux's rules, in the order it applies them:
 * <ul>
 *   <li>SIGCONT continues a stopped process when it is sent, whatever its disposition, and
 *       discards pending stop signals; a stop signal discards a pending SIGCONT (before anything
 *       may discard the signal itself).</li>
 *   <li>A signal is discarded when sent if the target does not block it and ignores it, by its
 *       disposition or by default, or if the target is the init of a PID namespace (Linux's
 *       SIGNAL_UNKILLABLE) with no handler for it, unless it is SIGKILL or SIGSTOP sent from an
 *       ancestor namespace (forced; {@code sig_task_ignored}). A blocked one is never discarded
 *       when sent: an init drops it when it would take its default action ({@link SignalDelivery}).</li>
 *   <li>A signal whose default action terminates and that the target neither handles nor blocks
 *       ends the whole process at once, wherever its threads are (complete_signal's fatal path),
 *       as SIGKILL always does, except in a stopped process: a stopped task takes no signal but
 *       SIGKILL ({@code wants_signal}), so the signal stays pending and ends the process when
 *       SIGCONT lets a thread take it.</li>
 * </ul>
 */
final class SignalSending implements SignalSender {
    /**
     * The result a wait or pipe call cut short by a signal holds until delivery decides (Linux's
     * {@code -ERESTARTSYS}): restarted, or EINTR (see {@link SignalDelivery}). A program never
     * sees it: the call is made again, or its result becomes EINTR, before the program goes on.
     */
    static final int ERESTARTSYS = 512;

    static final long STOP_SIGNALS = 1L << Signals.SIGSTOP | 1L << Signals.SIGTSTP | 1L << Signals.SIGTTIN | 1L << Signals.SIGTTOU;

    private final KernelContext k;
    private final dev.procsim.engine.EventHandler events;
    private final Simulation sim;
    private final KernelMetrics metrics;
    private final TaskTable table;
    private final DispatchLoop dispatch;
    private final ThreadGroups threads;

    SignalSending(KernelContext k, TaskTable table, DispatchLoop dispatch, ThreadGroups threads) {
        this.k = k;
        this.events = k.events;
        this.sim = k.sim;
        this.metrics = k.metrics;
        this.table = table;
        this.dispatch = dispatch;
        this.threads = threads;
    }

    /** The signal state of the task's process, made on first need and shared by its threads. */
    SignalState stateOf(Task t) {
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

    /** Whether the process led by {@code l} is the init of a PID namespace (Linux marks it SIGNAL_UNKILLABLE in copy_process). */
    static boolean namespaceInit(Task l) {
        return l.ns() != null && l.ns().reaper == l;
    }

    /** kill: to one process, a process group (-PGID), or a child's group. True if the sender itself left the CPU. */
    boolean killOp(Cpu c, Task t, Action.Kill op) {
        int sig = op.signal();
        int group = -1;
        if (op.target() instanceof Action.Target.Pid p && p.pid() < 0) {
            group = -p.pid();
        } else if (op.target() instanceof Action.Target.ChildGroup cg) {
            Task ch = TaskTable.findChild(leaderOf(t), cg.index(), false);
            group = ch == null ? -1 : ch.pgid;
            if (group < 0) {
                t.lastResult = -Signals.ESRCH;
                return false;
            }
        }
        if (group < 0) {
            Task target = table.resolve(t, op.target());
            if (target == null) {
                t.lastResult = -Signals.ESRCH;
                return false;
            }
            t.lastResult = 0;
            metrics.kills++;
            send(t, target, sig);
        } else {
            // every process (thread group leader or lone task) of the group, in slot order, the sender's own last
            int sent = 0;
            boolean self = false;
            for (int i = 0, n = table.slotsUsed(); i < n; i++) {
                Task s = table.slot(i);
                if (s == null || s == table.init || s.isThread() || s.pgid != group || !TaskTable.alive(s)) continue;
                if (leaderOf(t) == s) {
                    self = true;
                    continue;
                }
                send(t, s, sig);
                sent++;
            }
            if (self) {
                send(t, leaderOf(t), sig);
                sent++;
            }
            t.lastResult = sent > 0 ? 0 : -Signals.ESRCH;
            if (sent > 0) metrics.kills++;
        }
        return c.current != t; // it signalled itself (or its own group) to death or to a stop
    }

    /** A signal the kernel sends (SIGCHLD to a parent, SIGPIPE to a writer): never forced on a namespace's init. */
    @Override
    public void sendSignal(Task target, int sig) {
        send(null, target, sig);
    }

    /**
     * Sends {@code sig} to the process of {@code target} (kill(2) semantics) from {@code sender}
     * (null: the kernel's own signal). Forced, for a namespace's init, when the sender has no PID
     * in the init's namespace (an ancestor's task; send_signal_locked).
     */
    void send(Task sender, Task target, int sig) {
        long now = sim.now();
        metrics.signalsSent++;
        Task l = leaderOf(target);
        boolean nsInit = namespaceInit(l);
        if (sig == Signals.SIGKILL && !nsInit) {
            fatal(target, sig);
            return;
        }
        SignalState s = stateOf(target);
        long bit = 1L << sig;
        Signals.Default def = Signals.defaultAction(sig);
        if (sig == Signals.SIGCONT) {
            s.pending &= ~STOP_SIGNALS;
            if (s.stopped) continueProcess(target);
        } else if (def == Signals.Default.STOP) {
            s.pending &= ~(1L << Signals.SIGCONT);
        }
        byte disp = s.disposition[sig];
        boolean blocked = (target.sigBlocked() & bit) != 0 && !Signals.unblockable(sig);
        boolean forced = nsInit && sender != null && !l.ns().contains(sender.ns()) && Signals.unblockable(sig);
        if (!blocked && (disp == SignalState.IGNORE || disp == SignalState.DEFAULT && (def == Signals.Default.IGNORE
                || def == Signals.Default.CONTINUE || nsInit && !forced))) {
            metrics.signalsIgnored++; // discarded when sent, as Linux's sig_ignored
            return;
        }
        if (sig == Signals.SIGKILL || !blocked && disp == SignalState.DEFAULT && def == Signals.Default.TERMINATE && !s.stopped) {
            fatal(target, sig); // the whole process ends now
            return;
        }
        if ((s.pending & bit) != 0) {
            metrics.signalsMerged++;
            return;
        }
        s.pending |= bit;
        s.sentAt[sig] = now;
        signalWakeUp(target, bit);
    }

    private void fatal(Task target, int sig) {
        metrics.signalsDelivered++;
        metrics.signalLatency.recordValue(0);
        threads.kill(target, sig);
    }

    /**
     * complete_signal: wakes one thread of the process that does not block all of {@code bits}
     * (the target first) so that it reaches a delivery point: a computing one is interrupted, a
     * queued one will take it when dispatched, one in an interruptible block has it cut short
     * (not while the process is stopped).
     */
    void signalWakeUp(Task target, long bits) {
        Task l = leaderOf(target);
        Task[] candidates = l.group() == null ? new Task[] {target} : members(l);
        if (l.group() != null && target != candidates[0]) {
            for (int i = 0; i < candidates.length; i++) if (candidates[i] == target) { candidates[i] = candidates[0]; candidates[0] = target; }
        }
        boolean stopped = target.sig().stopped;
        for (Task m : candidates) {
            if ((bits & ~(m.sigBlocked() & ~Signals.UNBLOCKABLE)) == 0) continue;
            if (m.state == TaskState.RUNNING) {
                if (!m.inKernel) sim.scheduleAt(sim.now(), events, EV_SIGNAL, m.cpu); // interrupt its computation
                return;
            }
            if (m.state == TaskState.READY) return; // delivered when it is dispatched
            if (m.state == TaskState.BLOCKED && interruptible(m.blockReason) && !stopped) {
                interrupt(m);
                return;
            }
        }
    }

    static boolean interruptible(BlockReason r) {
        return r == BlockReason.SLEEP || r == BlockReason.WAIT || r == BlockReason.JOIN || r == BlockReason.PIPE_FULL
                || r == BlockReason.PIPE_EMPTY;
    }

    /**
     * Ends an interruptible block early, setting the call up to go on unless a handler decides
     * otherwise at delivery: a sleep keeps its end (wakeAt: nanosleep's restart block), a wait is
     * put back to be made again and a pipe call stays where it is (both {@link #ERESTARTSYS}),
     * a join is made again whatever happens (pthread_join never fails with EINTR).
     */
    private void interrupt(Task m) {
        sim.cancel(m.wakeEvent);
        m.wakeEvent = -1;
        switch (m.blockReason) {
            case WAIT -> {
                m.pc--;
                m.lastResult = -ERESTARTSYS;
            }
            case JOIN -> m.pc--;
            case PIPE_EMPTY, PIPE_FULL -> m.lastResult = -ERESTARTSYS;
            default -> {
                // SLEEP: wakeAt kept
            }
        }
        dispatch.wake(m);
    }

    /**
     * SIGCONT: stopped threads are ready again; blocked ones will no longer stop when woken. A
     * signal that came while the process was stopped wakes a thread now, as Linux's SIGCONT
     * wakes every stopped thread and the first to run takes it.
     */
    private void continueProcess(Task t) {
        long now = sim.now();
        Task l = leaderOf(t);
        SignalState s = t.sig();
        s.stopped = false;
        metrics.continues++;
        for (Task m : members(l)) {
            if (m.ext != null) m.ext.stopOnWake = false;
            if (m.state != TaskState.STOPPED) continue;
            m.blocked += now - m.stateSince;
            m.state = TaskState.READY;
            m.stateSince = now;
            dispatch.enqueue(m, Scheduler.EnqueueReason.WAKEUP, now);
            dispatch.noteWoken(m);
        }
        if (s.pending != 0) signalWakeUp(t, s.pending);
    }
}

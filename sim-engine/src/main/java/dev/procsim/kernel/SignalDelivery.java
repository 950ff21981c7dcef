package dev.procsim.kernel;

import static dev.procsim.kernel.Phase.PHASE_NONE;
import static dev.procsim.kernel.SignalSending.ERESTARTSYS;
import static dev.procsim.kernel.SignalSending.namespaceInit;
import static dev.procsim.kernel.ThreadGroup.leaderOf;
import static dev.procsim.kernel.ThreadGroup.members;

import dev.procsim.engine.Simulation;

/**
 * Delivering signals (as Linux's {@code kernel/signal.c} {@code get_signal} and
 * {@code arch/x86/kernel/signal.c} {@code handle_signal}): when the target returns to user mode
 * (at once if it is computing, at the end of its kernel work if it is in the kernel, when it is
 * next scheduled if it waits for a CPU; an interruptible block is cut short when the signal is
 * sent, see {@link SignalSending}), the lowest pending signal it does not block takes its
 * disposition: ignored, a default action (terminate, stop), or a handler program, after which
 * the interrupted work resumes; sigaction, sigprocmask, setpgid; handlers reset at exec.
 *
 * <p>The call a handler interrupts (signal(7), "Interruption of system calls and library
 * functions by signal handlers"): a sleep ends with EINTR whatever the handler's flags
 * (nanosleep's -ERESTART_RESTARTBLOCK); a wait or a pipe read or write (-ERESTARTSYS) is made
 * again when the handler was installed with SA_RESTART (the default here) and otherwise ends
 * with EINTR, or, for a pipe write that moved some bytes, with their count (pipe_write); a join
 * is always made again. The program then goes on with its next action and sees the call's result
 * as the action's result (a handler's own actions do not change it: sigreturn restores it). With
 * no handler (a stop, an ignored signal) every call goes on, a sleep to its end.
 *
 * <p>The init of a PID namespace drops a signal it would take with its default action, unless it
 * is SIGKILL or SIGSTOP (which then came from an ancestor namespace): get_signal's check of
 * SIGNAL_UNKILLABLE, for a signal that was blocked when sent.
 */
final class SignalDelivery {
    private final KernelContext k;
    private final MemoryModel mem;
    private final Simulation sim;
    private final KernelMetrics metrics;
    private final DispatchLoop dispatch;
    private final SignalSending sending;
    private final ThreadGroups threads;

    SignalDelivery(KernelContext k, DispatchLoop dispatch, SignalSending sending, ThreadGroups threads) {
        this.k = k;
        this.mem = k.mem;
        this.sim = k.sim;
        this.metrics = k.metrics;
        this.dispatch = dispatch;
        this.sending = sending;
        this.threads = threads;
    }

    /** EV_SIGNAL: an interrupt for a CPU whose task computes in user mode while a signal waits for it. */
    void onSignalEvent(Cpu c) {
        Task t = c.current;
        if (t == null || t.inKernel || !DispatchLoop.signalPending(t)) return;
        if (c.workEvent >= 0) dispatch.cancelWork(c);
        dispatch.chargeRun(c);
        if (deliverSignal(c, t)) return;
        if (t.work > 0) dispatch.startWork(c, t); // nothing taken over: its computation goes on
        else dispatch.runProgram(c, t);
    }

    /**
     * Delivers the lowest pending signal the task does not block. True if the task left the CPU
     * or has work to do (the caller returns); false to carry on (a handler with no delivery cost
     * is now the task's program).
     */
    boolean deliverSignal(Cpu c, Task t) {
        SignalState s = t.sig();
        long deliverable = s.pending & ~t.sigBlocked();
        int sig = Long.numberOfTrailingZeros(deliverable);
        long bit = 1L << sig;
        s.pending &= ~bit;
        byte disp = s.disposition[sig];
        if (disp == SignalState.DEFAULT && namespaceInit(leaderOf(t)) && !Signals.unblockable(sig)) {
            metrics.signalsIgnored++; // a namespace's init gets no signal it does not handle
            return false;
        }
        long now = sim.now();
        metrics.signalsDelivered++;
        metrics.signalLatency.recordValue(now - s.sentAt[sig]);
        if (disp == SignalState.IGNORE) return false;
        if (disp == SignalState.DEFAULT) {
            switch (Signals.defaultAction(sig)) {
                case TERMINATE -> {
                    threads.kill(t, sig);
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
        // A handler: the interrupted call is settled, the interrupted work saved, the signal blocked while it runs (sa_mask).
        settleInterruptedCall(t, (s.noRestart & bit) == 0);
        t.wakeAt = -1;
        t.ext().sigFrame = new SignalState.Frame(t.sigFrame(), t, t.sigBlocked());
        t.ext().sigBlocked |= bit;
        t.program = s.handler[sig];
        t.pc = 0;
        t.loopCounters = null;
        t.streams = null;
        t.work = 0;
        metrics.handlersRun++;
        return dispatch.kernelWork(c, t, mem.signalDelivery(), PHASE_NONE, 0);
    }

    /**
     * handle_signal's restart rules for the call a handler interrupts: a sleep (cut short, its end
     * still ahead) ends with EINTR; a wait or pipe call ({@link #ERESTARTSYS}) is made again
     * with SA_RESTART, else ends with EINTR (a pipe write with the bytes it moved, if any).
     */
    private void settleInterruptedCall(Task t, boolean restart) {
        if (t.wakeAt > sim.now()) {
            t.wakeAt = -1;
            t.lastResult = -Signals.EINTR;
        } else if (t.lastResult == -ERESTARTSYS) {
            boolean wait = t.program.op[t.pc] == Program.WAIT;
            Pipe p = wait ? null : PipesAndFiles.pipeOfCall(t);
            boolean writer = t.program.op[t.pc] == Program.PIPE_WRITE;
            if (restart || p != null && PipesAndFiles.wokeFor(p, t, writer)) {
                // made again when the handler returns (the task is back at the call), as is a pipe
                // call the pipe woke since (its wait ended for room or data: it goes on)
                t.lastResult = 0;
            } else if (wait) {
                t.pc++;
                t.lastResult = -Signals.EINTR;
            } else {
                PipesAndFiles.endInterruptedCall(t, p, writer);
            }
        }
    }

    /** A handler's program ended: the interrupted work resumes. True if the task left the CPU or has work. */
    boolean sigreturn(Cpu c, Task t) {
        SignalState.Frame f = t.sigFrame();
        t.ext().sigFrame = f.outer;
        t.program = f.program;
        t.pc = f.pc;
        t.loopCounters = f.loopCounters;
        t.streams = f.streams;
        t.ext().sigBlocked = f.blocked;
        t.work = f.work;
        t.lastResult = f.lastResult;
        if (f.work > 0) {
            t.inKernel = false;
            dispatch.startWork(c, t);
            return true;
        }
        return false;
    }

    /** Every thread of the process stops: running and queued ones now, blocked ones when their block ends. */
    private void stopProcess(Task t) {
        long now = sim.now();
        Task l = leaderOf(t);
        sending.stateOf(t).stopped = true;
        metrics.stops++;
        for (Task m : members(l)) {
            switch (m.state) {
                case RUNNING -> {
                    dispatch.releaseCpu(dispatch.cpu(m.cpu), false);
                    m.involuntarySwitches++;
                }
                case READY -> dispatch.leaveRunQueue(m, now);
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

    /** sigaction, sigprocmask, setpgid. True if the task left the CPU. */
    boolean signalOp(Cpu c, Task t, Program p, int pc) {
        Action a = p.action[pc];
        if (a instanceof Action.Sigaction sa) {
            SignalState s = sending.stateOf(t);
            long bit = 1L << sa.sig();
            s.disposition[sa.sig()] = sa.disposition();
            s.handler[sa.sig()] = p.target[pc];
            s.noRestart = sa.restart() ? s.noRestart & ~bit : s.noRestart | bit;
            if (sa.sig() == Signals.SIGCHLD) leaderOf(t).autoreap = sa.disposition() == SignalState.IGNORE; // SIG_IGN: no zombies
            Signals.Default def = Signals.defaultAction(sa.sig());
            if (sa.disposition() == SignalState.IGNORE
                    || sa.disposition() == SignalState.DEFAULT && (def == Signals.Default.IGNORE || def == Signals.Default.CONTINUE)) {
                s.pending &= ~bit; // a pending signal now ignored is discarded
            }
            t.lastResult = 0;
        } else if (a instanceof Action.SigMask m) {
            if (m.block()) t.ext().sigBlocked |= m.mask();
            else t.ext().sigBlocked &= ~m.mask();
            t.lastResult = 0;
        } else if (a instanceof Action.SetPgid sp) {
            Task who = sp.child() == Action.SetPgid.SELF ? leaderOf(t) : TaskTable.findChild(leaderOf(t), sp.child(), false);
            if (who == null || who.state == TaskState.ZOMBIE) {
                t.lastResult = -Signals.ESRCH;
            } else {
                who.pgid = sp.joinCaller() ? leaderOf(t).pgid : who.pid;
                t.lastResult = 0;
            }
        }
        return false;
    }

    /** exec: handled signals go back to their default action (their flags cleared); ignored ones stay ignored; the mask and pending stay. */
    void resetHandlersAtExec(Task t) {
        SignalState s = t.sig();
        if (s == null) return;
        for (int i = 1; i <= Signals.MAX; i++) {
            if (s.disposition[i] == SignalState.HANDLER) {
                s.disposition[i] = SignalState.DEFAULT;
                s.handler[i] = null;
            }
        }
        s.noRestart = 0;
    }
}

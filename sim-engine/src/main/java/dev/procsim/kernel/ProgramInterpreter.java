package dev.procsim.kernel;

import static dev.procsim.kernel.Phase.PHASE_EXEC;
import static dev.procsim.kernel.Phase.PHASE_EXIT;
import static dev.procsim.kernel.Phase.PHASE_FORK_COPY;
import static dev.procsim.kernel.Phase.PHASE_FORK_FAILED;
import static dev.procsim.kernel.Phase.PHASE_JOB;
import static dev.procsim.kernel.Phase.PHASE_NONE;
import static dev.procsim.kernel.Phase.PHASE_SPAWN_COPY;
import static dev.procsim.kernel.ThreadGroup.leaderOf;

import dev.procsim.engine.SimTime;
import dev.procsim.engine.Simulation;

/**
 * The program interpreter, the kernel's system-call entry: steps a task's compiled program
 * (compute, I/O, sleep, page touches, system calls, loops) until it needs the CPU for a while,
 * blocks or leaves, hands each system call to its subsystem (fork, exit and wait, threads, pipes,
 * signals, real-time jobs), and finishes the kernel work a phase stands for (fork copies, exec,
 * exit) when its CPU time is spent ({@link #completePhase}). It is the one subsystem the dispatch
 * loop calls up to ({@link ProgramRunner}).
 */
final class ProgramInterpreter implements ProgramRunner {
    private final KernelContext k;
    private final KernelMetrics metrics;
    private final ScheduleLog schedule;
    private final Simulation sim;
    private final MemoryModel mem;
    private final DispatchLoop dispatch;
    private final RealtimeJobs realtime;
    private final TaskStreams durations;
    private final ForkAndSpawn forks;
    private final ExitAndWait exit;
    private final ThreadGroups threads;
    private final PipesAndFiles files;
    private final SignalSending sending;
    private final SignalDelivery delivery;
    private final Migrations migrations;

    ProgramInterpreter(KernelContext k, DispatchLoop dispatch, RealtimeJobs realtime, TaskStreams durations, ForkAndSpawn forks, ExitAndWait exit,
            ThreadGroups threads, PipesAndFiles files, SignalSending sending, SignalDelivery delivery, Migrations migrations) {
        this.migrations = migrations;
        this.k = k;
        this.metrics = k.metrics;
        this.schedule = k.schedule;
        this.sim = k.sim;
        this.mem = k.mem;
        this.dispatch = dispatch;
        this.realtime = realtime;
        this.durations = durations;
        this.forks = forks;
        this.exit = exit;
        this.threads = threads;
        this.files = files;
        this.sending = sending;
        this.delivery = delivery;
    }

    @Override
    public void jobQueued(Task t) {
        realtime.armDropCheck(t);
    }

    /** Program steps one task may take at one instant before the run is declared stuck in a loop. */
    static final int STEP_LIMIT = 1_000_000;

    /** Draws the task's next CPU burst (loop bookkeeping on the way is done too) if its next action is a computation, or releases a due job. */
    @Override
    public void preloadBurst(Task t) {
        Program p = t.program;
        for (int guard = 0; guard < 64 && t.pc < p.op.length; guard++) {
            int pc = t.pc;
            byte op = p.op[pc];
            if (op == Program.LOOP_START || op == Program.LOOP_END) {
                stepLoop(t, p, pc);
            } else if (op == Program.COMPUTE) {
                t.pc++;
                long d = durations.sample(t, p, pc);
                if (d > 0) {
                    t.work = d;
                    t.demand += d;
                    return;
                }
            } else if (op == Program.PERIODIC) {
                RealtimeStats rt = RealtimeJobs.realtimeOf(t, (Action.Periodic) p.action[pc]);
                if (rt == null) {
                    t.pc++; // all jobs done
                    continue;
                }
                long release = RealtimeJobs.nextRelease(t, rt);
                if (release <= sim.now()) realtime.startJob(t, rt, release);
                return;
            } else {
                return;
            }
        }
    }

    /**
     * Runs the task's program from where it stands until it needs CPU time, leaves the CPU, or
     * exits. Called when the task is on CPU {@code c} with no work item left.
     */
    @Override
    public void runProgram(Cpu c, Task t) {
        Task was = dispatch.acting; // the waker of whatever this step wakes (nested when a task's step runs another's)
        dispatch.acting = t;
        step(c, t);
        dispatch.acting = was;
    }

    private void step(Cpu c, Task t) {
        t.inKernel = false; // whatever work it had is done
        int steps = 0;
        while (true) {
            if (++steps > STEP_LIMIT) {
                throw new IllegalStateException("task " + t + " ran " + STEP_LIMIT
                        + " program steps without using time: a loop of zero-length actions?");
            }
            if (t.phase != PHASE_NONE) {
                if (completePhase(c, t)) return;
                continue;
            }
            if (t.pendingExec != null) {
                if (dispatch.kernelWork(c, t, mem.exec(t, t.memoryBytes), PHASE_EXEC, 0)) return;
                continue;
            }
            if (DispatchLoop.signalPending(t) && delivery.deliverSignal(c, t)) return; // returning to user mode: signals first
            if (t.wakeAt > sim.now()) { // a sleep interrupted by a signal whose handler did not take over: sleep on
                dispatch.block(c, t, BlockReason.SLEEP, t.wakeAt);
                return;
            }
            Program p = t.program;
            int pc = t.pc;
            if (pc >= p.op.length && t.sigFrame() != null) { // a handler returns (sigreturn)
                if (delivery.sigreturn(c, t)) return;
                continue;
            }
            if (pc >= p.op.length) {
                // a group leader returning from its program ends the process (exit_group); a thread ends itself
                if (t.group() != null && t.group().leader == t) threads.exitGroup(c, t, 0);
                else exit.beginExit(c, t, 0);
                return;
            }
            long now = sim.now();
            switch (p.op[pc]) {
                case Program.COMPUTE -> {
                    t.pc++;
                    long d = durations.sample(t, p, pc);
                    if (d > 0) {
                        t.work = d;
                        t.demand += d;
                        t.inKernel = false;
                        dispatch.startWork(c, t);
                        return;
                    }
                }
                case Program.SYSCALL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (dispatch.kernelWork(c, t, durations.sample(t, p, pc), PHASE_NONE, 0)) return;
                }
                case Program.IO, Program.SLEEP -> {
                    t.pc++;
                    long d = durations.sample(t, p, pc);
                    // Dur.FOREVER, or a block that would end past the end of simulated time, never ends.
                    long wakeAt = d >= SimTime.NEVER - now ? SimTime.NEVER : now + d;
                    dispatch.block(c, t, p.op[pc] == Program.IO ? BlockReason.IO : BlockReason.SLEEP, wakeAt);
                    return;
                }
                case Program.YIELD -> {
                    t.pc++;
                    t.voluntarySwitches++;
                    dispatch.requeue(c, t, Scheduler.EnqueueReason.YIELDED);
                    return;
                }
                case Program.FORK -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (forks.startFork(c, t, p, pc, false)) return;
                }
                case Program.SPAWN -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (forks.startFork(c, t, p, pc, true)) return;
                }
                case Program.CLONE -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (forks.startFork(c, t, p, pc, false)) return;
                }
                case Program.JOIN -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (threads.join(c, t, ((Action.Join) p.action[pc]).index())) return;
                }
                case Program.PIPE, Program.PIPE_WRITE, Program.PIPE_READ, Program.PIPE_CLOSE -> {
                    if (t.pipeDone() < 0 && kernelEntryPreempts(c, t)) return;
                    switch (files.pipeOp(c, t, p, pc)) {
                        case PipesAndFiles.GO_ON -> { }
                        case PipesAndFiles.EXIT_AT_EOF -> {
                            exitAtEnd(c, t, 0); // a program that ends at end of file
                            return;
                        }
                        case PipesAndFiles.SIGPIPE -> {
                            sending.sendSignal(t, Signals.SIGPIPE);
                            if (c.current != t) return; // it ended or stopped
                        }
                        default -> {
                            return;
                        }
                    }
                }
                case Program.EXIT_GROUP -> {
                    threads.exitGroup(c, t, ((Action.ExitGroup) p.action[pc]).code());
                    return;
                }
                case Program.EXEC -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (t.group() != null) threads.deThread(t); // exec ends the other threads; the caller becomes the process
                    t.pendingExec = p.target[pc];
                    long bytes = ((Action.Exec) p.action[pc]).memoryBytes();
                    if (dispatch.kernelWork(c, t, mem.exec(t, bytes), PHASE_EXEC, 0)) return;
                }
                case Program.TOUCH -> {
                    t.pc++;
                    if (dispatch.kernelWork(c, t, mem.touch(t, (Action.Touch) p.action[pc], durations.touchSampler(t)), PHASE_NONE, 0)) return;
                }
                case Program.WAIT -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    Action.Wait w = (Action.Wait) p.action[pc];
                    Task owner = leaderOf(t); // children belong to the process: any of its threads may wait
                    Task z = TaskTable.findChild(owner, w.childIndex(), true);
                    if (z != null) {
                        t.lastResult = z.pid;
                        exit.reap(t, z);
                        if (dispatch.kernelWork(c, t, mem.waitReapCost(), PHASE_NONE, 0)) return;
                    } else if (TaskTable.findChild(owner, w.childIndex(), false) == null) {
                        t.lastResult = -Signals.ECHILD;
                    } else if (w.nohang()) {
                        t.lastResult = 0;
                    } else {
                        t.waitTarget = w.childIndex();
                        dispatch.block(c, t, BlockReason.WAIT, SimTime.NEVER);
                        return;
                    }
                }
                case Program.EXIT -> {
                    exit.beginExit(c, t, ((Action.Exit) p.action[pc]).code());
                    return;
                }
                case Program.LOOP_START, Program.LOOP_END -> stepLoop(t, p, pc);
                case Program.KILL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (sending.killOp(c, t, (Action.Kill) p.action[pc])) return;
                }
                case Program.SET_DEADLINE -> {
                    t.pc++;
                    if (realtime.admitDeadline(t, ((Action.SetDeadline) p.action[pc]).params())) {
                        // its policy changed (sched_setattr): it goes back to the run queue under the new one
                        dispatch.requeue(c, t, Scheduler.EnqueueReason.PREEMPTED);
                        return;
                    }
                }
                case Program.SET_AFFINITY -> {
                    t.pc++;
                    CpuSet set = ((Action.SetAffinity) p.action[pc]).cpus();
                    if (!migrations.canConfine(t, set)) {
                        t.lastResult = -Signals.EINVAL; // no CPU of this machine in it
                    } else {
                        t.ext().allowed = set;
                        t.lastResult = 0;
                        if (!set.contains(c.id)) { // it moves at once (migration_cpu_stop)
                            dispatch.requeue(c, t, Scheduler.EnqueueReason.PREEMPTED);
                            return;
                        }
                    }
                }
                case Program.SET_SLICE -> {
                    t.pc++;
                    t.ext().slice = ((Action.SetSlice) p.action[pc]).nanos();
                    t.lastResult = 0;
                }
                case Program.SIGACTION, Program.SIGMASK, Program.SETPGID -> {
                    t.pc++;
                    if (delivery.signalOp(c, t, p, pc)) return;
                }
                case Program.PERIODIC -> {
                    RealtimeStats rt = RealtimeJobs.realtimeOf(t, (Action.Periodic) p.action[pc]);
                    if (rt == null) {
                        t.pc++;
                    } else {
                        long release = RealtimeJobs.nextRelease(t, rt);
                        if (release > now) {
                            dispatch.block(c, t, BlockReason.SLEEP, release);
                            return;
                        }
                        // A new job goes through the run queue: the policy may prefer another task. The task
                        // never slept (its job was late, the next one already released), so it is put back as
                        // a running task is (PREEMPTED), not woken: a WAKEUP counted it in the fair policies'
                        // load a second time each job (32 x its weight after 100 ms) and applied
                        // SCHED_DEADLINE's wake-up rule to a task that never slept.
                        dispatch.requeue(c, t, Scheduler.EnqueueReason.PREEMPTED);
                        dispatch.noteWoken(t);
                        return;
                    }
                }
                default -> throw new IllegalStateException("bad opcode " + p.op[pc]);
            }
        }
    }

    /** Loop bookkeeping: a loop start sets its counter; a loop end jumps back or falls through. */
    static void stepLoop(Task t, Program p, int pc) {
        if (p.op[pc] == Program.LOOP_START) {
            if (t.loopCounters == null) t.loopCounters = new int[p.loops];
            t.loopCounters[p.loopSlot[pc]] = p.loopArg[pc];
            t.pc++;
        } else {
            int start = p.loopArg[pc];
            int times = p.loopArg[start];
            if (times < 0 || --t.loopCounters[p.loopSlot[pc]] > 0) t.pc = start + 1;
            else t.pc++;
        }
    }

    /** In cooperative mode, a task whose quantum expired is switched out when it enters the kernel. */
    private boolean kernelEntryPreempts(Cpu c, Task t) {
        if (t.needResched) {
            dispatch.preempt(c, false);
            return true;
        }
        return false;
    }

    /** Finishes the kernel work a phase stands for. Returns true if the task left the CPU or has new work. */
    private boolean completePhase(Cpu c, Task t) {
        byte phase = t.phase;
        int arg = t.phaseArg;
        t.phase = PHASE_NONE;
        switch (phase) {
            case PHASE_FORK_COPY, PHASE_SPAWN_COPY -> {
                return forks.commitFork(c, t, arg, phase == PHASE_SPAWN_COPY);
            }
            case PHASE_FORK_FAILED -> {
                return forks.forkFailed(c, t);
            }
            case PHASE_EXEC -> {
                t.program = t.pendingExec;
                t.pendingExec = null;
                t.pc = 0;
                t.loopCounters = null;
                t.streams = null;
                if (t.ext != null) t.ext.sigFrame = null; // a handler that execs never returns
                delivery.resetHandlersAtExec(t);
                metrics.execs++;
                schedule.instant(sim.now(), t, "exec", t.program.name());
                exit.releaseVforkParent(t);
                return migrations.execBalance(c, t); // sched_exec: a new program may start on a less loaded CPU
            }
            case PHASE_EXIT -> {
                exit.finishExit(c, t);
                return true;
            }
            case PHASE_JOB -> {
                realtime.completeJob(t);
                return false;
            }
            default -> throw new IllegalStateException("bad phase " + phase);
        }
    }

    /** The release of a new task's first periodic job if it starts with one released after now, else NEVER. */
    long firstReleaseLater(Task t, long now) {
        if (t.work == 0 && t.phase == PHASE_NONE && t.pendingExec == null) preloadBurst(t);
        Program p = t.program;
        if (t.work != 0 || t.pc >= p.op.length || p.op[t.pc] != Program.PERIODIC || t.rt == null || t.rt.active) return SimTime.NEVER;
        long release = RealtimeJobs.nextRelease(t, t.rt);
        return release > now ? release : SimTime.NEVER;
    }

    /** The task's program ends it: a group leader's return ends the process (exit_group), a thread's ends the thread. */
    private void exitAtEnd(Cpu c, Task t, int code) {
        if (t.group() != null && t.group().leader == t) threads.exitGroup(c, t, code);
        else exit.beginExit(c, t, code);
    }
}

package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.engine.StreamSwitch;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The program interpreter: steps a task's compiled program (compute, I/O, sleep, page touches,
 * system calls, loops) until it needs the CPU for a while, blocks or leaves, and turns kernel work
 * (fork copies, exec, exit) into phases that take CPU time and finish in {@link #completePhase}.
 * Fork and exit themselves are in the layers above.
 */
abstract class ProgramInterpreter extends RealtimeJobs {
    // Calls up to the layers above (implemented there; the one class, Kernel, is final, so they stay direct calls).
    abstract void beginExit(Cpu c, Task t, int code);
    abstract boolean commitFork(Cpu c, Task t, int pc, boolean spawn);
    abstract void finishExit(Cpu c, Task t);
    abstract boolean forkFailed(Cpu c, Task t);
    abstract void kill(Task target, int signal);
    abstract void reap(Task waiter, Task z);
    abstract void releaseVforkParent(Task t);
    abstract Task resolve(Task t, Action.Target target);
    abstract boolean startFork(Cpu c, Task t, Program p, int pc, boolean spawn);
    abstract void exitGroup(Cpu c, Task t, int code);
    abstract boolean join(Cpu c, Task t, int index);
    abstract void deThread(Task t);
    abstract boolean pipeOp(Cpu c, Task t, Program p, int pc);
    abstract boolean deliverSignal(Cpu c, Task t);
    abstract boolean sigreturn(Cpu c, Task t);
    abstract boolean signalOp(Cpu c, Task t, Program p, int pc);
    abstract boolean killOp(Cpu c, Task t, Action.Kill k);
    abstract void resetHandlersAtExec(Task t);

    ProgramInterpreter(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    /** Program steps one task may take at one instant before the run is declared stuck in a loop. */
    static final int STEP_LIMIT = 1_000_000;

    void preloadBurst(Task t) {
        Program p = t.program;
        for (int guard = 0; guard < 64 && t.pc < p.op.length; guard++) {
            int pc = t.pc;
            byte op = p.op[pc];
            if (op == Program.LOOP_START || op == Program.LOOP_END) {
                stepLoop(t, p, pc);
            } else if (op == Program.COMPUTE) {
                t.pc++;
                long d = sample(t, p, pc);
                if (d > 0) {
                    t.work = d;
                    t.demand += d;
                    return;
                }
            } else if (op == Program.PERIODIC) {
                RealtimeStats rt = realtimeOf(t, (Action.Periodic) p.action[pc]);
                if (rt == null) {
                    t.pc++; // all jobs done
                    continue;
                }
                long release = nextRelease(t, rt);
                if (release <= sim.now()) startJob(t, rt, release);
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
    void runProgram(Cpu c, Task t) {
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
                if (kernelWork(c, t, mem.exec(t, t.memoryBytes), PHASE_EXEC, 0)) return;
                continue;
            }
            if (signalPending(t) && deliverSignal(c, t)) return; // returning to user mode: signals first
            if (t.wakeAt > sim.now()) { // a sleep interrupted by a signal whose handler did not take over: sleep on
                block(c, t, BlockReason.SLEEP, t.wakeAt);
                return;
            }
            Program p = t.program;
            int pc = t.pc;
            if (pc >= p.op.length && t.sigFrame() != null) { // a handler returns (sigreturn)
                if (sigreturn(c, t)) return;
                continue;
            }
            if (pc >= p.op.length) {
                // a group leader returning from its program ends the process (exit_group); a thread ends itself
                if (t.group() != null && t.group().leader == t) exitGroup(c, t, 0);
                else beginExit(c, t, 0);
                return;
            }
            long now = sim.now();
            switch (p.op[pc]) {
                case Program.COMPUTE -> {
                    t.pc++;
                    long d = sample(t, p, pc);
                    if (d > 0) {
                        t.work = d;
                        t.demand += d;
                        t.inKernel = false;
                        startWork(c, t);
                        return;
                    }
                }
                case Program.SYSCALL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (kernelWork(c, t, sample(t, p, pc), PHASE_NONE, 0)) return;
                }
                case Program.IO, Program.SLEEP -> {
                    t.pc++;
                    long d = sample(t, p, pc);
                    // Dur.FOREVER, or a block that would end past the end of simulated time, never ends.
                    long wakeAt = d >= SimTime.NEVER - now ? SimTime.NEVER : now + d;
                    block(c, t, p.op[pc] == Program.IO ? BlockReason.IO : BlockReason.SLEEP, wakeAt);
                    return;
                }
                case Program.YIELD -> {
                    t.pc++;
                    releaseCpu(c, true);
                    t.state = TaskState.READY;
                    t.stateSince = now;
                    t.voluntarySwitches++;
                    enqueue(t, Scheduler.EnqueueReason.YIELDED, now);
                    return;
                }
                case Program.FORK -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (startFork(c, t, p, pc, false)) return;
                }
                case Program.SPAWN -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (startFork(c, t, p, pc, true)) return;
                }
                case Program.CLONE -> {
                    if (kernelEntryPreempts(c, t)) return;
                    if (startFork(c, t, p, pc, false)) return;
                }
                case Program.JOIN -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (join(c, t, ((Action.Join) p.action[pc]).index())) return;
                }
                case Program.PIPE, Program.PIPE_WRITE, Program.PIPE_READ, Program.PIPE_CLOSE -> {
                    if (t.pipeDone() < 0 && kernelEntryPreempts(c, t)) return;
                    if (pipeOp(c, t, p, pc)) return;
                }
                case Program.EXIT_GROUP -> {
                    exitGroup(c, t, ((Action.ExitGroup) p.action[pc]).code());
                    return;
                }
                case Program.EXEC -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (t.group() != null) deThread(t); // exec ends the other threads; the caller becomes the process
                    t.pendingExec = p.target[pc];
                    long bytes = ((Action.Exec) p.action[pc]).memoryBytes();
                    if (kernelWork(c, t, mem.exec(t, bytes), PHASE_EXEC, 0)) return;
                }
                case Program.TOUCH -> {
                    t.pc++;
                    if (kernelWork(c, t, mem.touch(t, (Action.Touch) p.action[pc], touchSampler(t)), PHASE_NONE, 0)) return;
                }
                case Program.WAIT -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    Action.Wait w = (Action.Wait) p.action[pc];
                    Task owner = leaderOf(t); // children belong to the process: any of its threads may wait
                    Task z = ExitAndWait.findChild(owner, w.childIndex(), true);
                    if (z != null) {
                        t.lastResult = z.pid;
                        reap(t, z);
                        if (kernelWork(c, t, mem.waitReapCost(), PHASE_NONE, 0)) return;
                    } else if (ExitAndWait.findChild(owner, w.childIndex(), false) == null) {
                        t.lastResult = -Signals.ECHILD;
                    } else if (w.nohang()) {
                        t.lastResult = 0;
                    } else {
                        t.waitTarget = w.childIndex();
                        block(c, t, BlockReason.WAIT, SimTime.NEVER);
                        return;
                    }
                }
                case Program.EXIT -> {
                    beginExit(c, t, ((Action.Exit) p.action[pc]).code());
                    return;
                }
                case Program.LOOP_START, Program.LOOP_END -> stepLoop(t, p, pc);
                case Program.KILL -> {
                    if (kernelEntryPreempts(c, t)) return;
                    t.pc++;
                    if (killOp(c, t, (Action.Kill) p.action[pc])) return;
                }
                case Program.SET_DEADLINE -> {
                    t.pc++;
                    if (admitDeadline(t, ((Action.SetDeadline) p.action[pc]).params())) {
                        // its policy changed (sched_setattr): it goes back to the run queue under the new one
                        releaseCpu(c, true);
                        t.state = TaskState.READY;
                        t.stateSince = now;
                        enqueue(t, Scheduler.EnqueueReason.PREEMPTED, now);
                        return;
                    }
                }
                case Program.SET_SLICE -> {
                    t.pc++;
                    t.ext().slice = ((Action.SetSlice) p.action[pc]).nanos();
                    t.lastResult = 0;
                }
                case Program.SIGACTION, Program.SIGMASK, Program.SETPGID -> {
                    t.pc++;
                    if (signalOp(c, t, p, pc)) return;
                }
                case Program.PERIODIC -> {
                    RealtimeStats rt = realtimeOf(t, (Action.Periodic) p.action[pc]);
                    if (rt == null) {
                        t.pc++;
                    } else {
                        long release = nextRelease(t, rt);
                        if (release > now) {
                            block(c, t, BlockReason.SLEEP, release);
                            return;
                        }
                        // A new job goes through the run queue: the policy may prefer another task. The task
                        // never slept (its job was late, the next one already released), so it is put back as
                        // a running task is (PREEMPTED), not woken: a WAKEUP counted it in the fair policies'
                        // load a second time each job (32 x its weight after 100 ms) and applied
                        // SCHED_DEADLINE's wake-up rule to a task that never slept.
                        releaseCpu(c, true);
                        t.state = TaskState.READY;
                        t.stateSince = now;
                        enqueue(t, Scheduler.EnqueueReason.PREEMPTED, now);
                        noteWoken(t);
                        return;
                    }
                }
                default -> throw new IllegalStateException("bad opcode " + p.op[pc]);
            }
        }
    }

    /** The leader of the task's thread group: the task itself when it has no threads. */
    static Task leaderOf(Task t) {
        return t.group() == null ? t : t.group().leader;
    }

    /**
     * SCHED_DEADLINE admission control (as __dl_overflow): the admitted bandwidth, this task's
     * included, must stay within 95% of the CPUs (sched_rt_runtime_us / sched_rt_period_us);
     * refused, the task keeps its old policy and the action's result is EBUSY.
     */
    boolean admitDeadline(Task t, DeadlineParams p) {
        long old = t.dl() == null ? 0 : t.dl().bandwidth();
        long limit = (long) cfg.cpus * ((950_000L << 20) / 1_000_000L);
        if (dlBandwidth - old + p.bandwidth() > limit) {
            metrics.dlRefused++;
            t.lastResult = -Signals.EBUSY;
            return false;
        }
        dlBandwidth += p.bandwidth() - old;
        t.ext().dl = p;
        metrics.dlAdmitted++;
        t.lastResult = 0;
        return true;
    }

    /** Admitted SCHED_DEADLINE bandwidth (units of 2^-20 CPU). */
    long dlBandwidth;

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
    boolean kernelEntryPreempts(Cpu c, Task t) {
        if (t.needResched) {
            preempt(c, false);
            return true;
        }
        return false;
    }

    /**
     * Starts kernel work of {@code cost} ns on the task's CPU, to be followed by {@code phase}.
     * Returns true if the task now has work to do (the caller must return), false if the cost was
     * zero and the phase can complete at once.
     */
    boolean kernelWork(Cpu c, Task t, long cost, byte phase, int phaseArg) {
        t.phase = phase;
        t.phaseArg = phaseArg;
        if (cost > 0) {
            t.inKernel = true;
            t.work = cost;
            t.demand += cost;
            startWork(c, t);
            return true;
        }
        return false;
    }

    /** Finishes the kernel work a phase stands for. Returns true if the task left the CPU or has new work. */
    boolean completePhase(Cpu c, Task t) {
        byte phase = t.phase;
        int arg = t.phaseArg;
        t.phase = PHASE_NONE;
        switch (phase) {
            case PHASE_FORK_COPY, PHASE_SPAWN_COPY -> {
                return commitFork(c, t, arg, phase == PHASE_SPAWN_COPY);
            }
            case PHASE_FORK_FAILED -> {
                return forkFailed(c, t);
            }
            case PHASE_EXEC -> {
                t.program = t.pendingExec;
                t.pendingExec = null;
                t.pc = 0;
                t.loopCounters = null;
                t.streams = null;
                if (t.ext != null) t.ext.sigFrame = null; // a handler that execs never returns
                resetHandlersAtExec(t);
                metrics.execs++;
                schedule.instant(sim.now(), t, "exec", t.program.name());
                releaseVforkParent(t);
                return false;
            }
            case PHASE_EXIT -> {
                finishExit(c, t);
                return true;
            }
            case PHASE_JOB -> {
                completeJob(t);
                return false;
            }
            default -> throw new IllegalStateException("bad phase " + phase);
        }
    }

    /** The family of per-task streams that choose which pages a task touches. */
    static final long PAGES_STREAM = RandomStreams.nameHash("pages");

    /**
     * A duration of the task's program: a constant, or a draw from the task's own stream for that
     * duration (keyed by the stream's name and the task's identity). Every task's streams are
     * drawn through one generator ({@link StreamSwitch}) and one sampler per program duration;
     * the task keeps only the streams' state, made when it first draws (for every random
     * duration of its program at once) and dropped when it execs.
     */
    long sample(Task t, Program p, int pc) {
        Dur d = p.dur[pc];
        if (d instanceof Dur.Fixed f) return f.nanos();
        int ri = p.randomIndex[pc];
        long[] state = t.streams;
        if (state == null) {
            state = new long[p.randoms.length * StreamSwitch.WORDS];
            for (int i = 0; i < p.randoms.length; i++) streams.seedStream(p.randomHash[i], t.key, state, i * StreamSwitch.WORDS);
            t.streams = state;
        }
        DoubleSampler[] forProgram = samplers[p.id];
        if (forProgram == null) {
            forProgram = new DoubleSampler[p.randoms.length];
            for (int i = 0; i < forProgram.length; i++) forProgram[i] = p.randoms[i].distribution().sampler(streamSwitch);
            samplers[p.id] = forProgram;
        }
        int off = ri * StreamSwitch.WORDS;
        streamSwitch.load(state, off);
        long v = forProgram[ri].sampleNanos();
        streamSwitch.store(state, off);
        return v;
    }

    /** Uniform [0, 1) numbers for choosing pages, one stream per task. */
    DoubleSampler touchSampler(Task t) {
        if (t.touchRng == null) {
            UniformRandomProvider rng = streams.stream(PAGES_STREAM, t.key);
            t.touchRng = rng::nextDouble;
        }
        return t.touchRng;
    }
}

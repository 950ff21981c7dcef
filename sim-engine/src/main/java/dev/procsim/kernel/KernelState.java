package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;
import dev.procsim.engine.EventHandler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.Simulation;
import dev.procsim.engine.StreamSwitch;

/**
 * What every part of the kernel shares (the bottom layer): the configuration, the simulation and
 * its clock, the scheduler and the memory model it was given, the CPUs, the PID allocator, the
 * metrics and the schedule log, init, and the event and phase codes. The layers above it, each a
 * file of its own concern, are listed in {@code package-info.java}.
 */
abstract class KernelState implements EventHandler {
    // Calls up to the layers above (implemented there; the one class, Kernel, is final, so they stay direct calls).
    abstract void settle();

    static final int EV_ARRIVE = 1, EV_WORK = 2, EV_QUANTUM = 3, EV_WAKE = 4, EV_INIT_REAP = 5, EV_JOB_MISS = 6, EV_ARRIVE_LATER = 7, EV_ARRIVE_BATCH = 8,
            EV_SIGNAL = 9, EV_SCHED_TIMER = 10;

    static final byte PHASE_NONE = 0, PHASE_FORK_COPY = 1, PHASE_FORK_FAILED = 2, PHASE_SPAWN_COPY = 3,
            PHASE_EXEC = 4, PHASE_EXIT = 5, PHASE_JOB = 6;

    static final class Cpu {
        final int id;
        Task current;
        Task lastRan;
        Task preempted; // taken off this CPU against its will, not yet known to be replaced
        long segStart; // when the current task started (or will start, after a switch) executing
        long runStart; // start of the current Gantt segment
        long workEvent = -1;
        long workEnd = -1; // when workEvent fires
        long quantumEvent = -1;

        Cpu(int id) {
            this.id = id;
        }
    }

    final Simulation sim;
    final KernelConfig cfg;
    final Scheduler sched;
    final MemoryModel mem;
    final ProgramSet programs;
    final RandomStreams streams;
    /** Draws every task's durations (see sample); samplers[program id][random duration] are bound to it. */
    final StreamSwitch streamSwitch = new StreamSwitch();
    final DoubleSampler[][] samplers;
    final Cpu[] cpus;
    final PidAllocator pids;
    final Cgroup workloadGroup;
    final KernelMetrics metrics;
    final ScheduleLog schedule;
    final Task init;
    final boolean cooperative;
    final Scheduler.OnMiss onMiss;

    KernelState(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        cfg.validate();
        this.cfg = cfg;
        this.sched = sched;
        this.mem = mem;
        this.programs = programs;
        this.streams = streams;
        this.samplers = new DoubleSampler[programs.size()][];
        this.sim = new Simulation();
        sim.setEndOfInstant(this::settle);
        cpus = new Cpu[cfg.cpus];
        for (int i = 0; i < cfg.cpus; i++) cpus[i] = new Cpu(i);
        pids = new PidAllocator(cfg.pidMax);
        workloadGroup = new Cgroup("workload", cfg.pidsMax);
        metrics = new KernelMetrics(cfg.cpus);
        if (!cfg.recordSeries) {
            metrics.pidsInUse.keepPeakOnly();
            metrics.zombies.keepPeakOnly();
            metrics.readyQueue.keepPeakOnly();
        }
        schedule = new ScheduleLog(cfg.maxScheduleSegments);
        cooperative = sched.preemption() == Scheduler.Preemption.AT_KERNEL_ENTRY;
        onMiss = sched.onMiss();
        sched.init(cfg.cpus);
        mem.attach(sim::now);
        // PID 1: init. It runs no program of its own; it adopts orphans and reaps its zombies.
        init = new Task("init", 0);
        init.pid = pids.allocate();
        init.state = TaskState.BLOCKED;
        init.blockReason = BlockReason.WAIT;
        init.arrival = 0;
    }
}

package dev.procsim.kernel;

import dev.procsim.engine.EventHandler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.Simulation;

/**
 * What every subsystem of the kernel reads and none owns alone: the configuration, the simulation
 * and its clock, the scheduler and the memory model it was given, the metrics and the schedule
 * log, and the handler every kernel event is scheduled on (the {@link Kernel}, which routes it).
 * References only, set once: the state that changes lives in the subsystem that changes it.
 */
final class KernelContext {
    final KernelConfig cfg;
    final Simulation sim;
    /** The policy (with per-CPU run queues, CPU 0's instance): what the dispatch loop asks of every CPU's is in {@link RunQueues}. */
    final Scheduler sched;
    final MemoryModel mem;
    final ProgramSet programs;
    final RandomStreams streams;
    final KernelMetrics metrics;
    final ScheduleLog schedule;
    /** The handler of every kernel event ({@link KernelEvent}). */
    final EventHandler events;
    final boolean cooperative;
    final Scheduler.OnMiss onMiss;
    /**
     * Whether tasks may be confined to some CPUs (affinity, cpusets): one CPU, per-CPU queues, or
     * one shared queue whose policy can pick among the tasks a CPU may run ({@link Scheduler#picksAllowed}).
     */
    final boolean confinable;

    /** The end of the message refusing affinity or a cpuset to a policy that cannot keep tasks to their CPUs from one queue. */
    static String confineRefused(Scheduler sched) {
        return "needs per-CPU run queues (kernel.run_queue: per-cpu) with " + sched.name()
                + ", which cannot pick among the tasks a CPU may run from one queue shared by several CPUs";
    }

    KernelContext(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams, EventHandler events) {
        cfg.validate();
        this.cfg = cfg;
        this.sched = sched;
        this.mem = mem;
        this.programs = programs;
        this.streams = streams;
        this.events = events;
        this.sim = new Simulation();
        metrics = new KernelMetrics(cfg.cpus);
        if (!cfg.recordSeries) {
            metrics.pidsInUse.keepPeakOnly();
            metrics.zombies.keepPeakOnly();
            metrics.readyQueue.keepPeakOnly();
            metrics.loadImbalance.keepPeakOnly();
        }
        schedule = new ScheduleLog(cfg.maxScheduleSegments);
        cooperative = sched.preemption() == Scheduler.Preemption.AT_KERNEL_ENTRY;
        onMiss = sched.onMiss();
        confinable = cfg.cpus == 1 || cfg.runQueue == KernelConfig.RunQueue.PER_CPU || sched.picksAllowed();
        if (cfg.workloadCpuset != null && !confinable) throw new IllegalArgumentException("a cpuset " + confineRefused(sched));
        mem.attach(sim::now);
    }
}

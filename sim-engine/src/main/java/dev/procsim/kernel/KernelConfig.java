package dev.procsim.kernel;

import dev.procsim.engine.SimTime;

/**
 * Kernel parameters, with Linux-like defaults. Mutable while an experiment is being set up; the
 * kernel validates it once at construction.
 */
public final class KernelConfig {
    /** Number of identical CPUs. */
    public int cpus = 1;

    /** One run queue for every CPU (the textbooks' model), or one per CPU with placement and balancing (Linux's). */
    public enum RunQueue {
        GLOBAL, PER_CPU;

        /** As written in experiment files: {@code global}, {@code per-cpu}. */
        public String label() {
            return this == GLOBAL ? "global" : "per-cpu";
        }
    }

    public RunQueue runQueue = RunQueue.GLOBAL;
    /** The machine's shape (nodes, LLCs, cores, SMT); null: {@code cpus} CPUs sharing one LLC ({@link Topology#flat}). */
    public Topology topology;
    /**
     * Cache refill after a migration, by how far the task moved: index {@link Topology#SMT},
     * {@link Topology#LLC}, {@link Topology#NODE}, {@link Topology#CROSS_NODE} (index 0 unused).
     * Charged as the task's CPU time when it starts on the new CPU. Default: none.
     */
    public long[] migrationCost = new long[5];
    /**
     * The scheduler tick, or 0: with a tick, a time slice ends at the first tick at or after it
     * runs out, as on Linux without HRTICK (its default), where {@code scheduler_tick} is what
     * notices a used-up slice; with 0 it ends exactly (the textbooks, and HRTICK).
     */
    public long sliceTick = 0;
    /** cpuset.cpus of the cgroup holding every workload process (and the groups made inside it); null: every CPU. */
    public CpuSet workloadCpuset;
    /** pid_max, 301 .. 4,194,304 (Linux default 32768). */
    public int pidMax = PidAllocator.DEFAULT_PID_MAX;
    /** threads-max: most tasks (live and zombie, init included) at once. */
    public long threadsMax = 1_000_000_000L;
    /** RLIMIT_NPROC per user: most tasks of one uid at once. */
    public long rlimitNproc = Long.MAX_VALUE;
    /** pids.max of the cgroup holding every workload process (init stays outside). */
    public long pidsMax = Cgroup.UNLIMITED;
    /** How long init takes to reap a zombie it inherited. */
    public long initReapDelay = 0;
    /** Cost of switching a CPU from one task to another. */
    public long contextSwitch = 0;
    /**
     * Round-robin tie rule (design.md section 5): when false (the default) a task preempted by
     * its quantum is queued after the tasks that arrive or wake at that same instant.
     */
    public boolean requeuePreemptedFirst = false;
    /** Fork strategy of fork actions that name none. */
    public String defaultForkStrategy = "cow";
    /** Per-task records kept for output; beyond this only totals are kept. */
    public int maxTaskRecords = 1_000_000;
    /** Gantt segments kept; beyond this the schedule log stops (counted as truncated). */
    public int maxScheduleSegments = 200_000;
    /**
     * Whether the time series (PIDs in use, zombies, ready queue) keep their change points; when
     * false only their peaks are kept, and a run's memory no longer grows with its length.
     */
    public boolean recordSeries = true;
    /** Capacity of a new pipe in bytes: Linux's default 65,536 (16 pages); a power of two from 4 KiB to 1 MiB. */
    public int pipeCapacity = 65_536;
    /**
     * Per-CPU queues on more CPUs than this keep trees and bit sets for their searches (placement,
     * balancing, filling idle CPUs); on fewer they scan the CPUs. Never changes a result, only the
     * cost (a test runs both ways and compares); not in experiment files. Default 1: on one CPU the
     * bookkeeping cost 5 to 9%, on 8 CPUs the index already gained 12% (benchmarks/README.md).
     */
    public int indexCpusAbove = 1;

    /** A copy (a resolved experiment keeps one per sweep point; each run gets its own). */
    public KernelConfig copy() {
        KernelConfig c = new KernelConfig();
        c.cpus = cpus;
        c.pidMax = pidMax;
        c.threadsMax = threadsMax;
        c.rlimitNproc = rlimitNproc;
        c.pidsMax = pidsMax;
        c.initReapDelay = initReapDelay;
        c.contextSwitch = contextSwitch;
        c.requeuePreemptedFirst = requeuePreemptedFirst;
        c.defaultForkStrategy = defaultForkStrategy;
        c.maxTaskRecords = maxTaskRecords;
        c.maxScheduleSegments = maxScheduleSegments;
        c.recordSeries = recordSeries;
        c.pipeCapacity = pipeCapacity;
        c.indexCpusAbove = indexCpusAbove;
        c.runQueue = runQueue;
        c.topology = topology;
        c.migrationCost = migrationCost.clone();
        c.sliceTick = sliceTick;
        c.workloadCpuset = workloadCpuset;
        return c;
    }

    /** The topology, or the flat one of {@code cpus} CPUs. */
    public Topology topology() {
        return topology != null ? topology : Topology.flat(cpus);
    }

    public void validate() {
        if (cpus < 1 || cpus > 4096) throw new IllegalArgumentException("cpus must be in [1, 4096], was " + cpus);
        if (topology != null && topology.cpus() != cpus) {
            throw new IllegalArgumentException("the topology " + topology + " has " + topology.cpus() + " CPUs, but cpus is " + cpus);
        }
        if (migrationCost.length != 5) throw new IllegalArgumentException("migration_cost needs 5 entries");
        if (sliceTick < 0) throw new IllegalArgumentException("slice_tick must be >= 0");
        if (workloadCpuset != null && workloadCpuset.last() >= cpus) {
            throw new IllegalArgumentException("cpuset " + workloadCpuset + " names a CPU this machine of " + cpus + " lacks");
        }
        for (long m : migrationCost) if (m < 0) throw new IllegalArgumentException("migration_cost must be >= 0");
        if (pidMax < PidAllocator.MIN_PID_MAX || pidMax > PidAllocator.MAX_PID_MAX) {
            throw new IllegalArgumentException("pid_max must be in [" + PidAllocator.MIN_PID_MAX + ", "
                    + PidAllocator.MAX_PID_MAX + "], was " + pidMax);
        }
        if (threadsMax < 1) throw new IllegalArgumentException("threads_max must be >= 1, was " + threadsMax);
        if (rlimitNproc < 1) throw new IllegalArgumentException("rlimit_nproc must be >= 1, was " + rlimitNproc);
        if (pidsMax < 0) throw new IllegalArgumentException("pids_max must be >= 0, was " + pidsMax);
        if (initReapDelay < 0 || initReapDelay >= SimTime.NEVER) throw new IllegalArgumentException("init_reap_delay must be >= 0");
        if (contextSwitch < 0) throw new IllegalArgumentException("context_switch must be >= 0");
        if (pipeCapacity < 4096 || pipeCapacity > 1 << 20 || Integer.bitCount(pipeCapacity) != 1) {
            throw new IllegalArgumentException("pipe_capacity must be a power of two from 4KiB to 1MiB (Linux: whole pages, at most"
                    + " /proc/sys/fs/pipe-max-size), was " + pipeCapacity + " bytes");
        }
        if (maxTaskRecords < 0 || maxScheduleSegments < 0) throw new IllegalArgumentException("record limits must be >= 0");
    }
}

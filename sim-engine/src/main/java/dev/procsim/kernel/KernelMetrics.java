package dev.procsim.kernel;

import dev.procsim.metrics.StepSeries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;

/** System-wide counters and series of one run (design.md section 6, the parts without memory). */
public final class KernelMetrics {
    /** One refused fork. */
    public record Failure(long time, int pid, ForkFailure cause) {}

    /** Totals over the pipes of one name: bytes written, time writers blocked on full and readers on empty. */
    public static final class PipeStats {
        final String name;
        long bytes, blockedFull, blockedEmpty;
        final StepSeries bytesSeries;

        PipeStats(String name) {
            this.name = name;
            this.bytesSeries = new StepSeries("pipe_bytes:" + name);
        }

        public String name() { return name; }
        public long bytes() { return bytes; }
        public long blockedFullNanos() { return blockedFull; }
        public long blockedEmptyNanos() { return blockedEmpty; }
        /** Bytes written so far into pipes of this name, over time (a point per write). */
        public StepSeries bytesSeries() { return bytesSeries; }
    }

    final java.util.LinkedHashMap<String, PipeStats> pipes = new java.util.LinkedHashMap<>();

    long contextSwitches;
    long forks;
    long spawns;
    long threads;
    long execs;
    long exits;
    long reaps;
    long kills;
    long sigpipes;
    long namespaces;
    long dlAdmitted, dlRefused;
    long signalsSent, signalsDelivered, signalsMerged, signalsIgnored, handlersRun, stops, continues;
    /** From a signal's sending to its delivery (ns); 0 for a fatal signal, which acts when sent. */
    final Histogram signalLatency = new Histogram(3);
    /** Migrations (a task run on another CPU than last time) by how far it moved: index {@link Topology#SMT} to {@link Topology#CROSS_NODE}. */
    final long[] migrations = new long[5];
    /** Cache refill charged after migrations ({@code kernel.migration_cost}), ns. */
    long migrationRefill;
    /** Tasks the balancer moved: when a CPU went idle (newidle), and at the periodic balance. */
    long newidlePulls, periodicPulls;
    long[] cpuBusy;
    final long[] cpuRunnable;
    long[] cpuSwitching;
    long endTime;
    final long[] failures = new long[ForkFailure.values().length];
    long firstPidExhaustion = -1;
    final List<Failure> failureLog = new ArrayList<>();
    final StepSeries pidsInUse = new StepSeries("pids_in_use");
    final StepSeries zombies = new StepSeries("zombies");
    final StepSeries readyQueue = new StepSeries("ready_queue");
    /** Per-CPU run queues only: the most loaded CPU's runnable tasks minus the least loaded's, at each change. */
    final StepSeries loadImbalance = new StepSeries("load_imbalance");
    final TaskRecords tasks = new TaskRecords();
    long tasksNotRecorded;
    /** Successful forks and spawns: from the action until the parent continues (ns, 3 significant digits). */
    final Histogram forkLatency = new Histogram(3);
    /** Successful thread creations: from the clone until the creator continues (ns). */
    final Histogram threadLatency = new Histogram(3);
    /** vfork and posix_spawn parents: time suspended until the child exec'd or exited (ns). */
    final Histogram vforkSuspension = new Histogram(3);

    static final int FAILURE_LOG_LIMIT = 100_000;

    KernelMetrics(int cpus) {
        cpuBusy = new long[cpus];
        cpuRunnable = new long[cpus];
        cpuSwitching = new long[cpus];
    }

    /** Task records kept so far (at most {@code max_task_records}); may be read, slightly stale, from another thread. */
    public int taskRecordCount() { return tasks.size(); }
    public long contextSwitches() { return contextSwitches; }
    public long forks() { return forks; }
    public long spawns() { return spawns; }
    /** Threads created (clone with THREAD). */
    public long threads() { return threads; }
    public long execs() { return execs; }
    public long exits() { return exits; }
    public long reaps() { return reaps; }
    public long kills() { return kills; }
    /** Writers ended by SIGPIPE (a write to a pipe with no read end left). */
    public long sigpipes() { return sigpipes; }
    /** PID namespaces created (clone with newpid). */
    public long namespaces() { return namespaces; }
    /** sched_deadline requests admitted, and refused by admission control (bandwidth over 95% of the CPUs). */
    public long deadlineAdmitted() { return dlAdmitted; }
    public long deadlineRefused() { return dlRefused; }
    /** Signals sent (kill actions, SIGCHLD, SIGPIPE's fatal end excluded). */
    public long signalsSent() { return signalsSent; }
    /** Signals acted on: a handler run, a default action taken, or discarded at delivery. */
    public long signalsDelivered() { return signalsDelivered; }
    /** Signals sent while the same one was pending (standard signals are not queued). */
    public long signalsMerged() { return signalsMerged; }
    /** Signals discarded when sent (ignored, by disposition or by default). */
    public long signalsIgnored() { return signalsIgnored; }
    public long handlersRun() { return handlersRun; }
    public long stops() { return stops; }
    public long continues() { return continues; }
    public Histogram signalLatency() { return signalLatency; }
    public long endTime() { return endTime; }
    public long cpuBusy(int cpu) { return cpuBusy[cpu]; }
    /**
     * CPU {@code cpu}'s run-queue length (runnable tasks, the running one included) integrated
     * over the run, in task-nanoseconds: over the end time, its mean length. Per-CPU run queues
     * of more than one CPU only (0 otherwise).
     */
    public long cpuRunnable(int cpu) { return cpuRunnable[cpu]; }
    public long cpuSwitching(int cpu) { return cpuSwitching[cpu]; }
    /** end time - busy - switching. */
    public long cpuIdle(int cpu) { return endTime - cpuBusy[cpu] - cpuSwitching[cpu]; }
    public long forkFailures(ForkFailure cause) { return failures[cause.ordinal()]; }
    public long forkFailuresTotal() {
        long s = 0;
        for (long f : failures) s += f;
        return s;
    }
    /** Time of the first fork refused for lack of a PID, or -1. */
    public long firstPidExhaustion() { return firstPidExhaustion; }
    /** Refused forks in order (up to 100,000). */
    public List<Failure> failureLog() { return Collections.unmodifiableList(failureLog); }
    public StepSeries pidsInUse() { return pidsInUse; }
    public StepSeries zombies() { return zombies; }
    public StepSeries readyQueue() { return readyQueue; }
    public StepSeries loadImbalance() { return loadImbalance; }
    /** Per-task records in order of reaping, then the unreaped tasks at the end in slot order. */
    public List<TaskRecord> tasks() { return tasks; }
    public long tasksNotRecorded() { return tasksNotRecorded; }
    /** Fork latency distribution: from the fork action until the parent continues, in ns. */
    public Histogram forkLatency() { return forkLatency; }
    /** Thread creation latency: from the clone action until the creator continues, in ns. */
    public Histogram threadLatency() { return threadLatency; }
    /** Per pipe name, in order of first creation. */
    public java.util.Collection<PipeStats> pipes() { return Collections.unmodifiableCollection(pipes.values()); }
    /** How long vfork/spawn parents were suspended, in ns. */
    public Histogram vforkSuspension() { return vforkSuspension; }

    /** Migrations at one level ({@link Topology#SMT} .. {@link Topology#CROSS_NODE}). */
    public long migrations(int level) { return migrations[level]; }

    /** Every migration, whatever the level. */
    public long migrations() {
        long m = 0;
        for (long x : migrations) m += x;
        return m;
    }

    public long migrationRefillNanos() { return migrationRefill; }
    public long newidlePulls() { return newidlePulls; }
    public long periodicPulls() { return periodicPulls; }
}

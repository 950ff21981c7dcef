package dev.procsim.report.run;

import dev.procsim.kernel.ForkFailure;
import dev.procsim.kernel.KernelMetrics;
import dev.procsim.kernel.RealtimeStats;
import dev.procsim.kernel.RunResult;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.memory.MemoryMetrics;
import dev.procsim.metrics.StepSeries;
import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What is kept of one run (one factor combination, one replication): every scalar metric by its
 * output name, the latency histograms (merged later for percentiles), the per-task records, the
 * time series resampled to a bounded number of points, and the schedule (first replication only).
 */
public final class RunSummary {
    /** Points kept per time series per run (resampled evenly over the run). */
    public static final int SERIES_POINTS = 500;
    /** Schedule segments written per run (replication 0 of each combination only). */
    public static final int SCHEDULE_SEGMENTS = 20_000;

    /** A named step series, resampled: times and values. */
    public record Series(String name, long[] times, long[] values) {
        /** A series over CPUs ({@link #BY_CPU_BUSY}), not over time: not written to timeseries.csv. */
        public boolean byCpu() {
            return name.startsWith("by_cpu:");
        }
    }

    /** Busy time of each CPU (times: CPU numbers; values: ns), per-CPU run queues of at most {@link #BY_CPU_MAX} CPUs. */
    public static final String BY_CPU_BUSY = "by_cpu:busy_ns";
    public static final int BY_CPU_MAX = 64;
    /** Each CPU's run-queue length integrated over the run (values: task-ns; over the end time, the mean length), as above. */
    public static final String BY_CPU_RUNNABLE = "by_cpu:runnable_ns";

    public final Experiment.Point point;
    public final int replication;
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    public Histogram response = new Histogram(3);
    public Histogram forkLatency;
    public List<TaskRecord> tasks;
    public final List<Series> series = new ArrayList<>();
    public final List<ScheduleLog.Segment> schedule;
    /** Until compacted: every segment and instant the kernel logged (for the trace), and whether its log was cut. */
    public List<ScheduleLog.Segment> fullSchedule = List.of();
    public List<ScheduleLog.Instant> instants = List.of();
    /** Until compacted: the wake-ups the kernel logged (for the text trace). */
    public ScheduleLog.Wakes wakes = ScheduleLog.Wakes.NONE;
    public boolean fullScheduleCut;
    public final String stopReason;

    /** Stopped while running (Ctrl-C): its figures cover only the simulated time it reached. */
    public boolean interrupted() {
        return "interrupted".equals(stopReason);
    }

    RunSummary(Experiment.Point point, int replication, RunResult r, KernelMetrics k, MemoryMetrics m, ScheduleLog log, int cpus) {
        this(point, replication, r, k, m, log, cpus, dev.procsim.workload.Statistics.DEFAULT, 0, 0);
    }

    /**
     * As above, with the experiment's steady-state estimates ({@link SteadyState}): {@code cut} the
     * warm-up cut (ns, 0 for none) and {@code busyAtCut} the CPUs' busy time up to it (-1: the run
     * ended before the cut; its time averages are then 0).
     */
    RunSummary(Experiment.Point point, int replication, RunResult r, KernelMetrics k, MemoryMetrics m, ScheduleLog log, int cpus,
            dev.procsim.workload.Statistics st, long cut, long busyAtCut) {
        this.point = point;
        this.replication = replication;
        this.stopReason = r.reason().name().toLowerCase(java.util.Locale.ROOT);
        List<TaskRecord> all = k.tasks(); // read-only columns, read record by record: no copy of a million records
        this.tasks = all;
        long end = r.endTime();
        SteadyState.TaskSums sums = SteadyState.TaskSums.of(all, Long.MIN_VALUE);
        response = sums.response();
        long finished = sums.finished(), waitSum = sums.waitSum(), turnSum = sums.turnSum(), respSum = sums.respSum(), responded = sums.responded();
        long released = 0, completed = 0, missed = 0, dropped = 0;
        for (TaskRecord t : all) {
            RealtimeStats rt = t.realtime();
            if (rt != null) {
                released += rt.released();
                completed += rt.completed();
                missed += rt.missed();
                dropped += rt.dropped();
            }
        }
        long busy = 0;
        for (int c = 0; c < cpus; c++) busy += k.cpuBusy(c);
        put("end_time_ns", end);
        put("events", r.events() - (busyAtCut >= 0 && cut > 0 ? 1 : 0)); // not the warm-up cut's reading
        put("tasks", all.size() + k.tasksNotRecorded());
        put("tasks_finished", finished);
        put("stuck_tasks", r.stuck().size());
        put("cpu_utilization", end == 0 ? 0 : (double) busy / ((double) end * cpus));
        put("throughput_per_s", end == 0 ? 0 : finished * 1e9 / end);
        put("context_switches", k.contextSwitches());
        put("mean_waiting_ns", finished == 0 ? 0 : (double) waitSum / finished);
        put("mean_turnaround_ns", finished == 0 ? 0 : (double) turnSum / finished);
        put("mean_response_ns", responded == 0 ? 0 : (double) respSum / responded);
        put("response_p99_ns", responded == 0 ? 0 : response.getValueAtPercentile(99));
        put("forks", k.forks());
        put("spawns", k.spawns());
        put("execs", k.execs());
        put("exits", k.exits());
        for (ForkFailure f : ForkFailure.values()) put("fork_failures_" + f.metricName(), k.forkFailures(f));
        put("first_pid_exhaustion_ns", k.firstPidExhaustion());
        Histogram fl = k.forkLatency();
        forkLatency = fl;
        put("fork_latency_mean_ns", fl.getTotalCount() == 0 ? 0 : fl.getMean());
        put("fork_latency_p99_ns", fl.getTotalCount() == 0 ? 0 : fl.getValueAtPercentile(99));
        put("fork_latency_max_ns", fl.getTotalCount() == 0 ? 0 : fl.getMaxValue());
        put("threads", k.threads());
        Histogram tl = k.threadLatency();
        put("thread_latency_mean_ns", tl.getTotalCount() == 0 ? 0 : tl.getMean());
        put("thread_latency_p99_ns", tl.getTotalCount() == 0 ? 0 : tl.getValueAtPercentile(99));
        long pipeBytes = 0, blockedFull = 0, blockedEmpty = 0;
        for (KernelMetrics.PipeStats ps : k.pipes()) {
            pipeBytes += ps.bytes();
            blockedFull += ps.blockedFullNanos();
            blockedEmpty += ps.blockedEmptyNanos();
        }
        put("pipe_bytes", pipeBytes);
        put("pipe_blocked_full_ns", blockedFull);
        put("pipe_blocked_empty_ns", blockedEmpty);
        put("sigpipes", k.sigpipes());
        put("pid_namespaces", k.namespaces());
        put("dl_admitted", k.deadlineAdmitted());
        put("dl_admission_refused", k.deadlineRefused());
        put("signals_sent", k.signalsSent());
        put("signals_delivered", k.signalsDelivered());
        put("signals_merged", k.signalsMerged());
        put("signals_ignored", k.signalsIgnored());
        put("signal_handlers_run", k.handlersRun());
        Histogram sl = k.signalLatency();
        put("signal_latency_mean_ns", sl.getTotalCount() == 0 ? 0 : sl.getMean());
        put("signal_latency_max_ns", sl.getTotalCount() == 0 ? 0 : sl.getMaxValue());
        Histogram vs = k.vforkSuspension();
        put("vfork_suspension_mean_ns", vs.getTotalCount() == 0 ? 0 : vs.getMean());
        put("page_copies", m.pageCopies());
        put("page_copies_eager", m.pageCopiesEager());
        put("cow_faults_copy", m.cowFaultsCopy());
        put("cow_faults_reuse", m.cowFaultsReuse());
        put("zero_fill_faults", m.zeroFillFaults());
        put("vfork_misuse_writes", m.vforkMisuseWrites());
        put("page_table_copies", m.pageTableCopies());
        put("frames_peak_bytes", m.framesPeakBytes());
        put("pids_in_use_peak", k.pidsInUse().peak());
        put("zombies_peak", k.zombies().peak());
        put("jobs_released", released);
        put("jobs_completed", completed);
        put("deadline_misses", missed);
        put("jobs_dropped", dropped);
        put("deadline_miss_ratio", released == 0 ? 0 : (double) missed / released);
        put("migrations", k.migrations());
        put("migrations_smt", k.migrations(dev.procsim.kernel.Topology.SMT));
        put("migrations_llc", k.migrations(dev.procsim.kernel.Topology.LLC));
        put("migrations_node", k.migrations(dev.procsim.kernel.Topology.NODE));
        put("migrations_cross_node", k.migrations(dev.procsim.kernel.Topology.CROSS_NODE));
        put("migration_refill_ns", k.migrationRefillNanos());
        put("balance_pulls", k.newidlePulls() + k.periodicPulls());
        if (st.warmup() != dev.procsim.workload.Statistics.Warmup.NONE) {
            response = SteadyState.applyCut(metrics, all, cut, busyAtCut < 0 ? busy : busyAtCut, busy, end, cpus);
        }
        if (st.method() == dev.procsim.workload.Statistics.Method.BATCH_MEANS) SteadyState.batchMeans(metrics, all, cut, st.batches());
        series.add(resample(k.pidsInUse(), end));
        series.add(resample(k.zombies(), end));
        series.add(resample(m.framesInUseBytes(), end));
        series.add(resample(k.readyQueue(), end));
        if (k.loadImbalance().size() > 0) { // per-CPU run queues only
            series.add(resample(k.loadImbalance(), end));
            if (cpus <= BY_CPU_MAX) { // each CPU's busy time: a series over CPUs, not time (kept with the others for shard merges)
                long[] ids = new long[cpus], busyNs = new long[cpus], runnable = new long[cpus];
                for (int c = 0; c < cpus; c++) {
                    ids[c] = c;
                    busyNs[c] = k.cpuBusy(c);
                    runnable[c] = k.cpuRunnable(c);
                }
                series.add(new Series(BY_CPU_BUSY, ids, busyNs));
                series.add(new Series(BY_CPU_RUNNABLE, ids.clone(), runnable));
            }
        }
        for (KernelMetrics.PipeStats ps : k.pipes()) series.add(resample(ps.bytesSeries(), end)); // bytes through each pipe, by name
        if (replication == 0 && SteadyState.wanted(st)) series.add(SteadyState.runningMean(all, SERIES_POINTS)); // the Welch plot
        List<ScheduleLog.Segment> segs = log.segments();
        this.fullSchedule = segs;
        this.instants = log.instants();
        this.wakes = log.wakes();
        this.fullScheduleCut = log.truncated() || log.instantsTruncated();
        if (replication == 0) {
            this.schedule = segs.size() > SCHEDULE_SEGMENTS ? List.copyOf(segs.subList(0, SCHEDULE_SEGMENTS)) : List.copyOf(segs);
        } else {
            this.schedule = List.of();
        }
    }

    /** A run read back from a shard's data file: what {@link #compact} keeps. */
    public RunSummary(Experiment.Point point, int replication, String stopReason, Map<String, Double> metrics, List<Series> series,
            List<ScheduleLog.Segment> schedule) {
        this.point = point;
        this.replication = replication;
        this.stopReason = stopReason;
        this.metrics.putAll(metrics);
        this.series.addAll(series);
        this.schedule = List.copyOf(schedule);
        this.tasks = List.of();
        this.response = null;
    }

    /**
     * Drops what has been written to part files and merged elsewhere (tasks, histograms, and the
     * series unless {@code keepSeries}), so a long experiment keeps only metrics per run.
     */
    void compact(boolean keepSeries) {
        tasks = List.of();
        fullSchedule = List.of();
        instants = List.of();
        wakes = ScheduleLog.Wakes.NONE;
        response = null;
        forkLatency = null;
        if (!keepSeries) series.clear();
    }

    private void put(String name, double v) {
        metrics.put(name, v);
    }

    /** The step series sampled at SERIES_POINTS + 1 evenly spaced instants over [0, end] (exact when it has fewer changes). */
    static Series resample(StepSeries s, long end) {
        if (s.size() <= SERIES_POINTS) {
            long[] t = new long[s.size()];
            long[] v = new long[s.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = s.time(i);
                v[i] = s.value(i);
            }
            return new Series(s.name(), t, v);
        }
        long[] t = new long[SERIES_POINTS + 1];
        long[] v = new long[SERIES_POINTS + 1];
        for (int i = 0; i <= SERIES_POINTS; i++) {
            t[i] = (long) ((double) end * i / SERIES_POINTS);
            v[i] = s.valueAt(t[i]);
        }
        return new Series(s.name(), t, v);
    }
}

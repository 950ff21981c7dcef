package dev.procsim.report.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unit of every per-run metric (as {@code RunSummary} names them), written beside each value
 * in {@code aggregates-long.csv} and listed in docs/results.md. One explicit entry per metric
 * rather than a rule on the name: a metric added without an entry has no unit, which
 * {@code MetricUnitsTest} and {@code ResultDictionaryTest} catch.
 */
public final class MetricUnits {
    /** Nanoseconds of simulated time. */
    public static final String NS = "ns";
    public static final String BYTES = "bytes";
    /** Things that happened or exist: events, tasks, pages, signals, migrations... */
    public static final String COUNT = "count";
    /** A fraction, 0 to 1. */
    public static final String RATIO = "ratio";
    /** Per simulated second. */
    public static final String PER_S = "1/s";

    private static final Map<String, String> UNITS = new LinkedHashMap<>();

    static {
        unit(NS, "end_time_ns");
        unit(COUNT, "events", "tasks", "tasks_finished", "stuck_tasks");
        unit(RATIO, "cpu_utilization");
        unit(PER_S, "throughput_per_s");
        unit(COUNT, "context_switches");
        unit(NS, "mean_waiting_ns", "mean_turnaround_ns", "mean_response_ns", "response_p99_ns");
        unit(COUNT, "forks", "spawns", "execs", "exits");
        unit(COUNT, "fork_failures_nproc", "fork_failures_threads_max", "fork_failures_pid_exhausted", "fork_failures_pids_max");
        unit(NS, "first_pid_exhaustion_ns", "fork_latency_mean_ns", "fork_latency_p99_ns", "fork_latency_max_ns");
        unit(COUNT, "threads");
        unit(NS, "thread_latency_mean_ns", "thread_latency_p99_ns");
        unit(BYTES, "pipe_bytes");
        unit(NS, "pipe_blocked_full_ns", "pipe_blocked_empty_ns");
        unit(COUNT, "sigpipes", "pid_namespaces", "dl_admitted", "dl_admission_refused");
        unit(COUNT, "signals_sent", "signals_delivered", "signals_merged", "signals_ignored", "signal_handlers_run");
        unit(NS, "signal_latency_mean_ns", "signal_latency_max_ns", "vfork_suspension_mean_ns");
        unit(COUNT, "page_copies", "page_copies_eager", "cow_faults_copy", "cow_faults_reuse", "zero_fill_faults", "vfork_misuse_writes",
                "page_table_copies");
        unit(BYTES, "frames_peak_bytes");
        unit(COUNT, "pids_in_use_peak", "zombies_peak");
        unit(COUNT, "jobs_released", "jobs_completed", "deadline_misses", "jobs_dropped");
        unit(RATIO, "deadline_miss_ratio");
        unit(COUNT, "migrations", "migrations_smt", "migrations_llc", "migrations_node", "migrations_cross_node");
        unit(NS, "migration_refill_ns");
        unit(COUNT, "balance_pulls");
    }

    /** A coefficient from -1 to 1 (a correlation). */
    public static final String COEFFICIENT = "coefficient";

    /** The metrics only an experiment's statistics: section adds (docs/results.md, their own table). */
    private static final Map<String, String> STATISTICS = new LinkedHashMap<>();

    static {
        STATISTICS.put("warmup_cut_ns", NS);
        for (String m : List.of("mean_waiting", "mean_turnaround", "mean_response")) {
            STATISTICS.put(m + "_bm_low_ns", NS);
            STATISTICS.put(m + "_bm_high_ns", NS);
        }
        STATISTICS.put("bm_batches", COUNT);
        STATISTICS.put("bm_lag1", COEFFICIENT);
    }

    private MetricUnits() {}

    /** The metrics a statistics: section adds (warm-up cut, batch means), with their units. */
    public static Map<String, String> statistics() {
        return java.util.Collections.unmodifiableMap(STATISTICS);
    }

    private static void unit(String unit, String... metrics) {
        for (String m : metrics) {
            if (UNITS.put(m, unit) != null) throw new IllegalStateException(m + " given a unit twice");
        }
    }

    /**
     * The metric's unit, or empty text for a metric not in the table (the tests fail on that;
     * a run is not thrown away for it).
     */
    public static String of(String metric) {
        String u = UNITS.get(metric);
        return u != null ? u : STATISTICS.getOrDefault(metric, "");
    }

    /** Every metric with a unit, in the order runs record them. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(UNITS);
    }
}

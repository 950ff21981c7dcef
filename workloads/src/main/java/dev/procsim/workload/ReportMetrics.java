package dev.procsim.workload;

import java.util.List;

/**
 * The names of the per-run metrics (summary.csv's columns), so that an experiment's
 * {@code report: {metrics: [...]}} is checked where it is read, with its line and column. The
 * reports module computes them; a test there keeps the two lists the same.
 */
public final class ReportMetrics {
    private ReportMetrics() {}

    public static final List<String> NAMES = List.of("end_time_ns", "events", "tasks", "tasks_finished", "stuck_tasks", "cpu_utilization",
            "throughput_per_s", "context_switches", "mean_waiting_ns", "mean_turnaround_ns", "mean_response_ns", "response_p99_ns", "forks",
            "spawns", "execs", "exits", "fork_failures_nproc", "fork_failures_threads_max", "fork_failures_pid_exhausted",
            "fork_failures_pids_max", "first_pid_exhaustion_ns", "fork_latency_mean_ns", "fork_latency_p99_ns", "fork_latency_max_ns",
            "threads", "thread_latency_mean_ns", "thread_latency_p99_ns", "pipe_bytes", "pipe_blocked_full_ns", "pipe_blocked_empty_ns",
            "sigpipes", "pid_namespaces", "dl_admitted", "dl_admission_refused", "signals_sent", "signals_delivered", "signals_merged",
            "signals_ignored", "signal_handlers_run", "signal_latency_mean_ns", "signal_latency_max_ns", "vfork_suspension_mean_ns",
            "page_copies", "page_copies_eager", "cow_faults_copy", "cow_faults_reuse", "zero_fill_faults", "vfork_misuse_writes",
            "page_table_copies", "frames_peak_bytes", "pids_in_use_peak", "zombies_peak", "jobs_released", "jobs_completed", "deadline_misses",
            "jobs_dropped", "deadline_miss_ratio", "migrations", "migrations_smt", "migrations_llc", "migrations_node",
            "migrations_cross_node", "migration_refill_ns", "balance_pulls");
}

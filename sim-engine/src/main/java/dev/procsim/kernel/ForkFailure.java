package dev.procsim.kernel;

/** Why the kernel refused a fork, in the order Linux checks (design.md section 2). */
public enum ForkFailure {
    /** RLIMIT_NPROC of the task's user: checked before copying. */
    NPROC("nproc", true),
    /** threads-max, all tasks: checked before copying. */
    THREADS_MAX("threads_max", true),
    /** No free PID: checked after the address space was copied. */
    PID_EXHAUSTED("pid_exhausted", false),
    /** The cgroup's pids.max: checked after the address space was copied. */
    PIDS_MAX("pids_max", false);

    private final String metricName;
    private final boolean early;

    ForkFailure(String metricName, boolean early) {
        this.metricName = metricName;
        this.early = early;
    }

    /** snake_case name used in metric names ({@code fork_failures_<name>}). */
    public String metricName() {
        return metricName;
    }

    /** True for failures detected before any copying (cheap). */
    public boolean early() {
        return early;
    }
}

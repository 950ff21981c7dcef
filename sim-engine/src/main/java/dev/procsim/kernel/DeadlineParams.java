package dev.procsim.kernel;

/**
 * SCHED_DEADLINE parameters a task asked for with {@code sched_setattr} (Linux's
 * {@code sched_attr}): up to {@code runtime} of CPU every {@code period}, within {@code deadline}
 * of each period's start. Linux's rules: 1 us <= runtime <= deadline <= period.
 */
public record DeadlineParams(long runtime, long deadline, long period) {
    public DeadlineParams {
        if (runtime < 1024) throw new IllegalArgumentException("runtime must be at least 1024 ns (Linux), was " + runtime);
        if (runtime > deadline) throw new IllegalArgumentException("runtime must be <= deadline (Linux: EINVAL)");
        if (deadline > period) throw new IllegalArgumentException("deadline must be <= period (Linux: EINVAL)");
    }

    /** Bandwidth as Linux's {@code to_ratio}: runtime / period in units of 2^-20. */
    public long bandwidth() {
        return (runtime << 20) / period;
    }
}

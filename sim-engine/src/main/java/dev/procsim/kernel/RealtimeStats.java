package dev.procsim.kernel;

/**
 * Jobs of one periodic task. {@code completed}: jobs whose work finished (late ones included);
 * {@code missed}: every job that did not complete by its deadline (late, aborted, dropped, or
 * unfinished at the end with its deadline within the run); {@code dropped}: removed before their
 * deadline (drop-when-infeasible); {@code aborted}: stopped at their deadline. Response times of
 * completed jobs: finish - release.
 */
public final class RealtimeStats {
    long released;
    long completed;
    long missed;
    long dropped;
    long aborted;
    long responseMin = Long.MAX_VALUE;
    long responseMax;
    long responseSum;

    // The job in progress.
    long jobIndex;
    long release = -1;
    long deadline = Long.MAX_VALUE;
    boolean active;
    long missEvent = -1;
    final Action.Periodic spec;
    // Copied from spec: the RM and DM keys read them on every enqueue, one object nearer.
    final long period;
    final long relativeDeadline;

    RealtimeStats(Action.Periodic spec) {
        this.spec = spec;
        this.period = spec.period();
        this.relativeDeadline = spec.deadline();
    }

    public long released() { return released; }
    public long completed() { return completed; }
    public long missed() { return missed; }
    public long dropped() { return dropped; }
    public long aborted() { return aborted; }
    public long responseMin() { return completed == 0 ? -1 : responseMin; }
    public long responseMax() { return completed == 0 ? -1 : responseMax; }
    public double responseMean() { return completed == 0 ? -1 : (double) responseSum / completed; }
    public Action.Periodic spec() { return spec; }
}

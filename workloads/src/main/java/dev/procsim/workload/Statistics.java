package dev.procsim.workload;

/**
 * How an experiment's results are estimated (its {@code statistics:} section; README
 * "Statistics"): the warm-up cut, independent replications or batch means within one long run,
 * and sequential stopping on a precision. The default is today's: replications as given, no cut.
 *
 * @param warmup how the initial transient is cut: not at all, at a fixed time, or where MSER-5 says
 * @param warmupNs the fixed cut (FIXED only)
 * @param method where the confidence intervals come from
 * @param batches batch count for batch means; 0: chosen by the lag-1 autocorrelation check
 * @param precisionMetric the metric sequential stopping watches; null: the replication count is fixed
 * @param relative the interval half-width sought, relative to the mean (0.05: within 5% of it)
 * @param maxReplications the most replications sequential stopping may make per combination
 */
public record Statistics(Warmup warmup, long warmupNs, Method method, int batches, String precisionMetric, double relative,
        int maxReplications) {
    public enum Warmup { NONE, FIXED, AUTO }

    public enum Method { REPLICATIONS, BATCH_MEANS }

    public static final Statistics DEFAULT = new Statistics(Warmup.NONE, 0, Method.REPLICATIONS, 0, null, 0, 0);

    /** Whether replications are added until the precision is reached. */
    public boolean sequential() {
        return precisionMetric != null;
    }
}

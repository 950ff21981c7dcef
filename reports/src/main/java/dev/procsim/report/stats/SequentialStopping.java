package dev.procsim.report.stats;

import java.util.List;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Whether an experiment has made enough replications for a relative precision: every compared
 * combination's t-interval of one metric has a half width within r * |mean| (Law, Simulation
 * Modeling and Analysis, 5th ed., section 9.4.1). When it has not, the combination furthest from it
 * sets the pace, and the replications it needs are estimated from its current mean and spread.
 *
 * <p>Law's sequential procedure compares the half width with r' * |mean|, r' = r / (1 + r), so that
 * the actual relative error |mean - mu| / |mu| is at most r with the interval's confidence. Here r is
 * used as written by default (an experiment's {@code relative: 0.05} means a half width within 5% of
 * the mean); {@code adjusted = true} applies Law's r'.
 */
public final class SequentialStopping {
    /** The confidence used when none is given. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    private SequentialStopping() {}

    /**
     * The verdict.
     *
     * @param met    every combination's half width is within the target
     * @param pacing the index of the combination with the largest half width / (r * |mean|) (ties: the first)
     * @param ratio  that ratio: at most 1 when met; infinite with a mean of 0 and some spread, or with
     *               fewer than 2 values
     * @param needed replications the pacing combination is estimated to need: its current count when
     *               met, more when not (up to the maximum given), never more than that maximum
     */
    public record Decision(boolean met, int pacing, double ratio, int needed) {}

    /** At {@value #DEFAULT_CONFIDENCE} confidence, r as written. */
    public static Decision check(List<double[]> perCombination, double relative, int max) {
        return check(perCombination, relative, DEFAULT_CONFIDENCE, max, false);
    }

    /**
     * @param perCombination one metric's replication values, one array per combination
     * @param relative       r &gt; 0
     * @param max            the most replications allowed: caps {@link Decision#needed()}
     * @param adjusted       compare with r / (1 + r) instead of r
     * @throws IllegalArgumentException with no combination, r &lt;= 0, max &lt; 1 or confidence outside (0, 1)
     */
    public static Decision check(List<double[]> perCombination, double relative, double confidence, int max, boolean adjusted) {
        if (perCombination.isEmpty()) throw new IllegalArgumentException("no combination to check");
        if (!(relative > 0)) throw new IllegalArgumentException("relative precision must be positive, got " + relative);
        if (max < 1) throw new IllegalArgumentException("the maximum replications must be at least 1, got " + max);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        double r = adjusted ? relative / (1 + relative) : relative;
        int pacing = 0;
        double worst = -1;
        for (int i = 0; i < perCombination.size(); i++) {
            double q = ratio(perCombination.get(i), r, confidence);
            if (q > worst) {
                worst = q;
                pacing = i;
            }
        }
        return new Decision(worst <= 1, pacing, worst, needed(perCombination.get(pacing), r, confidence, max));
    }

    /**
     * Half width / (r * |mean|): 0 for a mean of 0 without spread; infinite for a mean of 0 with
     * spread, for fewer than 2 values, or when a value is not a number.
     */
    static double ratio(double[] v, double r, double confidence) {
        if (v.length < 2) return Double.POSITIVE_INFINITY;
        double mean = mean(v);
        double half = quantile(v.length - 1, confidence) * sd(v, mean) / Math.sqrt(v.length);
        if (Double.isNaN(half)) return Double.POSITIVE_INFINITY;
        if (half == 0) return 0;
        return mean == 0 ? Double.POSITIVE_INFINITY : half / (r * Math.abs(mean));
    }

    /**
     * The smallest n' &gt;= n with t_{n'-1, (1+confidence)/2} * s / sqrt(n') &lt;= r * |mean|, s and mean
     * from the n values held fixed (Law's approximate number of replications), at most {@code max};
     * {@code max} when it cannot be estimated (fewer than 2 values, a mean of 0 with spread).
     */
    static int needed(double[] v, double r, double confidence, int max) {
        int n = v.length;
        if (n < 2) return max;
        double mean = mean(v);
        double s = sd(v, mean);
        double target = r * Math.abs(mean);
        if (n >= max) return max;
        if (within(n, s, target, confidence)) return n;
        if (!within(max, s, target, confidence)) return max;
        // t_{n'-1} / sqrt(n') falls as n' grows: bisect for the first n' that meets the target
        int lo = n, hi = max; // fails at lo, meets at hi
        while (hi - lo > 1) {
            int mid = (int) (((long) lo + hi) >>> 1);
            if (within(mid, s, target, confidence)) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /**
     * The replications to have next: min(max, max(current + 1, min(estimate, 2 * current))), so at
     * least one more, at most twice as many (a noisy early estimate cannot ask for hundreds), never
     * more than max.
     */
    public static int nextCount(int current, int estimate, int max) {
        long doubled = Math.min((long) estimate, 2L * current);
        return (int) Math.min(max, Math.max(current + 1L, doubled));
    }

    private static boolean within(int n, double s, double target, double confidence) {
        return quantile(n - 1, confidence) * s / Math.sqrt(n) <= target;
    }

    private static double quantile(int df, double confidence) {
        return TDistribution.of(df).inverseCumulativeProbability((1 + confidence) / 2);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return sum / v.length;
    }

    private static double sd(double[] v, double mean) {
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (v.length - 1));
    }
}

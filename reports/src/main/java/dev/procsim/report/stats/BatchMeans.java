package dev.procsim.report.stats;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A confidence interval for the steady-state mean from one long run, by nonoverlapping batch means
 * (Law, Simulation Modeling and Analysis, 5th ed., section 9.5.3). The run's observations are
 * correlated, so their own variance would understate the error of their mean; means of long enough
 * batches are nearly independent and nearly normal, and a Student-t interval on them, with b-1
 * degrees of freedom, holds. The lag-1 autocorrelation of the batch means says whether the batches
 * are long enough.
 *
 * <p>Observations are assumed to be past the warm-up already (see {@link Mser}).
 */
public final class BatchMeans {
    /** The batch count {@link #auto} starts from. */
    public static final int START_BATCHES = 40;
    /** The fewest batches {@link #auto} halves down to. */
    public static final int MIN_BATCHES = 10;
    /**
     * Lag-1 autocorrelation of the batch means above which {@link #auto} takes larger batches: a rule
     * of thumb, not a test (under independence the estimate's standard error is about 1/sqrt(b):
     * 0.16 at 40 batches, 0.32 at 10).
     */
    public static final double MAX_LAG1 = 0.2;

    private BatchMeans() {}

    /**
     * One interval.
     *
     * @param batches    b
     * @param batchSize  m, observations per batch
     * @param mean       the mean of the batch means (of the b * m observations used)
     * @param halfWidth  t_{b-1, (1+confidence)/2} * s / sqrt(b), s the sample sd of the batch means
     * @param low        mean - halfWidth
     * @param high       mean + halfWidth
     * @param lag1       lag-1 autocorrelation of the batch means; NaN when they are all equal
     * @param correlated lag1 &gt; {@link #MAX_LAG1}: the batches are too short for the interval to hold
     *                   (from {@link #auto}: even at the fewest batches it would take)
     */
    public record Interval(int batches, int batchSize, double mean, double halfWidth, double low, double high,
                           double lag1, boolean correlated) {}

    /**
     * {@code batches} batches of m = floor(n / batches) observations. The n - b*m observations left
     * over are dropped from the START, so that the batches end where the run ends (the observations
     * furthest from the warm-up are kept). {@code correlated} is lag1 &gt; {@link #MAX_LAG1}.
     *
     * @throws IllegalArgumentException with fewer than 2 batches, fewer observations than batches,
     *                                  or a confidence outside (0, 1)
     */
    public static Interval of(double[] obs, int batches, double confidence) {
        if (batches < 2) throw new IllegalArgumentException("batch means need at least 2 batches, got " + batches);
        if (obs.length < batches) {
            throw new IllegalArgumentException(obs.length + " observations cannot fill " + batches + " batches");
        }
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        int m = obs.length / batches;
        int skip = obs.length - batches * m;
        double[] z = new double[batches];
        for (int j = 0; j < batches; j++) {
            double sum = 0;
            for (int i = skip + j * m; i < skip + (j + 1) * m; i++) sum += obs[i];
            z[j] = sum / m;
        }
        double mean = 0;
        for (double v : z) mean += v;
        mean /= batches;
        double ss = 0, lagged = 0;
        for (int j = 0; j < batches; j++) {
            ss += (z[j] - mean) * (z[j] - mean);
            if (j + 1 < batches) lagged += (z[j] - mean) * (z[j + 1] - mean);
        }
        double lag1 = ss == 0 ? Double.NaN : lagged / ss;
        double t = TDistribution.of(batches - 1).inverseCumulativeProbability((1 + confidence) / 2);
        double half = t * Math.sqrt(ss / (batches - 1) / batches);
        return new Interval(batches, m, mean, half, mean - half, mean + half, lag1, lag1 > MAX_LAG1);
    }

    /**
     * Batches chosen from the data: {@value #START_BATCHES} batches (fewer when that would leave under
     * 2 observations a batch), halved, which about doubles the batch size, while the batch means' lag-1
     * autocorrelation is above {@value #MAX_LAG1} and half as many would still be at least
     * {@value #MIN_BATCHES}. If the last interval's batch means are still correlated it says so
     * ({@code correlated}): its half width is then too small, and the run should be longer.
     *
     * @throws IllegalArgumentException with fewer than 4 observations (2 batches of 2), or a
     *                                  confidence outside (0, 1)
     */
    public static Interval auto(double[] obs, double confidence) {
        int b = Math.min(START_BATCHES, obs.length / 2);
        if (b < 2) throw new IllegalArgumentException("batch means need at least 4 observations, got " + obs.length);
        Interval iv = of(obs, b, confidence);
        while (iv.correlated() && iv.batches() / 2 >= MIN_BATCHES) iv = of(obs, iv.batches() / 2, confidence);
        return iv;
    }
}

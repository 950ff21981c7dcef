package dev.procsim.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch-means intervals against hand-worked batches, and the batch count auto chooses. */
class BatchMeansTest {
    /** A standard normal by Box-Muller (1 - u keeps the logarithm finite). */
    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A stationary AR(1): x_0 ~ N(0, 1 / (1 - phi^2)), x_i = phi x_{i-1} + e_i. */
    static double[] ar1(double phi, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        x[0] = gaussian(r) / Math.sqrt(1 - phi * phi);
        for (int i = 1; i < n; i++) x[i] = phi * x[i - 1] + gaussian(r);
        return x;
    }

    static double[] ramp(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    @Test
    void fourBatchesByHand() {
        double[] x = {
            1000, 1000,         // 22 = 4 * 5 + 2: the two left over are the first two, dropped
            0, 1, 2, 1, 1,      // Z1 = 1
            3, 3, 2, 4, 3,      // Z2 = 3
            2, 2, 2, 2, 2,      // Z3 = 2
            6, 5, 7, 6, 6};     // Z4 = 6
        // mean 3; deviations -2 0 -1 3: squares 14, variance 14/3; half width
        // t(3, 0.975) * sqrt(14/3 / 4) = 3.182446 * 1.080123 = 3.437435.
        // lag 1: (-2)(0) + (0)(-1) + (-1)(3) = -3, over 14: -0.214286
        BatchMeans.Interval iv = BatchMeans.of(x, 4, 0.95);
        assertThat(iv.batches()).isEqualTo(4);
        assertThat(iv.batchSize()).isEqualTo(5);
        assertThat(iv.mean()).isCloseTo(3.0, within(1e-12));
        assertThat(iv.halfWidth()).isCloseTo(3.437435, within(1e-5));
        assertThat(iv.low()).isCloseTo(3 - 3.437435, within(1e-5));
        assertThat(iv.high()).isCloseTo(3 + 3.437435, within(1e-5));
        assertThat(iv.lag1()).isCloseTo(-3.0 / 14, within(1e-12));
        assertThat(iv.correlated()).isFalse();
    }

    @Test
    void aTrendsBatchMeansAreCorrelatedAtAnyBatchCount() {
        // b equally spaced batch means: squares b(b^2-1)/12, lagged products that minus (b^2-1)/4,
        // so lag 1 = 1 - 3/b: 0.925 at 40 batches, 0.7 at 10
        assertThat(BatchMeans.of(ramp(400), 40, 0.95).lag1()).isCloseTo(0.925, within(1e-12));
        // auto halves 40 -> 20 -> 10, still correlated, and stops there
        BatchMeans.Interval iv = BatchMeans.auto(ramp(400), 0.95);
        assertThat(iv.batches()).isEqualTo(10);
        assertThat(iv.batchSize()).isEqualTo(40);
        assertThat(iv.lag1()).isCloseTo(0.7, within(1e-12));
        assertThat(iv.correlated()).isTrue();
        // 30 observations: 15 batches of 2 (40 would leave under 2 each); 7 would be under 10, so
        // no halving: lag 1 = 1 - 3/15 = 0.8, flagged
        BatchMeans.Interval small = BatchMeans.auto(ramp(30), 0.95);
        assertThat(small.batches()).isEqualTo(15);
        assertThat(small.batchSize()).isEqualTo(2);
        assertThat(small.lag1()).isCloseTo(0.8, within(1e-12));
        assertThat(small.correlated()).isTrue();
    }

    @Test
    void correlatedOutputGetsLargerBatchesThanIndependentOutput() {
        // 400 observations, 40 batches of 10. AR(1) with phi = 0.9: adjacent sums of m have covariance
        // phi (1 - phi^m)^2 / (1 - phi)^2 = 38.2 and variance m (1+phi)/(1-phi) - 2 phi (1 - phi^m)/(1-phi)^2
        // = 72.8 (unit noise), lag 1 = 0.52; the estimate, biased down by about (1 + 3 * 0.52)/40 = 0.06,
        // with standard error ~0.14, falls under 0.2 in ~3% of runs: expected ~48.6 of 50 halve.
        // I.i.d. noise: lag 1 estimate ~ -1/40 with standard error ~1/sqrt(40) = 0.16, over 0.2 in
        // ~8% of runs: expected ~46 of 50 keep 40 batches.
        int arLarger = 0, iidKept = 0;
        long arSizes = 0, iidSizes = 0;
        for (long seed = 1; seed <= 50; seed++) {
            BatchMeans.Interval ar = BatchMeans.auto(ar1(0.9, 400, seed), 0.95);
            BatchMeans.Interval iid = BatchMeans.auto(ar1(0, 400, 1000 + seed), 0.95);
            if (ar.batchSize() >= 20) arLarger++;
            if (iid.batchSize() == 10) iidKept++;
            arSizes += ar.batchSize();
            iidSizes += iid.batchSize();
        }
        assertThat(arLarger).isGreaterThanOrEqualTo(45);
        assertThat(iidKept).isGreaterThanOrEqualTo(40);
        assertThat(arSizes).isGreaterThan(iidSizes);
    }

    @Test
    void independentNormalsAreCoveredAtAboutTheNominalRate() {
        // 95% intervals on N(10, 1): covering 10 is Binomial(100, 0.95), mean 95, sd 2.2;
        // fewer than 90 has probability about 1.1%
        int covered = 0;
        for (long seed = 1; seed <= 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] x = new double[20_000];
            for (int i = 0; i < x.length; i++) x[i] = 10 + gaussian(r);
            BatchMeans.Interval iv = BatchMeans.auto(x, 0.95);
            if (iv.low() <= 10 && 10 <= iv.high()) covered++;
        }
        assertThat(covered).isGreaterThanOrEqualTo(90);
    }

    @Test
    void impossibleBatchesAreRefused() {
        assertThatThrownBy(() -> BatchMeans.of(new double[10], 1, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchMeans.of(new double[3], 4, 0.95)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchMeans.of(new double[10], 2, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchMeans.auto(new double[3], 0.95)).isInstanceOf(IllegalArgumentException.class);
        // equal batch means: no spread, an interval of one point, lag 1 undefined
        BatchMeans.Interval flat = BatchMeans.of(new double[] {4, 4, 4, 4}, 2, 0.95);
        assertThat(flat.halfWidth()).isZero();
        assertThat(flat.lag1()).isNaN();
        assertThat(flat.correlated()).isFalse();
    }
}

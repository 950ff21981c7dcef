package dev.procsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Sample mean and variance against the textbook moments. The expected values below are worked out
 * by hand from the closed forms, not taken from the code. Tolerances are 5 standard errors (the
 * standard error of the variance uses the sample's fourth central moment), with fixed seeds, so the
 * tests are deterministic and would catch a wrong parameterisation (a rate passed as a mean, a
 * median passed as mu, swapped shape and scale), all of which move a moment by far more.
 */
class DistributionTest {
    private static final int N = 400_000;

    private static void check(Distribution d, double mean, double variance, String stream) {
        DoubleSampler s = d.sampler(new RandomStreams(2026).stream(stream));
        double[] x = new double[N];
        double sum = 0;
        for (int i = 0; i < N; i++) {
            x[i] = s.sample();
            sum += x[i];
        }
        double m = sum / N;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double dv = (v - m) * (v - m);
            m2 += dv;
            m4 += dv * dv;
        }
        m2 /= (N - 1);
        m4 /= N;
        double seMean = Math.sqrt(variance / N);
        double seVar = Math.sqrt(Math.max(m4 - m2 * m2, 1e-300) / N);
        assertThat(d.mean()).as("declared mean").isCloseTo(mean, within(1e-9 * Math.max(1, Math.abs(mean))));
        assertThat(d.variance()).as("declared variance").isCloseTo(variance, within(1e-9 * Math.max(1, variance)));
        assertThat(m).as("sample mean of %s", d).isCloseTo(mean, within(5 * seMean + 1e-12));
        assertThat(m2).as("sample variance of %s", d).isCloseTo(variance, within(5 * seVar + 1e-12));
    }

    @Test
    void exponential() {
        // mean 5, variance 25
        check(Distribution.exponential(5), 5, 25, "exp");
    }

    @Test
    void uniform() {
        // [1, 5): mean 3, variance 16/12
        check(Distribution.uniform(1, 5), 3, 16.0 / 12.0, "uniform");
    }

    @Test
    void normal() {
        check(Distribution.normal(10, 2), 10, 4, "normal");
    }

    @Test
    void lognormal() {
        // median 1, sigma 0.5: mean e^{0.125} = 1.1331484530668263, variance (e^{0.25}-1) e^{0.25} = 0.28402541668774 * 1.28402541668774 = 0.36469585401239
        check(Distribution.lognormal(1, 0.5), 1.1331484530668263, 0.3646958540123865, "lognormal");
    }

    @Test
    void pareto() {
        // scale 2, shape 5: mean 5*2/4 = 2.5, variance 4*5/(16*3) = 0.4166...
        check(Distribution.pareto(2, 5), 2.5, 20.0 / 48.0, "pareto");
    }

    @Test
    void weibull() {
        // shape 2, scale 1: mean Gamma(1.5) = sqrt(pi)/2, variance 1 - pi/4
        check(Distribution.weibull(2, 1), Math.sqrt(Math.PI) / 2, 1 - Math.PI / 4, "weibull");
    }

    @Test
    void constant() {
        check(Distribution.constant(3.5), 3.5, 0, "const");
    }

    @Test
    void empirical() {
        // {1, 2, 6}: mean 3, population variance (4 + 1 + 9) / 3 = 14/3
        check(Distribution.empirical(1, 2, 6), 3, 14.0 / 3.0, "empirical");
    }

    @Test
    void sampleNanosRoundsAndClamps() {
        assertThat(((DoubleSampler) () -> 2.5).sampleNanos()).isEqualTo(3);
        assertThat(((DoubleSampler) () -> -4.0).sampleNanos()).isZero();
        assertThat(((DoubleSampler) () -> Double.NaN).sampleNanos()).isZero();
        assertThat(((DoubleSampler) () -> 1e300).sampleNanos()).isLessThan(SimTime.NEVER);
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> Distribution.exponential(0)).hasMessageContaining("mean must be > 0");
        assertThatThrownBy(() -> Distribution.uniform(5, 1)).hasMessageContaining("lower < upper");
        assertThatThrownBy(() -> Distribution.pareto(1, -1)).hasMessageContaining("shape");
        assertThatThrownBy(() -> Distribution.empirical()).hasMessageContaining("at least one");
    }
}

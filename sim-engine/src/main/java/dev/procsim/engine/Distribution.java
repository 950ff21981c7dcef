package dev.procsim.engine;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.ParetoDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.distribution.WeibullDistribution;

/**
 * A probability distribution of a real quantity (a duration in nanoseconds, a count, a fraction).
 * Immutable and shareable: it becomes a {@link DoubleSampler} only when bound to a random stream,
 * so one workload description can drive many replications. Sampling goes through Commons
 * Statistics samplers (which use Commons RNG's fast samplers: ziggurat for the exponential and
 * normal).
 */
public sealed interface Distribution {
    double mean();

    double variance();

    DoubleSampler sampler(UniformRandomProvider rng);

    static Distribution constant(double value) {
        return new Constant(value);
    }

    static Distribution exponential(double mean) {
        return new Exponential(mean);
    }

    static Distribution uniform(double lower, double upper) {
        return new Uniform(lower, upper);
    }

    static Distribution normal(double mean, double sd) {
        return new Normal(mean, sd);
    }

    static Distribution lognormal(double median, double sigma) {
        return new LogNormal(median, sigma);
    }

    static Distribution pareto(double scale, double shape) {
        return new Pareto(scale, shape);
    }

    static Distribution weibull(double shape, double scale) {
        return new Weibull(shape, scale);
    }

    static Distribution empirical(double... values) {
        return new Empirical(values);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    /** Always the same value. */
    record Constant(double value) implements Distribution {
        public Constant {
            require(finite(value), "constant must be finite, was " + value);
        }

        public double mean() { return value; }

        public double variance() { return 0; }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            double v = value;
            return () -> v;
        }
    }

    /** Exponential with the given mean (rate 1/mean). */
    record Exponential(double mean) implements Distribution {
        public Exponential {
            require(finite(mean) && mean > 0, "exponential mean must be > 0, was " + mean);
        }

        public double variance() { return mean * mean; }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            // What ExponentialDistribution.createSampler builds, without a distribution object per task.
            return org.apache.commons.rng.sampling.distribution.ZigguratSampler.Exponential.of(rng, mean)::sample;
        }
    }

    /** Continuous uniform on [lower, upper). */
    record Uniform(double lower, double upper) implements Distribution {
        public Uniform {
            require(finite(lower) && finite(upper) && lower < upper,
                    "uniform needs lower < upper, was [" + lower + ", " + upper + "]");
        }

        public double mean() { return (lower + upper) / 2; }

        public double variance() { double w = upper - lower; return w * w / 12; }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            return UniformContinuousDistribution.of(lower, upper).createSampler(rng)::sample;
        }
    }

    /** Normal with mean and standard deviation. */
    record Normal(double mean, double sd) implements Distribution {
        public Normal {
            require(finite(mean) && finite(sd) && sd > 0, "normal needs a finite mean and sd > 0, was sd " + sd);
        }

        public double variance() { return sd * sd; }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            return NormalDistribution.of(mean, sd).createSampler(rng)::sample;
        }
    }

    /** Log-normal given by its median (e^mu) and sigma, the standard deviation of the log. */
    record LogNormal(double median, double sigma) implements Distribution {
        public LogNormal {
            require(finite(median) && median > 0, "lognormal median must be > 0, was " + median);
            require(finite(sigma) && sigma > 0, "lognormal sigma must be > 0, was " + sigma);
        }

        public double mean() { return median * Math.exp(sigma * sigma / 2); }

        public double variance() {
            double s2 = sigma * sigma;
            return (Math.exp(s2) - 1) * median * median * Math.exp(s2);
        }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            return LogNormalDistribution.of(Math.log(median), sigma).createSampler(rng)::sample;
        }
    }

    /** Pareto (type I) with scale x_m (the minimum) and shape alpha. */
    record Pareto(double scale, double shape) implements Distribution {
        public Pareto {
            require(finite(scale) && scale > 0, "pareto scale must be > 0, was " + scale);
            require(finite(shape) && shape > 0, "pareto shape must be > 0, was " + shape);
        }

        public double mean() { return shape <= 1 ? Double.POSITIVE_INFINITY : shape * scale / (shape - 1); }

        public double variance() {
            if (shape <= 2) return Double.POSITIVE_INFINITY;
            return scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2));
        }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            return ParetoDistribution.of(scale, shape).createSampler(rng)::sample;
        }
    }

    /** Weibull with shape k and scale lambda. */
    record Weibull(double shape, double scale) implements Distribution {
        public Weibull {
            require(finite(shape) && shape > 0, "weibull shape must be > 0, was " + shape);
            require(finite(scale) && scale > 0, "weibull scale must be > 0, was " + scale);
        }

        public double mean() { return scale * Math.exp(logGamma(1 + 1 / shape)); }

        public double variance() {
            double g1 = Math.exp(logGamma(1 + 1 / shape));
            double g2 = Math.exp(logGamma(1 + 2 / shape));
            return scale * scale * (g2 - g1 * g1);
        }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            return WeibullDistribution.of(shape, scale).createSampler(rng)::sample;
        }
    }

    /** Each of the listed values with equal probability (an observed sample, replayed). */
    record Empirical(double[] values) implements Distribution {
        public Empirical {
            require(values != null && values.length > 0, "empirical distribution needs at least one value");
            values = values.clone();
            for (double v : values) require(finite(v), "empirical values must be finite, found " + v);
        }

        public double mean() {
            double s = 0;
            for (double v : values) s += v;
            return s / values.length;
        }

        public double variance() {
            double m = mean();
            double s = 0;
            for (double v : values) s += (v - m) * (v - m);
            return s / values.length;
        }

        public DoubleSampler sampler(UniformRandomProvider rng) {
            double[] v = values;
            return () -> v[rng.nextInt(v.length)];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Empirical e && Arrays.equals(values, e.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Empirical" + Arrays.toString(values);
        }
    }

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits, enough for moments. */
    private static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}

package dev.procsim.engine;

/** Draws values of one distribution from one random stream. */
@FunctionalInterface
public interface DoubleSampler {
    double sample();

    /**
     * A sample as a non-negative duration in whole nanoseconds (the sample is taken to be in
     * nanoseconds): rounded to the nearest, negative values (possible under a normal
     * distribution) clamped to 0, huge ones clamped below {@link SimTime#NEVER}.
     */
    default long sampleNanos() {
        double v = sample();
        if (!(v > 0)) return 0; // also maps NaN to 0
        if (v >= 9.0e18) return 9_000_000_000_000_000_000L;
        return Math.round(v);
    }
}

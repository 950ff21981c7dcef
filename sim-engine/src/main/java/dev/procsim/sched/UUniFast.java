package dev.procsim.sched;

import java.util.function.DoubleSupplier;

/**
 * UUniFast (Bini and Buttazzo, "Measuring the performance of schedulability tests", 2005): n task
 * utilisations summing to u, uniformly distributed over that simplex.
 */
public final class UUniFast {
    private UUniFast() {}

    /** {@code uniform} gives numbers in [0, 1). */
    public static double[] utilisations(int n, double u, DoubleSupplier uniform) {
        if (n < 1) throw new IllegalArgumentException("uunifast needs n >= 1, was " + n);
        if (!(u > 0)) throw new IllegalArgumentException("uunifast needs a total utilisation > 0, was " + u);
        double[] out = new double[n];
        double sum = u;
        for (int i = 0; i < n - 1; i++) {
            double next = sum * Math.pow(uniform.getAsDouble(), 1.0 / (n - 1 - i));
            out[i] = sum - next;
            sum = next;
        }
        out[n - 1] = sum;
        return out;
    }
}

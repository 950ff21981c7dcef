package dev.procsim.report.stats;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Mean, sample standard deviation and a 95% confidence interval of the mean (Student t with n-1
 * degrees of freedom) across replications. With one replication the interval is undefined (NaN).
 */
public record Stats(int n, double mean, double sd, double ciLow, double ciHigh) {
    public static Stats of(double[] values) {
        int n = values.length;
        if (n == 0) return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        for (double v : values) sum += v;
        double mean = sum / n;
        if (n == 1) return new Stats(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double half = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Stats(n, mean, sd, mean - half, mean + half);
    }

    /** Half the width of the interval (0 when undefined, for error bars). */
    public double halfWidth() {
        return Double.isNaN(ciHigh) ? 0 : (ciHigh - ciLow) / 2;
    }
}

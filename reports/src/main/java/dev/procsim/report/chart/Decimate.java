package dev.procsim.report.chart;

import java.util.Arrays;

/**
 * A step series cut down to what a chart can show: the x range split into columns (about a pixel
 * each), and of each column's points only the first, the lowest, the highest and the last, in
 * time order. Every peak and trough stays exactly where it was, so the drawn line is the one the
 * full series would give at that width, and a million-point series draws as fast as a small one.
 */
final class Decimate {
    /** Columns of a chart: more than the plot's width in pixels at the PNGs' 120 dpi. */
    static final int COLUMNS = 2000;

    private Decimate() {}

    /** {@code {x, y}}, unchanged when there are at most 4 points a column; x must be non-decreasing. */
    static double[][] minMax(double[] x, double[] y, int columns) {
        int n = x.length;
        if (n <= 4 * columns) return new double[][] {x, y};
        double lo = x[0], hi = x[n - 1];
        double width = (hi - lo) / columns;
        if (!(width > 0)) return new double[][] {x, y};
        double[] ox = new double[4 * columns + 4];
        double[] oy = new double[ox.length];
        int out = 0;
        int i = 0;
        while (i < n) {
            int col = (int) Math.min(columns - 1, Math.floor((x[i] - lo) / width));
            int first = i, min = i, max = i;
            int j = i;
            while (j < n && (int) Math.min(columns - 1, Math.floor((x[j] - lo) / width)) == col) {
                if (y[j] < y[min]) min = j;
                if (y[j] > y[max]) max = j;
                j++;
            }
            int last = j - 1;
            int[] keep = {first, Math.min(min, max), Math.max(min, max), last};
            int prev = -1;
            for (int k : keep) {
                if (k == prev) continue;
                if (out == ox.length) {
                    ox = Arrays.copyOf(ox, out * 2);
                    oy = Arrays.copyOf(oy, out * 2);
                }
                ox[out] = x[k];
                oy[out] = y[k];
                out++;
                prev = k;
            }
            i = j;
        }
        return new double[][] {Arrays.copyOf(ox, out), Arrays.copyOf(oy, out)};
    }
}

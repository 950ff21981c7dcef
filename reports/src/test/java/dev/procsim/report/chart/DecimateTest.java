package dev.procsim.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Decimation keeps each column's first, lowest, highest and last point, in order. */
class DecimateTest {
    @Test
    void eachColumnKeepsItsExtremesInTimeOrder() {
        // 100 points at x = 0..99 in 10 columns of 10 (4 per column allowed: 100 > 40 is cut):
        // y = x % 10, except a spike of 50 at x = 33 and a dip of -7 at x = 77.
        double[] x = new double[100], y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i % 10;
        }
        y[33] = 50;
        y[77] = -7;
        double[][] d = Decimate.minMax(x, y, 10);
        // column 0 (x 0..9; width 9.9): first 0 (y 0, also the lowest), highest 9 at x 9, last x 9: points 0 and 9
        assertThat(d[0]).startsWith(0, 9);
        // the spike and the dip are kept with their exact values
        assertThat(indexOf(d[0], 33)).isGreaterThanOrEqualTo(0);
        assertThat(d[1][indexOf(d[0], 33)]).isEqualTo(50);
        assertThat(d[1][indexOf(d[0], 77)]).isEqualTo(-7);
        // x stays in order, the first and last points are kept, at most 4 a column
        for (int i = 1; i < d[0].length; i++) assertThat(d[0][i]).isGreaterThan(d[0][i - 1]);
        assertThat(d[0][0]).isEqualTo(0);
        assertThat(d[0][d[0].length - 1]).isEqualTo(99);
        assertThat(d[0].length).isLessThanOrEqualTo(40);
        // global extremes of the decimated series are those of the full one
        assertThat(java.util.Arrays.stream(d[1]).max().getAsDouble()).isEqualTo(50);
        assertThat(java.util.Arrays.stream(d[1]).min().getAsDouble()).isEqualTo(-7);
    }

    @Test
    void aShortSeriesIsLeftAlone() {
        double[] x = {0, 1, 2}, y = {5, 6, 7};
        double[][] d = Decimate.minMax(x, y, 10);
        assertThat(d[0]).isSameAs(x);
        assertThat(d[1]).isSameAs(y);
    }

    private static int indexOf(double[] v, double want) {
        for (int i = 0; i < v.length; i++) if (v[i] == want) return i;
        return -1;
    }
}

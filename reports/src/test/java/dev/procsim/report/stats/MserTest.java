package dev.procsim.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** MSER-5 cuts against MSER(d) worked by hand from the batch means. */
class MserTest {
    /** k copies of each batch mean: a series whose batch means are exactly {@code z}. */
    static double[] flatBatches(int k, double... z) {
        double[] x = new double[z.length * k];
        for (int j = 0; j < z.length; j++) Arrays.fill(x, j * k, (j + 1) * k, z[j]);
        return x;
    }

    @Test
    void aDecayingStartIsCutAtItsBatch() {
        double[] x = {
            30, 26, 22, 18, 14, // mean 22: the transient
            11, 9, 10, 12, 8,   // mean 10
            13, 11, 12, 14, 10, // mean 12
            7, 9, 8, 6, 10,     // mean 8
            12, 10, 11, 9, 13,  // mean 11
            8, 10, 9, 11, 7,    // mean 9
            100, 100, 100};     // an incomplete batch: dropped
        // b = 6, Z = 22 10 12 8 11 9; MSER(d) = sum of squared deviations of the tail / (6-d)^2:
        //   d=0: mean 12, 100+4+0+16+1+9 = 130, /36 = 3.611
        //   d=1: mean 10, 0+4+4+1+1 = 10,        /25 = 0.4
        //   d=2: mean 10, 4+4+1+1 = 10,          /16 = 0.625
        //   d=3: mean 28/3, 16/9+25/9+1/9 = 42/9, /9 = 0.519
        // the minimum over d <= 3 is d = 1: cut 5 observations. A cut keeping 5 batches or more in the
        // second half (d >= 4, d <= 6-5) does not exist: reliable.
        Mser.Truncation t = Mser.of(x);
        assertThat(t.batches()).isEqualTo(6);
        assertThat(t.cutBatches()).isEqualTo(1);
        assertThat(t.cut()).isEqualTo(5);
        assertThat(t.mser()).isCloseTo(0.4, within(1e-12));
        assertThat(t.reliable()).isTrue();
    }

    @Test
    void aConstantSeriesIsNotCut() {
        double[] x = new double[50];
        Arrays.fill(x, 7.5);
        // every MSER(d) is 0: the tie goes to d = 0, and no later d is smaller
        Mser.Truncation t = Mser.of(x);
        assertThat(t).isEqualTo(new Mser.Truncation(0, 0, 0.0, true, 10));
    }

    @Test
    void aTrendOverTheWholeRunIsNotReliable() {
        double[] x = new double[60];
        for (int i = 0; i < 60; i++) x[i] = i + 1;
        // Z_j = 5j - 2 (3, 8, ..., 58), b = 12. A tail of c batches spaced 5 apart has squared
        // deviations 25 c (c^2 - 1) / 12, so MSER = 25 (c^2 - 1) / (12 c), smaller the shorter the tail:
        // over d <= 6 the best is d = 6 (c = 6): 25 * 35 / 72 = 12.153; but d = 7 (c = 5, still 5
        // batches) gives 25 * 24 / 60 = 10: the minimum lies in the second half
        Mser.Truncation t = Mser.of(x);
        assertThat(t.batches()).isEqualTo(12);
        assertThat(t.cutBatches()).isEqualTo(6);
        assertThat(t.cut()).isEqualTo(30);
        assertThat(t.mser()).isCloseTo(25.0 * 35 / 72, within(1e-9));
        assertThat(t.reliable()).isFalse();
    }

    @Test
    void aShortTailThatIsFlatByChanceDoesNotMakeTheRunUnreliable() {
        double[] z = {10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 10, 10};
        // d=0: mean 10, squares 6, /144 = 0.0417; d=1: mean 10, 6/121 = 0.0496; d=2: mean 9.9,
        // 985 - 980.1 = 4.9, /100 = 0.049; d=3: 4/81 = 0.0494; d=4: 4/64 = 0.0625;
        // d=5: 683 - 69^2/7 = 2.857, /49 = 0.0583; d=6: 2/36 = 0.0556: the cut is d = 0.
        // d=7 (5 batches 11 9 10 10 10): 2/25 = 0.08, larger: reliable. d=10 (10, 10) has MSER 0,
        // which would have flagged the run had two-batch tails counted.
        Mser.Truncation t = Mser.of(flatBatches(5, z));
        assertThat(t.cut()).isZero();
        assertThat(t.mser()).isCloseTo(6.0 / 144, within(1e-12));
        assertThat(t.reliable()).isTrue();
    }

    @Test
    void fewerThanTwoBatchesAreNotCut() {
        Mser.Truncation nine = Mser.of(new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertThat(nine.cut()).isZero();
        assertThat(nine.batches()).isEqualTo(1);
        assertThat(nine.mser()).isNaN();
        assertThat(nine.reliable()).isFalse();
        assertThat(Mser.of(new double[0])).isEqualTo(new Mser.Truncation(0, 0, Double.NaN, false, 0));
        assertThatThrownBy(() -> Mser.of(new double[10], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tree's answer is a scan's: the least load in the range, the lowest CPU number on ties. */
class LoadTreeTest {
    private static long scan(int[] load, int from, int to) {
        int best = -1;
        for (int c = from; c < to; c++) if (best < 0 || load[c] < load[best]) best = c;
        return (long) load[best] << 32 | best;
    }

    @Test
    void everyRangeAgreesWithAScanAsLoadsChange() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 7, 64, 100, 4096}) {
            LoadTree tree = new LoadTree(n);
            int[] load = new int[n];
            assertThat(tree.min(0, n)).isEqualTo(0L); // all idle: CPU 0
            for (int step = 0; step < 3000; step++) {
                int c = r.nextInt(n);
                load[c] = r.nextInt(4); // few values: many ties
                tree.set(c, load[c]);
                int from = r.nextInt(n), to = from + 1 + r.nextInt(n - from);
                assertThat(tree.min(from, to)).as("n=%d [%d,%d)", n, from, to).isEqualTo(scan(load, from, to));
                assertThat(tree.min(0, n)).isEqualTo(scan(load, 0, n));
            }
        }
    }
}

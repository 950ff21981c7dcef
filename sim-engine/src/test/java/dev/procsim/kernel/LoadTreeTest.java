package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tree's answer is a scan's: the least (or most) load in the range, the lowest CPU number on ties. */
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
                tree.set(c, LoadTree.least(c, load[c]));
                int from = r.nextInt(n), to = from + 1 + r.nextInt(n - from);
                assertThat(tree.min(from, to)).as("n=%d [%d,%d)", n, from, to).isEqualTo(scan(load, from, to));
                assertThat(tree.min(0, n)).isEqualTo(scan(load, 0, n));
            }
        }
    }

    /** The busiest search: among the CPUs taking part (a task queued), the most loaded, the lowest number on ties. */
    @Test
    void mostKeysGiveTheMostLoadedOfThoseTakingPart() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 300;
        LoadTree tree = new LoadTree(n);
        int[] load = new int[n];
        boolean[] part = new boolean[n];
        for (int c = 0; c < n; c++) tree.set(c, Long.MAX_VALUE);
        assertThat(tree.min(0, n)).isEqualTo(Long.MAX_VALUE);
        for (int step = 0; step < 5000; step++) {
            int c = r.nextInt(n);
            load[c] = r.nextInt(5);
            part[c] = load[c] > 0 && r.nextBoolean();
            tree.set(c, part[c] ? LoadTree.most(c, load[c]) : Long.MAX_VALUE);
            int from = r.nextInt(n), to = from + 1 + r.nextInt(n - from);
            int want = -1;
            for (int d = from; d < to; d++) if (part[d] && (want < 0 || load[d] > load[want])) want = d;
            long got = tree.min(from, to);
            assertThat(got == Long.MAX_VALUE ? -1 : (int) got).as("[%d,%d)", from, to).isEqualTo(want);
        }
    }
}

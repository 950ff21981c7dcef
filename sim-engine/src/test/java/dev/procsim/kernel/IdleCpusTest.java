package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The idle-CPU set visits exactly the idle CPUs, lowest first, across word boundaries: against a plain array. */
class IdleCpusTest {
    @Test
    void itVisitsTheIdleCpusInOrderAsAScanWould() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {1, 63, 64, 65, 130, 4096}) {
            IdleCpus set = new IdleCpus(n);
            boolean[] busy = new boolean[n];
            for (int step = 0; step < 2000; step++) {
                int c = r.nextInt(n);
                if (r.nextBoolean()) {
                    set.busy(c);
                    busy[c] = true;
                } else {
                    set.idle(c);
                    busy[c] = false;
                }
                List<Integer> expect = new ArrayList<>(), got = new ArrayList<>();
                for (int i = 0; i < n; i++) if (!busy[i]) expect.add(i);
                for (int i = set.next(0); i >= 0; i = set.next(i + 1)) got.add(i);
                assertThat(got).as("n=" + n + " step " + step).isEqualTo(expect);
            }
        }
    }
}

package dev.procsim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StepSeriesTest {
    /** The definition, kept naively: every change as a pair, same-instant changes collapsed, repeats dropped. */
    static final class Naive {
        final List<long[]> points = new ArrayList<>();

        void record(long t, long v) {
            if (!points.isEmpty()) {
                long[] last = points.get(points.size() - 1);
                if (last[0] == t) {
                    last[1] = v;
                    if (points.size() > 1 && points.get(points.size() - 2)[1] == v) points.remove(points.size() - 1);
                    return;
                }
                if (last[1] == v) return;
            }
            points.add(new long[] {t, v});
        }

        long valueAt(long t) {
            long v = 0;
            for (long[] p : points) if (p[0] <= t) v = p[1];
            return v;
        }
    }

    @Test
    void agreesWithTheDefinitionAcrossChunks() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            StepSeries s = new StepSeries("x");
            Naive n = new Naive();
            long t = 0, max = Long.MIN_VALUE;
            for (int i = 0; i < 12_000; i++) { // about 3 chunks of 4096 points
                t += r.nextInt(3); // same-instant changes a third of the time
                long v = r.nextInt(4);
                s.record(t, v);
                n.record(t, v);
                max = Math.max(max, v);
            }
            assertThat(s.size()).isEqualTo(n.points.size());
            for (int i = 0; i < s.size(); i++) {
                assertThat(s.time(i)).isEqualTo(n.points.get(i)[0]);
                assertThat(s.value(i)).isEqualTo(n.points.get(i)[1]);
            }
            for (int k = 0; k < 300; k++) {
                long q = r.nextLong(-2, t + 3);
                assertThat(s.valueAt(q)).as("value at %d", q).isEqualTo(n.valueAt(q));
            }
            assertThat(s.peak()).isEqualTo(max);
        }
    }

    @Test
    void collapsesAnInstantAndRejectsTimeGoingBack() {
        StepSeries s = new StepSeries("pids");
        assertThat(s.peak()).isZero();
        s.record(0, 1);
        s.record(5, 2);
        s.record(5, 1); // back to the value before at the same instant: the change vanishes
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.valueAt(7)).isEqualTo(1);
        assertThat(s.peak()).isEqualTo(2); // the peak still saw it
        s.record(9, 3);
        assertThat(s.valueAt(8)).isEqualTo(1);
        assertThat(s.valueAt(9)).isEqualTo(3);
        assertThatThrownBy(() -> s.record(8, 4)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pids");
    }

    @Test
    void peakOnlyKeepsNoChangePointsButTheSamePeak() {
        StepSeries full = new StepSeries("ready");
        StepSeries peak = new StepSeries("ready");
        peak.keepPeakOnly();
        long[] values = {0, 3, 1, 7, 7, 2, 0, 5};
        for (int i = 0; i < values.length; i++) {
            full.record(i * 10L, values[i]);
            peak.record(i * 10L, values[i]);
        }
        assertThat(peak.size()).isZero();
        assertThat(peak.peak()).isEqualTo(7).isEqualTo(full.peak());
        assertThat(new StepSeries("never").peak()).isZero();
    }
}

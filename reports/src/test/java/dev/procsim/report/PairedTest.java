package dev.procsim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paired differences against the baseline, against hand-worked Student-t intervals. */
class PairedTest {
    static Aggregate agg(int index, double... values) {
        Experiment.Point p = new Experiment.Point(index, new Experiment.SchedulerChoice("s" + index, Map.of()), "cow", Map.of());
        List<RunSummary> runs = new ArrayList<>();
        for (int r = 0; r < values.length; r++) runs.add(new RunSummary(p, r, "horizon", Map.of("m", values[r]), List.of(), List.of()));
        return new Aggregate(p, runs, null);
    }

    @Test
    void replicationByReplicationDifferencesGiveTheTInterval() {
        Aggregate base = agg(0, 10, 20, 30);
        // differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653: half width 4.302653 / sqrt(3) = 2.484138
        Aggregate a = agg(1, 11, 22, 33);
        // differences 2, 2, 2: no spread, an interval of one point that leaves out zero, although
        // unpaired the two means (20 and 22, sd 10 each) could not be told apart
        Aggregate b = agg(2, 12, 22, 32);
        List<Paired.Diff> d = Paired.against(List.of(base, a, b), "m");
        assertThat(d).hasSize(2);
        assertThat(d.get(0).diff().mean()).isEqualTo(2.0);
        assertThat(d.get(0).diff().halfWidth()).isCloseTo(2.484138, within(1e-6));
        assertThat(d.get(0).excludesZero()).isFalse();
        assertThat(d.get(0).ratio()).isCloseTo(22.0 / 20, within(1e-12));
        // replications for +/- 10% of the baseline mean (2): (1.96 * 1 / 2)^2 = 0.96 -> 1
        assertThat(d.get(0).replicationsFor10Percent()).isEqualTo(1);
        assertThat(d.get(1).diff().mean()).isEqualTo(2.0);
        assertThat(d.get(1).diff().halfWidth()).isZero();
        assertThat(d.get(1).excludesZero()).isTrue();
        assertThat(a.stats.get("m").halfWidth()).isGreaterThan(20); // unpaired: t * 11 / sqrt(3) = 27.3
    }

    @Test
    void onlyReplicationsPresentInBothArePaired() {
        Aggregate base = agg(0, 10, 20);
        Experiment.Point p = new Experiment.Point(1, new Experiment.SchedulerChoice("x", Map.of()), "cow", Map.of());
        // replication 1 is missing (stopped): only replication 0 pairs
        Aggregate a = new Aggregate(p, List.of(new RunSummary(p, 0, "horizon", Map.of("m", 15.0), List.of(), List.of())), null);
        List<Paired.Diff> d = Paired.against(List.of(base, a), "m");
        assertThat(d.get(0).diff().n()).isEqualTo(1);
        assertThat(d.get(0).diff().mean()).isEqualTo(5.0);
        assertThat(d.get(0).excludesZero()).isFalse(); // one pair: no interval
    }
}

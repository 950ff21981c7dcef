package dev.procsim.report.stats;

import dev.procsim.report.run.RunSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    /** Three schedulers, 3 replications; {@code report} is appended as written. */
    static Experiment experiment(String report) {
        return dev.procsim.workload.ExperimentParser.parse("t.yaml", """
                compare: {scheduler: [fcfs, sjf, {name: rr, quantum: 2ms}]}
                workload: {processes: [{name: a, program: [{compute: 1ms}]}]}
                """ + report, java.nio.file.Path.of("."));
    }

    @Test
    void replicationByReplicationDifferencesGiveTheTInterval() {
        Aggregate base = agg(0, 10, 20, 30);
        // differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653: half width 4.302653 / sqrt(3) = 2.484138
        Aggregate a = agg(1, 11, 22, 33);
        // differences 2, 2, 2: no spread, an interval of one point that leaves out zero, although
        // unpaired the two means (20 and 22, sd 10 each) could not be told apart
        Aggregate b = agg(2, 12, 22, 32);
        List<Paired.Diff> d = Paired.against(experiment(""), List.of(base, a, b), "m");
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
    void theBaselineIsTheOneTheExperimentNames() {
        Aggregate s0 = agg(0, 10, 20, 30);
        Aggregate s1 = agg(1, 11, 22, 33);
        Aggregate s2 = agg(2, 12, 22, 32);
        // against sjf (index 1): fcfs differs by -1, -2, -3 (mean -2); rr by 1, 0, -1 (mean 0)
        for (String named : List.of("sjf", "{scheduler: sjf}")) {
            Experiment x = experiment("report: {baseline: " + (named.startsWith("{") ? named : "{scheduler: " + named + "}") + "}\n");
            assertThat(x.baselinePoint().index()).isEqualTo(1);
            List<Paired.Diff> d = Paired.against(x, List.of(s0, s1, s2), "m");
            assertThat(d).extracting(v -> v.combination().point.index()).containsExactly(0, 2);
            assertThat(d.get(0).diff().mean()).isEqualTo(-2.0);
            assertThat(d.get(1).diff().mean()).isEqualTo(0.0);
            assertThat(d.get(1).ratio()).isCloseTo(22.0 / 22, within(1e-12));
        }
        // by label, and the default: the first level of every factor
        assertThat(experiment("report: {baseline: {scheduler: rr(quantum=2ms)}}\n").baselinePoint().index()).isEqualTo(2);
        assertThat(experiment("report: {baseline: {scheduler: rr}}\n").baselinePoint().index()).isEqualTo(2);
        assertThat(experiment("").baselinePoint().index()).isZero();
    }

    @Test
    void aBaselineThatIsNotALevelIsAnErrorAtItsPlace() {
        assertThatThrownBy(() -> experiment("report: {baseline: {scheduler: cfs}}\n"))
                .hasMessageContaining("t.yaml:3:32: report.baseline.scheduler: expected one of the levels compared (fcfs, sjf, rr(quantum=2ms)), found 'cfs'");
        assertThatThrownBy(() -> experiment("report: {baseline: {memory: 1MiB}}\n"))
                .hasMessageContaining("t.yaml:3:21: report.baseline.memory: expected a factor of this experiment (scheduler, fork), found 'memory'");
        assertThatThrownBy(() -> experiment("report: {base: x}\n")).hasMessageContaining("report.base");
    }

    @Test
    void onlyReplicationsPresentInBothArePaired() {
        Aggregate base = agg(0, 10, 20);
        Experiment.Point p = new Experiment.Point(1, new Experiment.SchedulerChoice("x", Map.of()), "cow", Map.of());
        // replication 1 is missing (stopped): only replication 0 pairs
        Aggregate a = new Aggregate(p, List.of(new RunSummary(p, 0, "horizon", Map.of("m", 15.0), List.of(), List.of())), null);
        List<Paired.Diff> d = Paired.against(experiment(""), List.of(base, a), "m");
        assertThat(d.get(0).diff().n()).isEqualTo(1);
        assertThat(d.get(0).diff().mean()).isEqualTo(5.0);
        assertThat(d.get(0).excludesZero()).isFalse(); // one pair: no interval
    }
}

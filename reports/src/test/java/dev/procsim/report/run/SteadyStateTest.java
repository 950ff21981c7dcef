package dev.procsim.report.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.BatchMeans;
import dev.procsim.report.stats.Stats;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The statistics: section applied to runs: the warm-up cut, batch means, sequential stopping, each against a hand calculation. */
class SteadyStateTest {
    static final double MS = 1e6;

    static Experiment parse(String text) {
        return ExperimentParser.parse("s.yaml", text, Path.of("."));
    }

    static ExperimentRunner.Result run(Experiment x) {
        return ExperimentRunner.run(x, 2, 1, 1, i -> {}, new AtomicBoolean());
    }

    /**
     * FCFS on one CPU, no costs: A arrives at 0 (4 ms), B at 1 (2 ms), C at 5 (3 ms), D at 11 (1 ms).
     * Schedule: A 0-4, B 4-6, C 6-9, idle 9-11, D 11-12; the run ends at 12 ms. With the cut at 5 ms
     * only C and D count: turnaround (4 + 1) / 2 = 2.5 ms, waiting (1 + 0) / 2 = 0.5 ms, response the
     * same; the CPU was busy 5-9 and 11-12 of the 7 ms after the cut: 5/7; 2 tasks finished in 7 ms:
     * 285.714/s. Without the cut: turnaround (4 + 5 + 4 + 1) / 4 = 3.5 ms, utilisation 10/12.
     */
    @Test
    void aFixedWarmupLeavesOutTheTasksThatArrivedBeforeItAndTheTimeBeforeIt() {
        String text = """
                name: cut
                costs: none
                compare: {scheduler: [fcfs], fork: [cow]}
                %s
                workload:
                  processes:
                    - {name: A, at: 0ms, program: [{compute: 4ms}]}
                    - {name: B, at: 1ms, program: [{compute: 2ms}]}
                    - {name: C, at: 5ms, program: [{compute: 3ms}]}
                    - {name: D, at: 11ms, program: [{compute: 1ms}]}
                """;
        var cut = run(parse(text.formatted("statistics: {warmup: 5ms}"))).runs().get(0).metrics;
        assertThat(cut.get("mean_turnaround_ns")).isEqualTo(2.5 * MS);
        assertThat(cut.get("mean_waiting_ns")).isEqualTo(0.5 * MS);
        assertThat(cut.get("mean_response_ns")).isEqualTo(0.5 * MS);
        assertThat(cut.get("cpu_utilization")).isCloseTo(5.0 / 7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cut.get("throughput_per_s")).isCloseTo(2 / 0.007, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cut.get("warmup_cut_ns")).isEqualTo(5 * MS);
        var none = run(parse(text.formatted(""))).runs().get(0).metrics;
        assertThat(none.get("mean_turnaround_ns")).isEqualTo(3.5 * MS);
        assertThat(none.get("cpu_utilization")).isCloseTo(10.0 / 12, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(none).doesNotContainKey("warmup_cut_ns");
        assertThat(cut.get("events")).isEqualTo(none.get("events")); // the cut's reading is no event of the simulation
        assertThat(cut.get("tasks_finished")).isEqualTo(4.0); // counts are not averages: left alone
    }

    static final String MM1 = """
            name: mm1
            seed: 5
            replications: %d
            costs: none
            cpus: 1
            compare: {scheduler: [fcfs, sjf], fork: [cow]}
            %s
            workload:
              arrivals: [{poisson: {rate: 800/s, count: %d, burst: {exp: 1ms}}}]
            """;

    /**
     * Batch means within one run: the interval of mean_turnaround_ns is the one BatchMeans gives on
     * the turnaround of the finished tasks in order of arrival (recomputed here from the task records).
     */
    @Test
    void batchMeansGiveTheIntervalOfTheOneRun() {
        Experiment x = parse(MM1.formatted(1, "statistics: {method: batch-means, batches: 10}", 3000));
        ExperimentRunner.Result r = run(x);
        RunSummary s = r.runs().get(0);
        List<dev.procsim.kernel.TaskRecord> f = new ArrayList<>(s.tasks.stream().filter(t -> t.finish() >= 0).toList());
        f.sort(Comparator.comparingLong(dev.procsim.kernel.TaskRecord::arrival).thenComparingInt(dev.procsim.kernel.TaskRecord::pid));
        double[] turn = f.stream().mapToDouble(dev.procsim.kernel.TaskRecord::turnaround).toArray();
        BatchMeans.Interval iv = BatchMeans.of(turn, 10, 0.95);
        Stats st = Aggregate.of(r).get(0).stats.get("mean_turnaround_ns");
        assertThat(st.ciLow()).isEqualTo(iv.low());
        assertThat(st.ciHigh()).isEqualTo(iv.high());
        assertThat(s.metrics.get("bm_batches")).isEqualTo(10.0);
        assertThat(st.ciLow()).isLessThan(st.mean()).isLessThan(st.ciHigh() + 1); // the plain mean lies in it here
    }

    /**
     * Sequential stopping ends where the rule says, and its result is that of a plain run of the
     * final count: the same runs (each depends only on its combination and replication).
     */
    @Test
    void sequentialStoppingGivesThePlainRunOfTheCountItReached() {
        Experiment x = parse(MM1.formatted(3, "statistics: {precision: {metric: mean_turnaround_ns, relative: 0.1, max_replications: 60}}", 400));
        ExperimentRunner.Result seq = SequentialRunner.run(x, 2, new AtomicBoolean(), (from, to, runs) -> i -> {});
        int n = seq.experiment().replications();
        assertThat(n).isGreaterThan(3).isLessThanOrEqualTo(60);
        // the rule holds at n and did not at the count before it (n came from a smaller count that missed)
        assertThat(SequentialRunner.decide(seq.experiment(), seq.runs()).met() || n == 60).isTrue();
        for (Aggregate a : Aggregate.of(seq)) {
            Stats s = a.stats.get("mean_turnaround_ns");
            if (n < 60) assertThat(s.halfWidth()).isLessThanOrEqualTo(0.1 * Math.abs(s.mean()));
        }
        Experiment plain = parse(MM1.formatted(n, "", 400));
        ExperimentRunner.Result p = run(plain);
        assertThat(seq.runs()).hasSameSizeAs(p.runs());
        for (int i = 0; i < p.runs().size(); i++) {
            assertThat(seq.runs().get(i).point.index()).isEqualTo(p.runs().get(i).point.index());
            assertThat(seq.runs().get(i).replication).isEqualTo(p.runs().get(i).replication);
            assertThat(seq.runs().get(i).metrics).isEqualTo(p.runs().get(i).metrics);
        }
        // one batch short: the rule was not met yet (else it would have stopped there)
        List<RunSummary> fewer = new ArrayList<>();
        int before = previousCount(3, n, 60, seq);
        for (RunSummary s : seq.runs()) if (s.replication < before) fewer.add(s);
        assertThat(SequentialRunner.decide(seq.experiment().with(x.seed(), before), fewer).met()).isFalse();
    }

    /** The count sequential stopping had before {@code n}: replay nextCount from the start. */
    static int previousCount(int start, int n, int max, ExperimentRunner.Result seq) {
        int c = start, prev = start;
        while (c < n) {
            List<RunSummary> upTo = new ArrayList<>();
            for (RunSummary s : seq.runs()) if (s.replication < c) upTo.add(s);
            var d = SequentialRunner.decide(seq.experiment().with(seq.experiment().seed(), c), upTo);
            prev = c;
            c = dev.procsim.report.stats.SequentialStopping.nextCount(c, d.needed(), max);
        }
        return prev;
    }
}

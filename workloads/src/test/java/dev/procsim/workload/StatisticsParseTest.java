package dev.procsim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The statistics: section: what it reads, and each mistake named at its line and column. */
class StatisticsParseTest {
    static final String BODY = "compare: {scheduler: [fcfs]}\nworkload:\n  processes:\n    - {name: a, program: [{compute: 1ms}]}\n";

    static Experiment parse(String head) {
        return ExperimentParser.parse("s.yaml", "name: s\n" + head + BODY, Path.of("."));
    }

    static String error(String head) {
        try {
            parse(head);
        } catch (InputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an error for\n" + head);
    }

    @Test
    void readsWarmupMethodBatchesAndPrecision() {
        assertThat(parse("").statistics()).isEqualTo(Statistics.DEFAULT);
        Statistics a = parse("replications: 4\nstatistics: {warmup: auto, precision: {metric: mean_turnaround_ns, relative: 0.05}}\n").statistics();
        assertThat(a.warmup()).isEqualTo(Statistics.Warmup.AUTO);
        assertThat(a.sequential()).isTrue();
        assertThat(a.precisionMetric()).isEqualTo("mean_turnaround_ns");
        assertThat(a.relative()).isEqualTo(0.05);
        assertThat(a.maxReplications()).isEqualTo(200); // the default cap
        Statistics b = parse("statistics: {warmup: 2s, method: batch-means, batches: 20}\n").statistics();
        assertThat(b.warmup()).isEqualTo(Statistics.Warmup.FIXED);
        assertThat(b.warmupNs()).isEqualTo(2_000_000_000L);
        assertThat(b.method()).isEqualTo(Statistics.Method.BATCH_MEANS);
        assertThat(b.batches()).isEqualTo(20);
        assertThat(parse("statistics: {method: batch-means, batches: auto}\n").statistics().batches()).isZero();
        // the canonical form keeps the section, and reading it back gives the same
        Experiment x = parse("statistics: {warmup: 2s, method: batch-means, batches: 20}\n");
        assertThat(ExperimentParser.parse("c.yaml", x.canonical(), Path.of(".")).statistics()).isEqualTo(x.statistics());
    }

    @Test
    void mistakesAreNamedWhereTheyAre() {
        assertThat(error("replications: 5\nstatistics: {method: batch-means}\n"))
                .contains("s.yaml:3:22: statistics.method: batch-means estimates from one long run per combination: set replications: 1");
        assertThat(error("statistics: {batches: 10}\n")).contains("s.yaml:2:23: statistics.batches: batches apply to method: batch-means");
        assertThat(error("replications: 3\nstatistics: {precision: {metric: mean_turnaround, relative: 0.05}}\n"))
                .contains("s.yaml:3:34: statistics.precision.metric: expected a metric of summary.csv").contains("mean_turnaround_ns");
        assertThat(error("statistics: {precision: {metric: mean_turnaround_ns, relative: 0.05}}\n"))
                .contains("replications: sequential stopping starts from at least 2 replications");
        assertThat(error("replications: 3\nstatistics: {precision: {metric: mean_turnaround_ns}}\n")).contains("expected 'relative'");
        assertThat(error("replications: 3\nstatistics: {precision: {metric: mean_turnaround_ns, relative: 0.05, max_replications: 2}}\n"))
                .contains("statistics.precision.max_replications: at least replications (3), found 2");
        assertThat(error("statistics: {warmup: soon}\n")).contains("s.yaml:2:22: statistics.warmup");
        assertThat(error("statistics: {method: bootstrap}\n")).contains("statistics.method").contains("batch-means");
        assertThat(error("statistics: {confidence: 0.9}\n")).contains("s.yaml:2:14: statistics.confidence: unknown key 'confidence'");
    }
}

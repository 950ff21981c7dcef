package dev.procsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import dev.procsim.workload.ReportMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The findings are about what the experiment studies, worked by hand on a fork experiment: a
 * 16 MiB parent (4,096 pages) has written all its memory and forks a child that writes a
 * fraction of it. Eager copies all 4,096 pages at fork whatever the child does; copy-on-write
 * copies the pages the child writes (0 or 2,048); vfork copies none.
 */
class FindingsTest {
    static final String FORKS = """
            name: forks
            replications: 2
            compare: {fork: [eager, cow, vfork]}
            sweep: {write_fraction: [0.0, 0.5]}
            workload:
              programs:
                child: [{write: {fraction: "${write_fraction}"}}, {exit: 0}]
              processes:
                - {name: parent, at: 0ms, memory: 16MiB, program: [{write: {fraction: 1.0}}, {fork: {run: child}}, {wait: {pid: any}}]}
            """;

    static ExperimentRunner.Result run(String yaml) {
        Experiment x = ExperimentParser.parse("forks.yaml", yaml, Path.of("."));
        return ExperimentRunner.run(x, 2, 1, 1, i -> {}, new AtomicBoolean());
    }

    @Test
    void namedMetricsGetTheirExtremesWithTiesAndTheFactorThatMovesThem() {
        ExperimentRunner.Result r = run(FORKS + "report: {metrics: [page_copies]}\n");
        List<String> f = Findings.of(r, Aggregate.of(r), r.experiment().reportMetrics(), Lang.EN);
        // lowest 0: cow at 0.0 and vfork at both fractions (the first in order named, the ties counted);
        // highest 4,096: eager at both fractions; no "times the lowest" against a lowest of 0
        assertThat(f.get(0)).isEqualTo("Lowest page copies: cow write_fraction=0.0 (and 2 more at that value), 0; "
                + "highest: eager write_fraction=0.0 (and 1 more at that value), 4,096.");
        // the fork strategy moves page copies most (eager 4,096, cow (0 + 2,048) / 2, vfork 0)
        assertThat(f.get(1)).isEqualTo("By fork strategy, page copies averaged over the other factors: eager 4,096, cow 1,024, vfork 0.");
        assertThat(f).noneMatch(s -> s.contains(" 1 times"));
    }

    @Test
    void withoutNamedMetricsAConstantMetricIsNeverAFinding() {
        ExperimentRunner.Result r = run(FORKS);
        List<Aggregate> aggs = Aggregate.of(r);
        List<String> chosen = Findings.studied(aggs, Findings.compared(r.experiment()));
        assertThat(chosen).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        for (String m : chosen) assertThat(Findings.constant(aggs, m)).as(m).isFalse();
        // every run has one fork and one context-switch-free parent: forks is the same everywhere, never chosen
        assertThat(Findings.constant(aggs, "forks")).isTrue();
        assertThat(chosen).doesNotContain("forks");
        // page copies differ between fork strategies by 100% of the largest: among the chosen
        assertThat(chosen).contains("page_copies");
        assertThat(Findings.of(r, aggs, List.of(), Lang.EN)).noneMatch(s -> s.contains(" 1 times"));
    }

    @Test
    void onlyConstantNamedMetricsSaySoInsteadOfAFinding() {
        ExperimentRunner.Result r = run(FORKS + "report: {metrics: [forks]}\n");
        assertThat(Findings.of(r, Aggregate.of(r), r.experiment().reportMetrics(), Lang.EN))
                .containsExactly("No metric differs by more than 1% between the compared combinations.");
    }

    @Test
    void theMetricNamesTheParserAcceptsAreExactlyThoseOfARun() {
        ExperimentRunner.Result r = run(FORKS);
        RunSummary s = r.runs().get(0);
        assertThat(s.metrics.keySet()).containsExactlyInAnyOrderElementsOf(ReportMetrics.NAMES);
        // and each has a name in both languages
        for (String m : ReportMetrics.NAMES) {
            assertThat(Lang.EN.t(m)).as(m).isNotEqualTo(m);
            assertThat(Lang.RU.t(m)).as(m).isNotEqualTo(m);
        }
    }
}

package dev.procsim.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Charts draw every combination: in panels when many, in numbered files when the panels are many, and say so. */
class PanelsTest {
    /** 3 fork strategies x 7 write fractions = 21 combinations, 3 replications each. */
    static final String MANY = """
            name: many
            replications: 3
            compare: {fork: [eager, cow, vfork]}
            sweep: {write_fraction: [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]}
            workload:
              programs:
                child: [{write: {fraction: "${write_fraction}"}}, {exit: 0}]
              processes:
                - {name: parent, at: 0ms, memory: 4MiB, program: [{write: {fraction: 1.0}}, {fork: {run: child}}, {wait: {pid: any}}]}
            """;

    @Test
    void everyCombinationIsDrawnAndTheCaptionSaysHow() {
        Experiment x = ExperimentParser.parse("many.yaml", MANY, Path.of("."));
        ExperimentRunner.Result r = ExperimentRunner.run(x, 2, 1, 1, i -> {}, new AtomicBoolean());
        List<Aggregate> aggs = Aggregate.of(r);
        List<ChartSpec> charts = Charts.build(r, aggs, Lang.EN);
        // Time series: 6 lines a panel at most, so one panel per write fraction (3 lines: the fork
        // strategies, compared side by side); 7 panels are more than a file's 6: two numbered files.
        List<ChartSpec> ts = charts.stream().filter(c -> c.file().startsWith("timeseries-frames_in_use_bytes")).toList();
        assertThat(ts).extracting(ChartSpec::file).containsExactly("timeseries-frames_in_use_bytes-1", "timeseries-frames_in_use_bytes-2");
        assertThat(ts.get(0).title()).endsWith("(1/2)");
        assertThat(ts.get(0).panels()).extracting(ChartSpec::title).containsExactly("write_fraction=0.0", "write_fraction=0.1",
                "write_fraction=0.2", "write_fraction=0.3", "write_fraction=0.5", "write_fraction=0.7");
        assertThat(ts.get(1).panels()).extracting(ChartSpec::title).containsExactly("write_fraction=1.0");
        for (ChartSpec c : ts) {
            for (ChartSpec p : c.panels()) assertThat(p.series()).extracting(ChartSpec.Series::name).containsExactly("eager", "cow", "vfork");
        }
        assertThat(ts.get(0).shows()).startsWith("18 of the 21 combinations, in 6 panels (one per write_fraction)").endsWith("part 1 of 2.");
        assertThat(ts.get(1).shows()).startsWith("3 of the 21 combinations, in 1 panels").endsWith("part 2 of 2.");
        // Box plots: 12 boxes a panel at most: 21 split by write fraction, 7 panels of 3, in two files; all 21 drawn.
        List<ChartSpec> box = charts.stream().filter(c -> c.file().startsWith("box-page_copies")).toList();
        int boxes = 0;
        for (ChartSpec c : box) for (ChartSpec p : c.panels()) boxes += p.series().size();
        assertThat(boxes).isEqualTo(21);
        // Sweep of page copies over the write fraction: one line per fork strategy, all three in one plot, 7 points each
        ChartSpec sweep = charts.stream().filter(c -> c.file().equals("sweep-write_fraction-page_copies")).findFirst().orElseThrow();
        assertThat(sweep.panels()).isEmpty();
        assertThat(sweep.series()).extracting(ChartSpec.Series::name).containsExactly("eager", "cow", "vfork");
        assertThat(sweep.shows()).isEqualTo("All 21 combinations in one plot.");
        // cow copies the fraction of the parent's 1,024 pages the child writes, rounded to the nearest page (204.8 -> 205)
        assertThat(sweep.series().get(1).y()).containsExactly(0, 102, 205, 307, 512, 717, 1024);
        // no chart of a constant: every run forks once, so no chart of forks or of the zombies' peak
        assertThat(charts).extracting(ChartSpec::file).noneMatch(f -> f.endsWith("-zombies_peak") || f.endsWith("-forks"));
        // static Gantt charts: the first 12 of the 21 combinations, each saying so (the interactive one in the report has all)
        List<ChartSpec> gantts = charts.stream().filter(c -> c.kind() == ChartSpec.Kind.GANTT).toList();
        assertThat(gantts).hasSize(12);
        assertThat(gantts).allMatch(g -> g.shows().startsWith("Static Gantt charts are drawn for 12 of the 21 combinations"));
        List<String> unnamed = new ArrayList<>();
        for (ChartSpec c : charts) if (c.kind() != ChartSpec.Kind.GANTT && c.kind() != ChartSpec.Kind.BAR && c.kind() != ChartSpec.Kind.HBAR
                && c.shows().isEmpty()) unnamed.add(c.file());
        assertThat(unnamed).as("charts whose caption does not say what is drawn").isEmpty();
    }
}

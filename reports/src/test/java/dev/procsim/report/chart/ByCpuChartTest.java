package dev.procsim.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Per-CPU run queues get a chart of each CPU's utilisation; one queue for all CPUs does not. */
class ByCpuChartTest {
    /**
     * 2 CPUs, per-CPU queues, 1 s: a hog pinned to CPU 0 keeps it busy the whole second; a task
     * pinned to CPU 1 computes 250 ms and sleeps: CPU 1 is busy a quarter of the run.
     */
    static final String PINNED = """
            name: pinned
            horizon: 1s
            costs: none
            kernel: {topology: {cores_per_llc: 2}}
            compare: {scheduler: [fcfs]}
            workload:
              processes:
                - {name: hog, cpus: [0], program: [{compute: 10s}]}
                - {name: quarter, cpus: [1], program: [{compute: 250ms}, {sleep: 10s}]}
            """;

    static List<ChartSpec> charts(String yaml) {
        Experiment x = ExperimentParser.parse("x.yaml", yaml, Path.of("."));
        ExperimentRunner.Result r = ExperimentRunner.run(x, 1, 1, 1, i -> {}, new AtomicBoolean());
        return Charts.build(r, Aggregate.of(r), Lang.EN);
    }

    @Test
    void eachCpuIsBusyForTheShareItsTasksTook() {
        ChartSpec c = charts(PINNED).stream().filter(s -> s.file().equals("bar-utilization-by-cpu")).findFirst().orElseThrow();
        assertThat(c.categories()).containsExactly("CPU 0", "CPU 1");
        assertThat(c.series()).hasSize(1);
        assertThat(c.series().get(0).y()).containsExactly(1.0, 0.25);
    }

    @Test
    void oneQueueForAllCpusDrawsNone() {
        String global = PINNED.replace("kernel: {topology: {cores_per_llc: 2}}", "cpus: 2").replace(", cpus: [0]", "").replace(", cpus: [1]", "");
        assertThat(charts(global)).noneMatch(s -> s.file().equals("bar-utilization-by-cpu"));
    }
}

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

/** Per-CPU run queues get charts of each CPU's utilisation and run-queue length; one queue for all CPUs does not. */
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
    void eachCpusMeanRunQueueLengthIsItsRunnableTimeOverTheRun() {
        // the same: CPU 0 holds the hog all along (1 task), CPU 1 holds its task a quarter of the time (0.25);
        // a third task pinned to CPU 0, runnable all along behind the hog (FCFS), makes CPU 0's length 2
        ChartSpec c = charts(PINNED).stream().filter(s -> s.file().equals("bar-runqueue-by-cpu")).findFirst().orElseThrow();
        assertThat(c.series().get(0).y()).containsExactly(1.0, 0.25);
        String queued = PINNED.replace("program: [{compute: 250ms}, {sleep: 10s}]}", "program: [{compute: 250ms}, {sleep: 10s}]}\n"
                + "    - {name: behind, cpus: [0], program: [{compute: 10s}]}");
        ChartSpec d = charts(queued).stream().filter(s -> s.file().equals("bar-runqueue-by-cpu")).findFirst().orElseThrow();
        assertThat(d.series().get(0).y()).containsExactly(2.0, 0.25);
    }

    @Test
    void oneQueueForAllCpusDrawsNone() {
        String global = PINNED.replace("kernel: {topology: {cores_per_llc: 2}}", "cpus: 2").replace(", cpus: [0]", "").replace(", cpus: [1]", "");
        assertThat(charts(global)).noneMatch(s -> s.file().startsWith("bar-utilization-by-cpu") || s.file().startsWith("bar-runqueue-by-cpu"));
    }
}

package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every metric a run records has a unit, and the units agree with what the names say. */
class MetricUnitsTest {
    @TempDir
    Path dir;

    /** A new metric without a unit fails here (as a metric dropped from the runs but left in the table). */
    @Test
    void theTableHasExactlyTheMetricsARunRecordsInTheirOrder() {
        Experiment x = ExperimentParser.parse("one.yaml", "workload: {processes: [{name: a, program: [{compute: 1ms}]}]}\n", dir);
        ExperimentRunner.Result r = ExperimentRunner.run(x, 1, 1, 1, i -> {}, new AtomicBoolean());
        List<String> recorded = List.copyOf(r.runs().get(0).metrics.keySet());
        for (String m : recorded) assertThat(MetricUnits.of(m)).as("unit of " + m + " (add it to MetricUnits)").isNotEmpty();
        assertThat(MetricUnits.all().keySet()).containsExactlyElementsOf(recorded);
        assertThat(MetricUnits.of("no_such_metric")).isEmpty();
    }

    /** Names that carry their unit (README: "names carry their unit") have that unit; the others are counts or ratios. */
    @Test
    void unitsAgreeWithTheNames() {
        for (Map.Entry<String, String> e : MetricUnits.all().entrySet()) {
            String m = e.getKey(), unit = e.getValue();
            if (m.endsWith("_ns")) assertThat(unit).as(m).isEqualTo("ns");
            else if (m.endsWith("_bytes")) assertThat(unit).as(m).isEqualTo("bytes");
            else if (m.endsWith("_per_s")) assertThat(unit).as(m).isEqualTo("1/s");
            else if (m.endsWith("_ratio") || m.endsWith("_utilization")) assertThat(unit).as(m).isEqualTo("ratio");
            else assertThat(unit).as(m).isEqualTo("count");
        }
        assertThat(MetricUnits.of("pipe_bytes")).isEqualTo("bytes");
        assertThat(MetricUnits.of("events")).isEqualTo("count");
        assertThat(MetricUnits.of("cpu_utilization")).isEqualTo("ratio");
    }
}

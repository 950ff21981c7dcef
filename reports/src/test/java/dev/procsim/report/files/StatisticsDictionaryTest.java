package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.ExperimentParser;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a statistics: section adds to the results is in docs/results.md, with its units, and nothing else is. */
class StatisticsDictionaryTest {
    @TempDir
    Path dir;

    static final String BODY = """
            costs: none
            cpus: 1
            compare: {scheduler: [fcfs], fork: [cow]}
            workload:
              arrivals: [{poisson: {rate: 700/s, count: 300, burst: {exp: 1ms}}}]
            """;

    JsonNode run(String name, String head) throws Exception {
        var x = ExperimentParser.parse(name + ".yaml", "name: " + name + "\n" + head + BODY, dir);
        Path out = dir.resolve(name);
        ExperimentJob.run(x, out, new ExperimentJob.Options(2, 1, 1, Lang.EN, List.of(), true, false, TraceExport.Scope.NONE),
                new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    @Test
    void theMetricsSeriesAndFieldsItAddsAreDocumented() throws Exception {
        JsonNode plain = run("plain", "");
        JsonNode bm = run("bm", "statistics: {warmup: auto, method: batch-means, batches: 10}\n");
        JsonNode seq = run("seq", "replications: 3\nstatistics: {warmup: 50ms, precision: {metric: mean_turnaround_ns, relative: 0.2, max_replications: 6}}\n");
        Map<String, Map<String, List<String>>> doc = MarkdownTables.read(ResultDictionaryTest.DOC);
        List<String> base = names(plain.get("run_results").get(0).get("metrics"));
        List<String> added = new ArrayList<>(names(bm.get("run_results").get(0).get("metrics")));
        assertThat(added.subList(0, base.size())).containsExactlyElementsOf(base); // after the others
        added = added.subList(base.size(), added.size());
        Map<String, List<String>> table = doc.get("Statistics metrics");
        assertThat(table.keySet()).containsExactlyElementsOf(added);
        assertThat(MetricUnits.statistics().keySet()).containsExactlyElementsOf(added);
        for (String m : added) assertThat(table.get(m).get(0)).as(m).isEqualTo(MetricUnits.of(m));
        // the Welch plot's series: replication 0 of each combination
        assertThat(Files.readString(dir.resolve("bm").resolve("timeseries.csv"))).contains(",turnaround_running_mean_ns,");
        assertThat(doc.get("Statistics series").keySet()).containsExactly("turnaround_running_mean_ns");
        // the statistics object: every field of both runs, and no other
        Set<String> fields = new TreeSet<>();
        leaves(bm.get("statistics"), "statistics", fields);
        leaves(seq.get("statistics"), "statistics", fields);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(doc.get("`summary.json`: statistics").keySet());
        assertThat(plain.has("statistics")).isFalse();
        assertThat(seq.get("statistics").get("precision").get("replications").asInt()).isBetween(3, 6);
    }

    static List<String> names(JsonNode o) {
        List<String> n = new ArrayList<>();
        o.fieldNames().forEachRemaining(n::add);
        return n;
    }

    static void leaves(JsonNode node, String path, Set<String> out) {
        if (node.isArray()) {
            for (JsonNode e : node) leaves(e, path + "[]", out);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> leaves(e.getValue(), path + "." + e.getKey(), out));
        } else {
            out.add(path);
        }
    }
}

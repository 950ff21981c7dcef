package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.kernel.BlockReason;
import dev.procsim.kernel.TaskState;
import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/results.md names every file, column, JSON field, metric (with its unit), series, statistic
 * and outcome that procsim writes, and nothing it does not: checked against the result of a
 * small experiment that writes every series (per-CPU run queues, a pipeline) and a trace.
 */
class ResultDictionaryTest {
    /** Tests run in the reports module's folder; the project root is its parent. */
    static final Path DOC = Path.of("..", "docs", "results.md");

    static final String EXPERIMENT = """
            name: dictionary
            seed: 3
            replications: 2
            horizon: 200ms
            cpus: 2
            kernel: {run_queue: per-cpu}
            compare: {scheduler: [eevdf]}
            sweep: {work: [1ms, 3ms]}
            params: {work: 1ms}
            workload:
              programs: {hog: [{compute: "${work}"}]}
              processes: [{name: hog, count: 3, program: hog}]
              generate: [{pipeline: {per_chunk: [{exp: 100us}, {exp: 50us}, 200us], bytes: 64KiB, chunk: 4KiB}}]
            """;

    static final List<String> CSV_FILES = List.of("summary.csv", "aggregates.csv", "aggregates-long.csv", "tasks.csv", "timeseries.csv",
            "schedule.csv");

    @TempDir
    static Path dir;
    static Path out;
    static List<String> factors;
    static List<String> metrics;
    static Map<String, Map<String, List<String>>> doc;

    @BeforeAll
    static void runTheExperimentAndReadTheDictionary() throws IOException {
        Experiment x = ExperimentParser.parse("dictionary.yaml", EXPERIMENT, dir);
        out = dir.resolve("out");
        ExperimentJob.run(x, out, new ExperimentJob.Options(2, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG, ChartRenderer.Format.SVG), true, false,
                TraceExport.Scope.FIRST), new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        factors = ResultWriter.factorNames(x);
        assertThat(factors).containsExactly("scheduler", "fork", "work");
        metrics = new ArrayList<>();
        new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("run_results").get(0).get("metrics").fieldNames()
                .forEachRemaining(metrics::add);
        doc = MarkdownTables.read(DOC);
    }

    static Map<String, List<String>> table(String heading) {
        assertThat(doc).as("a table under the heading " + heading + " in " + DOC).containsKey(heading);
        return doc.get(heading);
    }

    @Test
    void everyMetricIsDocumentedInOrderWithItsUnit() {
        Map<String, List<String>> documented = table("Metrics");
        assertThat(documented.keySet()).containsExactlyElementsOf(metrics);
        Set<String> units = table("Units").keySet();
        for (String m : metrics) {
            String unit = documented.get(m).get(0);
            assertThat(unit).as("unit of " + m).isEqualTo(MetricUnits.of(m)).isNotEmpty();
            assertThat(units).as("unit of " + m).contains(unit);
            assertThat(documented.get(m).get(1)).as("meaning of " + m).isNotBlank();
        }
    }

    @Test
    void everyColumnOfEveryCsvFileIsDocumentedAndNoOther() throws IOException {
        for (String file : CSV_FILES) {
            List<String> header = List.of(Files.readAllLines(out.resolve(file)).get(0).split(","));
            Set<String> documented = table("`" + file + "`").keySet();
            for (String column : header) {
                assertThat(documented.stream().anyMatch(d -> names(d, column))).as(file + ": column " + column + " is not in " + DOC).isTrue();
            }
            for (String d : documented) {
                assertThat(header.stream().anyMatch(c -> names(d, c))).as(file + ": " + d + " is documented but not written").isTrue();
            }
        }
    }

    /** Whether the documented name {@code d} (literal, {@code <factors>}, or with {@code <metric>} in it) names {@code column}. */
    static boolean names(String d, String column) {
        if (d.equals("<factors>")) return factors.contains(column);
        int at = d.indexOf("<metric>");
        if (at < 0) return d.equals(column);
        String before = d.substring(0, at), after = d.substring(at + "<metric>".length());
        return column.startsWith(before) && column.endsWith(after) && column.length() > before.length() + after.length()
                && metrics.contains(column.substring(before.length(), column.length() - after.length()));
    }

    @Test
    void everySummaryJsonFieldIsDocumentedAndNoOther() throws IOException {
        Set<String> written = new TreeSet<>();
        fields(new ObjectMapper().readTree(out.resolve("summary.json").toFile()), "", written);
        assertThat(written).containsExactlyInAnyOrderElementsOf(table("`summary.json`").keySet());
    }

    /** Leaf paths of {@code node}, metric and factor names as {@code <metric>} and {@code <factor>}. */
    private static void fields(JsonNode node, String path, Set<String> out) {
        if (node.isArray()) {
            for (JsonNode e : node) fields(e, path + "[]", out);
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String key = e.getKey();
                if (path.endsWith("metrics") && metrics.contains(key)) key = "<metric>";
                else if (path.endsWith("factors") && factors.contains(key)) key = "<factor>";
                fields(e.getValue(), path.isEmpty() ? key : path + "." + key, out);
            });
        } else {
            out.add(path);
        }
    }

    /** Files a result of this experiment does not have: a shard's, a run's while writing, and charts in PDF (--charts ...,pdf). */
    static final Set<String> NOT_WRITTEN_HERE = Set.of("runs.dat", "parts/", "charts/<chart>.pdf");

    @Test
    void everyFileOfTheResultIsDocumented() throws IOException {
        Set<String> documented = table("Files").keySet();
        List<Pattern> patterns = documented.stream().map(d -> Pattern.compile(Pattern.quote(d).replaceAll("<[a-z]+>", "\\\\E[^/]+\\\\Q"))).toList();
        Set<String> used = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = out.relativize(f).toString().replace('\\', '/');
                List<String> hits = new ArrayList<>();
                int i = 0;
                for (String d : documented) if (patterns.get(i++).matcher(rel).matches()) hits.add(d);
                assertThat(hits).as(rel + " is not in the Files table of " + DOC).hasSize(1);
                used.add(hits.get(0));
            }
        }
        Set<String> unused = new TreeSet<>(documented);
        unused.removeAll(used);
        assertThat(unused).as("documented files this result does not have").isEqualTo(new TreeSet<>(NOT_WRITTEN_HERE));
    }

    @Test
    void seriesStatisticsUnitsAndOutcomesAreDocumented() throws IOException {
        Set<String> series = distinct("timeseries.csv", "series");
        series = series.stream().map(s -> s.startsWith("pipe_bytes:") ? "pipe_bytes:<pipe>" : s).collect(java.util.stream.Collectors.toSet());
        assertThat(series).containsExactlyInAnyOrderElementsOf(table("Series").keySet());
        assertThat(distinct("aggregates-long.csv", "statistic")).containsExactlyInAnyOrderElementsOf(table("Statistics").keySet());
        assertThat(distinct("aggregates-long.csv", "unit")).isSubsetOf(table("Units").keySet());
        assertThat(table("Units").keySet()).containsExactlyInAnyOrderElementsOf(new TreeSet<>(MetricUnits.all().values()));
        // every word TaskOutcome can write, from every state (exited with 0 and by a signal), and no other
        Set<String> words = new TreeSet<>();
        for (TaskState s : TaskState.values()) {
            for (int status : new int[] {0, 137}) words.add(TaskOutcome.word(TaskOutcomeTest.task(0, s, status, BlockReason.SLEEP, 0)));
        }
        assertThat(table("Outcomes").keySet()).containsExactlyInAnyOrderElementsOf(words);
        assertThat(words).containsAll(distinct("tasks.csv", "outcome"));
    }

    /** The distinct values of a column (these files have no quoted cells: checked). */
    private static Set<String> distinct(String file, String column) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(file));
        int c = List.of(lines.get(0).split(",")).indexOf(column);
        Set<String> values = new TreeSet<>();
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line).doesNotContain("\"");
            values.add(line.split(",", -1)[c]);
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}

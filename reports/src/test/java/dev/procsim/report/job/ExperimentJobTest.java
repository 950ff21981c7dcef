package dev.procsim.report.job;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.chart.ChartSpec;
import dev.procsim.report.chart.Charts;
import dev.procsim.report.files.ResultWriter;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Stats;
import dev.procsim.report.text.Lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.cli.Main;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ExperimentJobTest {
    @TempDir
    Path dir;

    public static final String SMALL = """
            name: small
            seed: 5
            replications: 4
            compare: {scheduler: [fcfs, {name: rr, quantum: 2ms}], fork: [eager, cow]}
            sweep: {mem: [1MiB, 4MiB]}
            workload:
              programs: {child: [{write: {fraction: 0.5}}, {compute: {exp: 1ms}}]}
              processes: [{name: parent, memory: "${mem}", program: [{write: {fraction: 1.0}}, {fork: child}, {fork: child}, {wait: any}, {wait: any}]}]
              arrivals: [{poisson: {rate: 200/s, count: 40, burst: {exp: 2ms}}}]
            """;

    public static int cli(String... args) {
        return Main.execute(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    Path experiment() throws IOException {
        Path f = dir.resolve("small.yaml");
        Files.writeString(f, SMALL);
        return f;
    }

    static final List<String> FILES = List.of("experiment.yaml", "summary.json", "summary.csv", "aggregates.csv", "aggregates-long.csv",
            "tasks.csv", "timeseries.csv", "schedule.csv", "report.md", "report.html");

    @Test
    void outputsAreByteIdenticalForOneAndFourThreads() throws IOException {
        Path f = experiment();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("t1").toString(), "--threads", "1", "--quiet")).isZero();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("t4").toString(), "--threads", "4", "--quiet")).isZero();
        for (String name : FILES) {
            assertThat(Files.readAllBytes(dir.resolve("t4").resolve(name))).as(name).isEqualTo(Files.readAllBytes(dir.resolve("t1").resolve(name)));
        }
        assertThat(Files.readString(dir.resolve("t1/summary.csv")).lines().count()).isEqualTo(1 + 2 * 2 * 2 * 4);
    }

    /** Three shards run separately and merged give the same files, byte for byte, as one run of everything. */
    @Test
    void mergedShardsAreByteIdenticalToOneRun() throws IOException {
        Path f = experiment();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("whole").toString(), "--threads", "2", "--quiet")).isZero();
        for (int k = 1; k <= 3; k++) {
            assertThat(cli("run", f.toString(), "--shard", k + "/3", "--out", dir.resolve("s" + k).toString(), "--threads", "1", "--quiet")).isZero();
        }
        // A shard alone holds only its slice: runs k-1, k-1+3, ... of the 32.
        assertThat(Files.readString(dir.resolve("s2/summary.csv")).lines().skip(1).map(l -> l.split(",")[0]).toList())
                .containsExactly("1", "4", "7", "10", "13", "16", "19", "22", "25", "28", "31");
        // Merge order does not matter.
        assertThat(cli("run", f.toString(), "--merge", dir.resolve("s3") + "," + dir.resolve("s1"), "--merge", dir.resolve("s2").toString(),
                "--out", dir.resolve("merged").toString(), "--quiet")).isZero();
        for (String name : FILES) {
            assertThat(Files.readAllBytes(dir.resolve("merged").resolve(name))).as(name).isEqualTo(Files.readAllBytes(dir.resolve("whole").resolve(name)));
        }
        try (var charts = Files.list(dir.resolve("whole/charts"))) {
            for (Path c : charts.toList()) {
                assertThat(Files.readAllBytes(dir.resolve("merged/charts").resolve(c.getFileName()))).as(c.getFileName().toString())
                        .isEqualTo(Files.readAllBytes(c));
            }
        }
        assertThat(dir.resolve("merged/" + ShardMerge.DATA_FILE)).doesNotExist();
    }

    @Test
    void mergingRefusesIncompleteOrForeignShards() throws IOException {
        Path f = experiment();
        for (int k = 1; k <= 2; k++) {
            assertThat(cli("run", f.toString(), "--shard", k + "/2", "--out", dir.resolve("s" + k).toString(), "--quiet")).isZero();
        }
        assertThat(cli("run", f.toString(), "--seed", "9", "--shard", "2/2", "--out", dir.resolve("other").toString(), "--quiet")).isZero();
        assertThat(cli("run", f.toString(), "--replications", "1", "--out", dir.resolve("whole").toString(), "--quiet")).isZero();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        java.util.function.Function<String[], Integer> run = a -> Main.execute(a, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        String out = dir.resolve("m").toString();
        assertThat(run.apply(new String[] {"run", f.toString(), "--merge", dir.resolve("s1").toString(), "--out", out})).isEqualTo(2);
        assertThat(err.toString()).contains("shard 2/2 missing");
        assertThat(run.apply(new String[] {"run", f.toString(), "--merge", dir.resolve("s1") + "," + dir.resolve("s1"), "--out", out})).isEqualTo(2);
        assertThat(err.toString()).contains("given twice");
        assertThat(run.apply(new String[] {"run", f.toString(), "--merge", dir.resolve("s1") + "," + dir.resolve("other"), "--out", out}))
                .isEqualTo(2);
        assertThat(err.toString()).contains("other/experiment.yaml: a different experiment");
        assertThat(run.apply(new String[] {"run", f.toString(), "--replications", "1", "--merge", dir.resolve("whole").toString(), "--out", out}))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no " + ShardMerge.DATA_FILE);
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void aSeedOverrideChangesTheNumbersAndIsRecorded() throws IOException {
        Path f = experiment();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("a").toString(), "--quiet")).isZero();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("b").toString(), "--seed", "6", "--replications", "2", "--quiet")).isZero();
        assertThat(Files.readString(dir.resolve("b/experiment.yaml"))).contains("seed: \"6\"").contains("replications: \"2\"");
        assertThat(Files.readString(dir.resolve("b/summary.csv")).lines().count()).isEqualTo(1 + 8 * 2);
        assertThat(Files.readString(dir.resolve("b/tasks.csv"))).isNotEqualTo(Files.readString(dir.resolve("a/tasks.csv")));
        // The written experiment.yaml is itself a valid experiment equal to what ran.
        Experiment x = ExperimentParser.read(f).with(6, 2);
        assertThat(ExperimentParser.parse("e.yaml", Files.readString(dir.resolve("b/experiment.yaml")), dir)).isEqualTo(x);
    }

    /** Aggregates: mean and Student-t interval recomputed by hand from the per-run rows of summary.csv. */
    @Test
    void aggregatesAgreeWithThePerRunRows() throws IOException {
        Path f = experiment();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("o").toString(), "--quiet")).isZero();
        List<String> runs = Files.readAllLines(dir.resolve("o/summary.csv"));
        List<String> header = List.of(runs.get(0).split(","));
        int col = header.indexOf("mean_waiting_ns");
        double[] v = runs.subList(1, 5).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[col])).toArray(); // combination 0
        double mean = (v[0] + v[1] + v[2] + v[3]) / 4;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        double half = 3.182446305284263 * Math.sqrt(ss / 3) / 2; // t(0.975, 3) = 3.1824463
        JsonNode j = new ObjectMapper().readTree(dir.resolve("o/summary.json").toFile());
        JsonNode m = j.get("aggregates").get(0).get("metrics").get("mean_waiting_ns");
        assertThat(m.get("mean").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(m.get("ci95_high").asDouble() - m.get("mean").asDouble()).isCloseTo(half, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(j.get("partial").asBoolean()).isFalse();
        assertThat(j.get("aggregates").get(0).get("factors").get("scheduler").asText()).isEqualTo("fcfs");
    }

    @Test
    void studentTIntervalMatchesTheTable() {
        Stats s = Stats.of(new double[] {1, 2, 3, 4, 5});
        assertThat(s.mean()).isEqualTo(3.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(2.5), org.assertj.core.data.Offset.offset(1e-12));
        // t(0.975, 4) = 2.7764451 (any t table); half width = t * sd / sqrt(5).
        assertThat(s.halfWidth()).isCloseTo(2.7764451 * Math.sqrt(2.5) / Math.sqrt(5), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Stats.of(new double[] {7}).ciLow()).isNaN();
    }

    /**
     * The bar chart is given exactly the aggregated means and CI half-widths: grouped by
     * scheduler, one bar per (fork, mem) within a group, in combination order.
     */
    @Test
    void chartsAreGivenTheAggregatedData() throws IOException {
        Experiment x = ExperimentParser.parse("small.yaml", SMALL, dir);
        ExperimentRunner.Result r = ExperimentRunner.run(x, 2, 1, 1, i -> {}, new AtomicBoolean());
        List<Aggregate> aggs = Aggregate.of(r);
        List<ChartSpec> charts = Charts.build(r, aggs, Lang.EN);
        ChartSpec bar = charts.stream().filter(c -> c.file().equals("bar-page_copies")).findFirst().orElseThrow();
        assertThat(bar.categories()).containsExactly("fcfs", "rr(quantum=2ms)");
        assertThat(bar.series()).extracting(ChartSpec.Series::name).containsExactly("eager mem=1MiB", "cow mem=1MiB", "eager mem=4MiB",
                "cow mem=4MiB");
        for (int i = 0; i < aggs.size(); i++) {
            // points: for each mem, each scheduler, each fork
            int group = (i / 2) % 2;
            int member = (i % 2) + 2 * (i / 4);
            assertThat(bar.series().get(member).y()[group]).isEqualTo(aggs.get(i).stats.get("page_copies").mean());
            assertThat(bar.series().get(member).error()[group]).isEqualTo(aggs.get(i).stats.get("page_copies").halfWidth());
        }
        // eager at 1 MiB copies the parent's 256 pages twice; cow copies half of them in each child.
        assertThat(aggs.get(0).stats.get("page_copies").mean()).isEqualTo(512);
        assertThat(aggs.get(1).stats.get("page_copies").mean()).isEqualTo(256);
        ChartSpec sweep = charts.stream().filter(c -> c.file().equals("sweep-mem-page_copies")).findFirst().orElseThrow();
        assertThat(sweep.series().get(0).x()).containsExactly(1.0, 4.0);
        assertThat(sweep.series().get(0).name()).isEqualTo("fcfs eager");
        assertThat(sweep.series().get(0).y()).containsExactly(512.0, 2048.0);
        ChartSpec gantt = charts.stream().filter(c -> c.kind() == ChartSpec.Kind.GANTT).findFirst().orElseThrow();
        assertThat(gantt.categories()).contains("idle CPU0");
        assertThat(charts).extracting(ChartSpec::file).contains("cdf-response", "cdf-fork-latency", "box-mean_response_ns");
        // Russian text on request.
        assertThat(Charts.build(r, aggs, Lang.RU).get(0).title()).contains("Среднее время отклика");
        // Rendered files: a PNG of the chart's size and an SVG document.
        Path cd = Files.createDirectories(dir.resolve("charts"));
        ChartRenderer.render(bar, cd, List.of(ChartRenderer.Format.PNG, ChartRenderer.Format.SVG));
        var img = javax.imageio.ImageIO.read(cd.resolve("bar-page_copies.png").toFile());
        assertThat(img.getHeight()).isEqualTo(560 * 120 / 72);
        assertThat(img.getWidth()).isLessThanOrEqualTo(2400);
        assertThat(Files.readString(cd.resolve("bar-page_copies.svg"))).contains("<svg");
    }

    @Test
    void reportEmbedsEveryChartAndHasTheTables() throws IOException {
        Path f = experiment();
        assertThat(cli("run", f.toString(), "--out", dir.resolve("o").toString(), "--quiet", "--lang", "ru")).isZero();
        String html = Files.readString(dir.resolve("o/report.html"));
        long pngs;
        try (var s = Files.list(dir.resolve("o/charts"))) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertThat(html.split("data:image/png;base64,", -1).length - 1).isEqualTo((int) pngs);
        assertThat(html).contains("Сводка").contains("fcfs eager mem=1MiB");
        String md = Files.readString(dir.resolve("o/report.md"));
        // the whole report in Russian: headers, units, the run description
        assertThat(md).contains("| Комбинация | n | Среднее время отклика, мс |", "комбинаций: 8, повторений каждой: 4; всего прогонов: 32");
        String text = md.substring(0, md.indexOf("```yaml")).replaceAll("\\(charts/[^)]*\\)", ""); // file names aside
        for (String english : List.of("combination", "replications", "(ms)", ", ms", " max", "response", " runs")) {
            assertThat(text).as(english).doesNotContainIgnoringCase(english);
        }
        // every chart has a caption under it, saying how many runs stand behind it: 2 x 2 x 2 combinations x 4 replications
        String[] lines = md.split("\n");
        int charts = 0;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("![")) continue;
            charts++;
            String caption = lines[i + 2];
            assertThat(caption).startsWith("*").endsWith("*");
            if (lines[i].contains("charts/bar-")) assertThat(caption).contains("по 4 повторениям", "комбинаций: 8, прогонов: 32");
            if (lines[i].contains("charts/box-")) assertThat(caption).contains("4 на комбинацию", "прогонов: 32");
            if (lines[i].contains("charts/gantt-")) assertThat(caption).contains("traces/" + lines[i].replaceAll(".*charts/gantt-(.*)\\.png\\)", "$1") + ".json");
        }
        assertThat(charts).isEqualTo((int) pngs);
        assertThat(html.split("<figcaption>", -1).length - 1).isEqualTo((int) pngs);
    }

    @Test
    void badExperimentIsExitTwoAndWritesNothing() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "workload: {processes: [{name: a, program: [{compute: 1 parsec}]}]}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new String[] {"run", f.toString(), "--out", dir.resolve("o").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yaml:1:").contains("workload.processes[0].program[0].compute");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    /** Stopped early (as by Ctrl-C): the finished runs form a complete, consistent result set marked partial. */
    @Test
    void stoppedRunWritesAConsistentPartialResult() throws IOException {
        Experiment x = ExperimentParser.parse("small.yaml", SMALL, dir);
        AtomicBoolean stop = new AtomicBoolean();
        Path out = Files.createDirectories(dir.resolve("partial"));
        ExperimentRunner.Result r = ExperimentRunner.run(x, 1, 1, 1, done -> {
            if (done == 5) stop.set(true);
        }, stop, ResultWriter.partsSink(x, out));
        assertThat(r.partial()).isTrue();
        assertThat(r.runs()).hasSize(5);
        ExperimentJob.write(r, out, new ExperimentJob.Options(1, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false, TraceExport.Scope.NONE));
        JsonNode j = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(j.get("partial").asBoolean()).isTrue();
        assertThat(j.get("runs").asInt()).isEqualTo(5);
        assertThat(j.get("aggregates").get(0).get("n").asInt()).isEqualTo(4);
        assertThat(j.get("aggregates").get(1).get("n").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(out.resolve("summary.csv"))).hasSize(1 + 5);
        assertThat(Files.readString(out.resolve("tasks.csv")).lines().skip(1).map(l -> l.split(",")[0]).distinct().toList())
                .containsExactly("0", "1", "2", "3", "4");
        assertThat(out.resolve("parts")).doesNotExist();
        assertThat(Files.readString(out.resolve("report.html"))).contains("PARTIAL RESULT");
    }

    /** A run killed with SIGKILL midway leaves no result directory (only a hidden temporary one, if any). */
    @Test
    void killedRunLeavesNoResultDirectory() throws Exception {
        Path f = dir.resolve("long.yaml");
        Files.writeString(f, """
                name: long
                replications: 200
                horizon: 20s
                compare: {scheduler: [cfs, time-sharing]}
                workload: {arrivals: [{poisson: {rate: 2000/s, count: 40000, burst: {exp: 1ms}}}]}
                """);
        Path out = dir.resolve("result");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", f.toString(),
                "--out", out.toString(), "--threads", "1", "--quiet").redirectErrorStream(true).start();
        // Wait until it is running (its temporary directory exists), then kill it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (var s = Files.list(dir)) {
                if (s.anyMatch(x -> x.getFileName().toString().startsWith(".result.tmp-"))) break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(300);
        assertThat(p.isAlive()).isTrue();
        p.destroyForcibly(); // SIGKILL on Unix
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotExist();
    }
}

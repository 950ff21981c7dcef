package dev.procsim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark guard: compares a JMH JSON result file with {@code benchmarks/baseline.json} and
 * prints, per benchmark and parameter set, the speed ratio (above 1: faster than the baseline)
 * and the allocation per operation of both. It fails (exit status 1) when a benchmark is slower
 * than the baseline by more than {@link #SLOWER} (its time per operation grew by more than 30%:
 * these machines are noisy) or allocates more per operation than the baseline (more than
 * {@link #ALLOC_SLACK_BYTES} bytes plus {@link #ALLOC_SLACK_RATIO} over it: JMH's allocation
 * figure is exact for allocation-free paths and carries a little sampling noise for large ones).
 * Run by {@code benchmarks/compare}, by hand, before a release; never in CI.
 */
public final class BaselineCompare {
    /** Allowed growth of the time per operation. */
    static final double SLOWER = 0.30;
    static final double ALLOC_SLACK_BYTES = 0.5, ALLOC_SLACK_RATIO = 0.01;

    /**
     * One benchmark result: its speed (operations per unit, higher is better), allocation per
     * operation (NaN if not profiled), and whether its speed can be judged: a single shot shorter
     * than {@link #SHORTEST_SHOT_MS} is at the timer's resolution, so only its allocation is.
     */
    record Score(double speed, double allocPerOp, String unit, boolean timed) {}

    /** Single shots shorter than this (in ms) are not judged on speed. */
    static final double SHORTEST_SHOT_MS = 0.1;

    private static double millis(double score, String unit) {
        return switch (unit.replace("/op", "")) {
            case "s" -> score * 1e3;
            case "ms" -> score;
            case "us" -> score / 1e3;
            case "ns" -> score / 1e6;
            default -> Double.POSITIVE_INFINITY;
        };
    }

    /** One line of the comparison. */
    record Row(String key, Score baseline, Score current, boolean slower, boolean allocGrew) {
        double ratio() {
            return current.speed() / baseline.speed();
        }
    }

    private BaselineCompare() {}

    /** Scores by "benchmark [param=value, ...]"; time modes turned into speeds so that higher is better everywhere. */
    static Map<String, Score> read(JsonNode results) {
        Map<String, Score> out = new LinkedHashMap<>();
        for (JsonNode r : results) {
            Map<String, String> params = new TreeMap<>();
            r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            String name = r.get("benchmark").asText().replaceFirst("^dev\\.procsim\\.bench\\.", "");
            String key = params.isEmpty() ? name : name + " " + params;
            JsonNode pm = r.get("primaryMetric");
            double score = pm.get("score").asDouble();
            boolean throughput = "thrpt".equals(r.get("mode").asText());
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
            String unit = pm.get("scoreUnit").asText();
            boolean timed = !"ss".equals(r.get("mode").asText()) || millis(score, unit) >= SHORTEST_SHOT_MS;
            out.put(key, new Score(throughput ? score : 1 / score, alloc.isMissingNode() ? Double.NaN : alloc.asDouble(), unit, timed));
        }
        return out;
    }

    static List<Row> compare(Map<String, Score> baseline, Map<String, Score> current) {
        List<Row> rows = new ArrayList<>();
        for (var e : baseline.entrySet()) {
            Score b = e.getValue(), c = current.get(e.getKey());
            if (c == null) continue;
            boolean slower = b.timed() && c.speed() * (1 + SLOWER) < b.speed();
            boolean allocGrew = !Double.isNaN(b.allocPerOp()) && !Double.isNaN(c.allocPerOp())
                    && c.allocPerOp() > b.allocPerOp() * (1 + ALLOC_SLACK_RATIO) + ALLOC_SLACK_BYTES;
            rows.add(new Row(e.getKey(), b, c, slower, allocGrew));
        }
        return rows;
    }

    /** Prints the table; returns the exit status (0 all within bounds, 1 a regression). */
    static int report(Map<String, Score> baseline, Map<String, Score> current, PrintStream out) {
        List<Row> rows = compare(baseline, current);
        int width = rows.stream().mapToInt(r -> r.key().length()).max().orElse(9);
        out.printf(Locale.ROOT, "%-" + width + "s  %8s  %14s  %14s  %s%n", "benchmark", "speed", "B/op baseline", "B/op now", "verdict");
        int bad = 0;
        for (Row r : rows) {
            String verdict = r.slower() && r.allocGrew() ? "SLOWER, ALLOCATES MORE" : r.slower() ? "SLOWER" : r.allocGrew() ? "ALLOCATES MORE"
                    : r.baseline().timed() ? "ok" : "ok (allocation only: a shot under 0.1 ms is too short to time)";
            if (r.slower() || r.allocGrew()) bad++;
            out.printf(Locale.ROOT, "%-" + width + "s  %7.2fx  %14s  %14s  %s%n", r.key(), r.ratio(), bytes(r.baseline().allocPerOp()),
                    bytes(r.current().allocPerOp()), verdict);
        }
        for (String k : baseline.keySet()) if (!current.containsKey(k)) out.println(k + ": not in the current results (not run?)");
        for (String k : current.keySet()) if (!baseline.containsKey(k)) out.println(k + ": new, not in the baseline");
        out.printf(Locale.ROOT, "%d compared, %d regressions (slower by more than %.0f%% in time per operation, or more bytes allocated per operation)%n",
                rows.size(), bad, SLOWER * 100);
        return bad == 0 ? 0 : 1;
    }

    private static String bytes(double b) {
        return Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.1f", b);
    }

    /**
     * The best of several runs per benchmark (highest speed, lowest allocation): a benchmark
     * counts as a regression only if it regressed in every run given, which keeps one noisy
     * iteration from failing the guard.
     */
    static Map<String, Score> best(List<Map<String, Score>> runs) {
        Map<String, Score> out = new LinkedHashMap<>();
        for (Map<String, Score> run : runs) {
            run.forEach((k, v) -> out.merge(k, v, (a, b) -> new Score(Math.max(a.speed(), b.speed()),
                    Double.isNaN(a.allocPerOp()) ? b.allocPerOp() : Double.isNaN(b.allocPerOp()) ? a.allocPerOp() : Math.min(a.allocPerOp(), b.allocPerOp()),
                    a.unit(), a.timed() && b.timed())));
        }
        return out;
    }

    /**
     * {@code BaselineCompare BASELINE.json CURRENT.json [MORE.json ...]}: the best of the current
     * files against the baseline. {@code BaselineCompare --concat OUT.json IN.json ...}: one JMH
     * result file from several (runs of the quick set with different settings).
     * {@code BaselineCompare --confirm ALTERNATE.tsv}: the confirming verdict ({@link AlternateVerdict}).
     */
    public static void main(String[] args) throws IOException {
        ObjectMapper m = new ObjectMapper();
        if (args.length >= 2 && args[0].equals("--concat")) {
            com.fasterxml.jackson.databind.node.ArrayNode all = m.createArrayNode();
            for (int i = 2; i < args.length; i++) all.addAll((com.fasterxml.jackson.databind.node.ArrayNode) m.readTree(Path.of(args[i]).toFile()));
            m.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), all);
            return;
        }
        if (args.length == 2 && args[0].equals("--confirm")) {
            System.exit(AlternateVerdict.report(Path.of(args[1]), System.out));
        }
        if (args.length < 2) {
            System.err.println("usage: BaselineCompare BASELINE.json CURRENT.json [MORE.json ...] | --concat OUT.json IN.json ... | --confirm ALTERNATE.tsv");
            System.exit(2);
        }
        Map<String, Score> baseline = read(m.readTree(Path.of(args[0]).toFile()));
        List<Map<String, Score>> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) runs.add(read(m.readTree(Path.of(args[i]).toFile())));
        System.exit(report(baseline, best(runs), System.out));
    }
}

package dev.procsim.report;

import dev.procsim.report.chart.ChartSpec;
import dev.procsim.report.files.ResultWriter;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Paired;

import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Stats;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Lang;
import dev.procsim.report.text.Provenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import dev.procsim.workload.Experiment;

/**
 * {@code report.html} (one self-contained file: charts embedded as PNG data) and {@code report.md}
 * (the same tables, for pasting into a course report; charts linked from {@code charts/}).
 */
public final class Report {
    /** Columns of the summary table: metrics that are not zero everywhere, in this order. */
    static final List<String> TABLE_METRICS = List.of("mean_response_ns", "mean_waiting_ns", "mean_turnaround_ns", "cpu_utilization",
            "throughput_per_s", "context_switches", "forks", "threads", "page_copies", "cow_faults_copy", "cow_faults_reuse",
            "page_table_copies",
            "fork_latency_mean_ns", "thread_latency_mean_ns", "fork_latency_p99_ns", "fork_failures_pid_exhausted", "fork_failures_pids_max", "fork_failures_nproc",
            "fork_failures_threads_max", "pids_in_use_peak", "zombies_peak", "frames_peak_bytes", "deadline_misses", "jobs_dropped",
            "pipe_bytes", "pipe_blocked_full_ns", "pipe_blocked_empty_ns", "sigpipes", "signals_sent", "signals_merged",
            "signal_handlers_run", "signal_latency_mean_ns", "pid_namespaces", "migrations", "balance_pulls");

    private Report() {}

    record Table(List<String> header, List<List<String>> rows) {}

    static Table summary(Experiment x, List<Aggregate> aggs, Lang lang) {
        List<String> cols = new ArrayList<>();
        for (String m : TABLE_METRICS) {
            if (!aggs.isEmpty() && aggs.stream().anyMatch(a -> a.stats.get(m).mean() != 0)) cols.add(m);
        }
        List<String> header = new ArrayList<>(List.of(lang.t("combination"), "n"));
        for (String m : cols) header.add(header(m, lang));
        List<List<String>> rows = new ArrayList<>();
        for (Aggregate a : aggs) {
            List<String> row = new ArrayList<>(List.of(x.shortLabel(a.point), Integer.toString(a.runs.size())));
            for (String m : cols) {
                Stats s = a.stats.get(m);
                double div = div(m);
                String v = Fmt.si(s.mean() / div);
                // a spread below a billionth of the mean is rounding in the sums, not variation
                if (s.n() > 1) v += " ± " + Fmt.si(Math.abs(s.halfWidth()) <= 1e-9 * Math.abs(s.mean()) ? 0 : s.halfWidth() / div);
                row.add(v);
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    /** Response time and fork latency percentiles (ms, 3 significant digits); fork latency only where a fork ran. */
    static Table latencies(Experiment x, List<Aggregate> aggs, Lang lang) {
        boolean forks = aggs.stream().anyMatch(a -> a.forkLatency != null && a.forkLatency.getTotalCount() > 0);
        List<String> header = new ArrayList<>(List.of(lang.t("combination")));
        for (String lat : forks ? List.of("response_time", "fork_latency") : List.of("response_time")) {
            for (double p : Aggregate.PERCENTILES) header.add(lang.t(lat) + " " + Aggregate.label(p).replace('_', '.') + ", " + lang.t("ms"));
            header.add(lang.t(lat) + " " + lang.t("max") + ", " + lang.t("ms"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Aggregate a : aggs) {
            List<String> row = new ArrayList<>(List.of(x.shortLabel(a.point)));
            for (var h : forks ? List.of(a.response, a.forkLatency) : List.of(a.response)) {
                for (long v : Aggregate.percentiles(h).values()) row.add(Fmt.si(v / 1e6));
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    /** Durations shown in ms, bytes in MiB. */
    static double div(String m) {
        if (m.endsWith("_ns")) return 1e6;
        if (m.endsWith("_bytes")) return 1 << 20;
        return 1;
    }

    /** A metric's column header: its name in the report's language and its display unit ("Mean response time, ms"). */
    static String header(String m, Lang lang) {
        String unit = unit(m, lang);
        return lang.t(m) + (unit.isEmpty() ? "" : ", " + unit);
    }

    static String unit(String m, Lang lang) {
        return m.endsWith("_ns") ? lang.t("ms") : m.endsWith("_bytes") ? lang.t("MiB") : "";
    }

    /** A metric's value for people, in its display unit: 3 significant digits. */
    static String show(String m, double v, Lang lang) {
        String unit = unit(m, lang);
        return Fmt.si(v / div(m)) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** Each combination against the baseline on the paired metrics that are not the same everywhere. */
    static Table paired(ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        var x = r.experiment();
        List<String> ms = Paired.METRICS.stream().filter(m -> !Findings.constant(aggs, m)).toList(); // a constant metric differs nowhere
        List<String> header = new ArrayList<>(List.of(lang.t("combination"), "n"));
        for (String m : ms) header.add(header(m, lang));
        List<List<String>> rows = new ArrayList<>();
        Map<String, List<Paired.Diff>> by = new java.util.LinkedHashMap<>();
        for (String m : ms) by.put(m, Paired.against(x, aggs, m));
        for (int i = 0; !ms.isEmpty() && i < by.get(ms.get(0)).size(); i++) {
            Paired.Diff first = by.get(ms.get(0)).get(i);
            List<String> row = new ArrayList<>(List.of(x.shortLabel(first.combination().point), Integer.toString(first.diff().n())));
            for (String m : ms) {
                Paired.Diff d = by.get(m).get(i);
                Stats st = d.diff();
                String v = Fmt.si(st.mean() / div(m));
                if (st.n() > 1) v += " [" + Fmt.si(st.ciLow() / div(m)) + ", " + Fmt.si(st.ciHigh() / div(m)) + "]" + (d.excludesZero() ? "*" : "");
                if (!Double.isNaN(d.ratio())) v += " ×" + Fmt.si(d.ratio());
                row.add(v);
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    public static void write(ExperimentRunner.Result r, List<Aggregate> aggs, List<ChartSpec> charts, Path dir, Lang lang) throws IOException {
        write(r, aggs, charts, 0, dir, lang, Provenance.of(r.experiment(), List.of()));
    }

    /**
     * The report of {@code charts} (those drawn); {@code skipped} more were not drawn (Ctrl-C came
     * first), and the report says so. It ends with where the results came from ({@code from}).
     */
    public static void write(ExperimentRunner.Result r, List<Aggregate> aggs, List<ChartSpec> charts, int skipped, Path dir, Lang lang,
            Provenance from) throws IOException {
        Table sum = summary(r.experiment(), aggs, lang);
        List<String> findings = Findings.of(r, aggs, r.experiment().reportMetrics(), lang);
        Table pair = aggs.size() > 1 ? paired(r, aggs, lang) : null;
        String base = aggs.isEmpty() ? "" : r.experiment().shortLabel(Paired.baseline(r.experiment(), aggs).point);
        Table lat = latencies(r.experiment(), aggs, lang);
        var x = r.experiment();
        String yaml = ResultWriter.experimentYaml(x);
        // Markdown
        StringBuilder md = new StringBuilder();
        md.append("# ").append(lang.t("report")).append(": ").append(x.name()).append("\n\n");
        if (r.partial()) md.append("**").append(lang.t("partial")).append("**\n\n");
        if (!x.description().isEmpty()) md.append(x.description()).append("\n\n");
        String intro = x.points().size() == 1 ? lang.t("intro_one").formatted(x.seed(), x.replications(), r.runs().size())
                : lang.t("intro").formatted(x.seed(), x.points().size(), x.replications(), r.runs().size());
        md.append(intro).append("\n\n");
        List<String> how = StatisticsNote.of(r, aggs, lang);
        for (String s : how) md.append(s).append("\n\n");
        if (!findings.isEmpty()) {
            md.append("## ").append(lang.t("findings")).append("\n\n");
            for (String f : findings) md.append("- ").append(f).append("\n");
            md.append("\n");
        }
        if (pair != null) {
            md.append("## ").append(lang.t("paired").formatted(base)).append("\n\n");
            mdTable(md, pair);
            md.append("\n");
        }
        md.append("## ").append(lang.t("summary")).append("\n\n");
        mdTable(md, sum);
        md.append("\n## ").append(lang.t("latencies")).append("\n\n");
        mdTable(md, lat);
        md.append("\n## ").append(lang.t("charts")).append("\n\n");
        if (skipped > 0) md.append("*").append(lang.t("charts_skipped").formatted(skipped)).append("*\n\n");
        for (ChartSpec c : charts) {
            md.append("![").append(c.title()).append("](charts/").append(c.file()).append(".png)\n\n*").append(caption(c, r, aggs, lang))
                    .append("*\n\n");
        }
        md.append("## ").append(lang.t("parameters")).append("\n\n```yaml\n").append(yaml).append("```\n");
        md.append("\n").append(from.line()).append("\n");
        Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        // HTML
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"").append(lang == Lang.RU ? "ru" : "en").append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(lang.t("report") + ": " + x.name())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#111}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin:1em 0}td,th{border:1px solid #999;padding:3px 6px;text-align:right}\n")
                .append("td:first-child,th:first-child{text-align:left}th{background:#eee}img{max-width:100%;border:1px solid #ccc;margin:.5em 0}\n")
                .append("pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}.partial{color:#a00;font-weight:bold}\n")
                .append(".wide{overflow-x:auto}th{font-weight:600}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(lang.t("report") + ": " + x.name())).append("</h1>\n");
        if (r.partial()) h.append("<p class=\"partial\">").append(esc(lang.t("partial"))).append("</p>\n");
        if (!x.description().isEmpty()) h.append("<p>").append(esc(x.description())).append("</p>\n");
        h.append("<p>").append(esc(intro)).append("</p>\n");
        for (String s : how) h.append("<p>").append(esc(s)).append("</p>\n");
        if (!findings.isEmpty()) {
            h.append("<h2>").append(esc(lang.t("findings"))).append("</h2>\n<ul>\n");
            for (String f : findings) h.append("<li>").append(esc(f)).append("</li>\n");
            h.append("</ul>\n");
        }
        if (pair != null) {
            h.append("<h2>").append(esc(lang.t("paired").formatted(base))).append("</h2>\n");
            htmlTable(h, pair);
        }
        h.append("<h2>").append(esc(lang.t("summary"))).append("</h2>\n");
        htmlTable(h, sum);
        h.append("<h2>").append(esc(lang.t("latencies"))).append("</h2>\n");
        htmlTable(h, lat);
        h.append("<h2>").append(esc(lang.t("charts"))).append("</h2>\n");
        if (skipped > 0) h.append("<p class=\"partial\">").append(esc(lang.t("charts_skipped").formatted(skipped))).append("</p>\n");
        for (ChartSpec c : charts) {
            Path png = dir.resolve("charts").resolve(c.file() + ".png");
            if (!Files.exists(png)) continue;
            h.append("<figure><img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"><figcaption>").append(esc(caption(c, r, aggs, lang)))
                    .append("</figcaption></figure>\n");
        }
        Map<String, List<dev.procsim.kernel.ScheduleLog.Segment>> schedules = new java.util.LinkedHashMap<>();
        for (Aggregate a : aggs) {
            a.runs.stream().filter(run -> run.replication == 0).findFirst()
                    .ifPresent(run -> schedules.put(r.experiment().shortLabel(a.point), run.schedule));
        }
        h.append(InteractiveGantt.html(schedules, lang));
        h.append("<h2>").append(esc(lang.t("parameters"))).append("</h2>\n<pre>").append(esc(yaml)).append("</pre>\n");
        h.append("<p class=\"version\">").append(esc(from.line())).append("</p>\n</body>\n</html>\n");
        Files.writeString(dir.resolve("report.html"), h.toString(), StandardCharsets.UTF_8);
    }

    /** What a chart shows and how many runs stand behind it, from its kind (its file name's prefix). */
    static String caption(ChartSpec c, ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        Experiment x = r.experiment();
        int runs = r.runs().size();
        int combos = aggs.size();
        int minReps = aggs.stream().mapToInt(a -> a.runs.size()).min().orElse(0);
        int maxReps = aggs.stream().mapToInt(a -> a.runs.size()).max().orElse(0);
        String reps = minReps == maxReps ? Integer.toString(minReps) : minReps + "-" + maxReps;
        String f = c.file();
        String what;
        if (f.endsWith("-by-cpu")) what = ""; // replication 0 by CPU: its chart says so itself (Charts.byCpu)
        else if (f.startsWith("bar-")) what = lang.t("cap_bar").formatted(reps, combos, runs);
        else if (f.startsWith("paired-")) what = lang.t("cap_paired").formatted(x.shortLabel(Paired.baseline(x, aggs).point), reps, combos - 1);
        else if (f.startsWith("box-")) what = lang.t("cap_box").formatted(reps, runs);
        else if (f.startsWith("cdf-")) what = lang.t("cap_cdf").formatted(runs);
        else if (f.startsWith("timeseries-")) what = lang.t("cap_series");
        else if (f.startsWith("sweep-")) what = lang.t("cap_sweep").formatted(reps, runs);
        else if (f.startsWith("gantt-")) what = lang.t("cap_gantt").formatted(f.substring("gantt-".length()));
        else what = "";
        if (!c.shows().isEmpty()) what = what.isEmpty() ? c.shows() : what + " " + c.shows();
        return what.isEmpty() ? c.title() : c.title() + ". " + what;
    }

    private static void mdTable(StringBuilder b, Table t) {
        b.append('|');
        for (String c : t.header()) b.append(' ').append(c.replace("|", "\\|")).append(" |");
        b.append("\n|");
        for (int i = 0; i < t.header().size(); i++) b.append(i == 0 ? "---|" : "---:|");
        b.append('\n');
        for (List<String> row : t.rows()) {
            b.append('|');
            for (String c : row) b.append(' ').append(c.replace("|", "\\|")).append(" |");
            b.append('\n');
        }
    }

    /** Rows become columns: a table of many metrics and few combinations then fits the page. */
    static Table transpose(Table t) {
        List<String> header = new ArrayList<>(List.of(""));
        for (List<String> row : t.rows()) header.add(row.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (int c = 1; c < t.header().size(); c++) {
            List<String> row = new ArrayList<>(List.of(t.header().get(c)));
            for (List<String> r : t.rows()) row.add(r.get(c));
            rows.add(row);
        }
        return new Table(header, rows);
    }

    private static void htmlTable(StringBuilder b, Table t) {
        if (t.header().size() > 8 && t.rows().size() < t.header().size() && t.rows().size() <= 10) t = transpose(t);
        b.append("<div class=\"wide\"><table>\n<tr>");
        for (String c : t.header()) b.append("<th>").append(esc(c)).append("</th>");
        b.append("</tr>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String c : row) b.append("<td>").append(esc(c)).append("</td>");
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
    }

    static String esc(String s) {
        return Fmt.esc(s);
    }
}

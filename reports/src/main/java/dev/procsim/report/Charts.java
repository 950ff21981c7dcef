package dev.procsim.report;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.memory.Sizes;
import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Decides which charts an experiment gets and computes their data ({@link ChartSpec}s): bars with
 * 95% CI error bars per factor combination, box plots across replications, CDFs of response time
 * and fork latency, time series of PIDs, zombies and memory, metrics against each swept
 * parameter, and the Gantt chart of each combination's first replication. Charts whose data is
 * all zero are left out.
 */
public final class Charts {
    /** Metrics that get a bar chart, in this order. */
    static final List<String> BAR_METRICS = List.of("mean_response_ns", "mean_waiting_ns", "mean_turnaround_ns", "cpu_utilization",
            "context_switches", "page_copies", "frames_peak_bytes", "fork_latency_mean_ns", "fork_latency_p99_ns",
            "thread_latency_mean_ns", "fork_failures_pid_exhausted",
            "fork_failures_pids_max", "fork_failures_nproc", "fork_failures_threads_max", "zombies_peak", "deadline_misses",
            "jobs_dropped", "pipe_blocked_full_ns", "pipe_blocked_empty_ns", "signal_latency_mean_ns");
    static final List<String> SWEEP_METRICS = List.of("page_copies", "fork_latency_mean_ns", "mean_response_ns", "deadline_misses",
            "zombies_peak");
    static final int MAX_SERIES = 12;
    /** A time series of more lines than this, over two or more factors, becomes small multiples. */
    static final int PANEL_FROM = 4;
    /** Bars per group at most (greys that print distinguishably). */
    static final int GROUP_MAX = 5;
    static final int GANTT_ROWS = 30;
    static final int GANTT_SEGMENTS = 2000;

    private Charts() {}

    public static List<ChartSpec> build(ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        List<ChartSpec> out = new ArrayList<>();
        if (aggs.isEmpty()) return out;
        Experiment x = r.experiment();
        List<String> varying = varying(x);
        for (String m : BAR_METRICS) {
            if (constant(aggs, m)) continue;
            Scale s = Scale.of(m, aggs.stream().mapToDouble(a -> a.stats.get(m).mean()).max().orElse(0), lang);
            out.add(bars(m, aggs, x, varying, s, lang));
        }
        if (x.replications() >= 2 && aggs.size() >= 2) {
            for (String m : List.of("mean_response_ns", "page_copies")) {
                if (constant(aggs, m)) continue;
                List<Paired.Diff> d = Paired.against(x, aggs, m);
                Scale s = Scale.of(m, d.stream().mapToDouble(v -> Math.abs(v.diff().mean())).max().orElse(0), lang);
                double[] y = d.stream().mapToDouble(v -> v.diff().mean() / s.div).toArray();
                double[] e = d.stream().mapToDouble(v -> v.diff().halfWidth() / s.div).toArray();
                List<String> names = d.stream().map(v -> x.shortLabel(v.combination().point)).toList();
                out.add(new ChartSpec(ChartSpec.Kind.HBAR, "paired-" + m, lang.t("paired_chart").formatted(lang.t(m), x.shortLabel(Paired.baseline(x, aggs).point)),
                        "", s.unit, names, List.of(new ChartSpec.Series(lang.t(m), null, y, e))));
            }
        }
        if (r.experiment().replications() >= 3) {
            for (String m : List.of("mean_response_ns", "page_copies", "deadline_misses")) {
                if (constant(aggs, m)) continue;
                Scale s = Scale.of(m, aggs.stream().mapToDouble(a -> a.stats.get(m).mean()).max().orElse(0), lang);
                List<ChartSpec.Series> ser = new ArrayList<>();
                for (Aggregate a : first(aggs)) {
                    double[] v = a.runs.stream().mapToDouble(run -> run.metrics.get(m) / s.div).toArray();
                    ser.add(new ChartSpec.Series(x.shortLabel(a.point), null, v, null));
                }
                out.add(new ChartSpec(ChartSpec.Kind.BOX, "box-" + m, lang.t(m) + ", " + lang.t("across"), lang.t("combination"), s.unit,
                        List.of(), ser));
            }
        }
        Map<Integer, String> shortLabels = new LinkedHashMap<>();
        for (Aggregate a : aggs) shortLabels.put(a.point.index(), x.shortLabel(a.point));
        cdf(out, aggs, true, lang, shortLabels);
        cdf(out, aggs, false, lang, shortLabels);
        series(out, r, aggs, lang);
        sweeps(out, r.experiment(), aggs, lang);
        Map<Integer, String> names = TraceExport.names(r.experiment());
        for (Aggregate a : first(aggs)) {
            RunSummary first = a.runs.stream().filter(run -> run.replication == 0).findFirst().orElse(null);
            if (first != null && !first.schedule.isEmpty()) {
                out.add(gantt(first, names.get(a.point.index()), lang, r.experiment().shortLabel(a.point)));
            }
        }
        return out;
    }

    /** The factors that take more than one value in this experiment, in label order. */
    static List<String> varying(Experiment x) {
        List<String> out = new ArrayList<>();
        if (x.schedulers().size() > 1) out.add("scheduler");
        if (x.forks().size() > 1) out.add("fork");
        for (var e : x.sweep().entrySet()) if (e.getValue().size() > 1) out.add(e.getKey());
        return out;
    }

    /** A metric that is the same in every run tells nothing: no chart. */
    static boolean constant(List<Aggregate> aggs, String m) {
        double first = aggs.get(0).stats.get(m).mean();
        return aggs.stream().allMatch(a -> a.stats.get(m).mean() == first && a.stats.get(m).halfWidth() == 0);
    }

    /**
     * Bars of a metric's mean with 95% CI: with two or more varying factors, one group per level
     * of the first (the scheduler, say) and one bar per combination of the others within it;
     * else one bar per combination.
     */
    static ChartSpec bars(String m, List<Aggregate> aggs, Experiment x, List<String> varying, Scale s, Lang lang) {
        String title = lang.t(m) + " (" + lang.t("ci") + ")";
        long perGroup = aggs.stream().map(a -> {
            Map<String, String> f = new LinkedHashMap<>(a.point.factors());
            if (!varying.isEmpty()) f.remove(varying.get(0));
            return f.toString();
        }).distinct().count();
        // grouped bars while the bars of a group stay few enough to tell apart in grey; else one bar per combination
        if (varying.size() < 2 || perGroup > GROUP_MAX) {
            List<String> labels = aggs.stream().map(a -> x.shortLabel(a.point)).toList();
            double[] y = new double[aggs.size()];
            double[] e = new double[aggs.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = aggs.get(i).stats.get(m).mean() / s.div;
                e[i] = aggs.get(i).stats.get(m).halfWidth() / s.div;
            }
            return new ChartSpec(ChartSpec.Kind.BAR, "bar-" + m, title, lang.t("combination"), s.unit, labels,
                    List.of(new ChartSpec.Series(lang.t(m), null, y, e)));
        }
        String group = varying.get(0);
        List<String> groups = new ArrayList<>();
        List<String> members = new ArrayList<>();
        Map<String, Aggregate> cell = new LinkedHashMap<>();
        for (Aggregate a : aggs) {
            Map<String, String> f = a.point.factors();
            String g = f.get(group);
            List<String> rest = new ArrayList<>();
            for (String k : varying.subList(1, varying.size())) rest.add(k.equals("fork") ? f.get(k) : k + "=" + f.get(k));
            String mem = String.join(" ", rest);
            if (!groups.contains(g)) groups.add(g);
            if (!members.contains(mem)) members.add(mem);
            cell.put(g + "\u0000" + mem, a);
        }
        List<ChartSpec.Series> ser = new ArrayList<>();
        for (String mem : members) {
            double[] y = new double[groups.size()];
            double[] e = new double[groups.size()];
            for (int i = 0; i < groups.size(); i++) {
                Aggregate a = cell.get(groups.get(i) + "\u0000" + mem);
                y[i] = a == null ? Double.NaN : a.stats.get(m).mean() / s.div;
                e[i] = a == null ? 0 : a.stats.get(m).halfWidth() / s.div;
            }
            ser.add(new ChartSpec.Series(mem, null, y, e));
        }
        return new ChartSpec(ChartSpec.Kind.BAR, "bar-" + m, title, group.equals("scheduler") ? lang.t("scheduler") : group, s.unit, groups, ser);
    }

    private static List<Aggregate> first(List<Aggregate> aggs) {
        return aggs.size() > MAX_SERIES ? aggs.subList(0, MAX_SERIES) : aggs;
    }

    /** Display unit of a metric: ns metrics in ms or µs, bytes in MiB, others as they are. */
    record Scale(double div, String unit) {
        static Scale of(String metric, double max, Lang lang) {
            if (metric.endsWith("_ns")) return time(max, lang);
            if (metric.endsWith("_bytes")) return new Scale(1 << 20, lang.t("MiB"));
            if (metric.equals("cpu_utilization") || metric.endsWith("_ratio")) return new Scale(1, lang.t("fraction"));
            return new Scale(1, lang.t("count"));
        }

        /** Nanoseconds shown in ms, or in µs when everything is under a millisecond. */
        static Scale time(double maxNanos, Lang lang) {
            return maxNanos >= 1e6 ? new Scale(1e6, lang.t("ms")) : new Scale(1e3, lang.t("us"));
        }
    }

    private static void cdf(List<ChartSpec> out, List<Aggregate> aggs, boolean response, Lang lang, Map<Integer, String> shortLabels) {
        List<ChartSpec.Series> ser = new ArrayList<>();
        double max = 0;
        for (Aggregate a : aggs) {
            Histogram h = response ? a.response : a.forkLatency;
            if (h.getTotalCount() > 0) max = Math.max(max, h.getMaxValue());
        }
        if (max == 0) return;
        Scale s = Scale.time(max, lang);
        for (Aggregate a : first(aggs)) {
            Histogram h = response ? a.response : a.forkLatency;
            if (h.getTotalCount() == 0) continue;
            double[] ps = new double[102];
            double[] x = new double[102];
            for (int i = 0; i < 100; i++) ps[i] = i + 1;
            ps[100] = 99.9;
            ps[101] = 100;
            java.util.Arrays.sort(ps);
            for (int i = 0; i < ps.length; i++) x[i] = h.getValueAtPercentile(ps[i]) / s.div;
            double[] y = new double[ps.length];
            for (int i = 0; i < ps.length; i++) y[i] = ps[i] / 100;
            ser.add(new ChartSpec.Series(shortLabels.get(a.point.index()), x, y, null));
        }
        String key = response ? "cdf_response" : "cdf_fork";
        out.add(new ChartSpec(ChartSpec.Kind.CDF, response ? "cdf-response" : "cdf-fork-latency", lang.t(key),
                lang.t(response ? "response_time" : "fork_latency") + ", " + s.unit, lang.t(response ? "share" : "share_forks"), List.of(), ser));
    }

    private static void series(List<ChartSpec> out, ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        for (String name : List.of("pids_in_use", "zombies", "frames_in_use_bytes", "ready_queue")) {
            List<ChartSpec.Series> ser = new ArrayList<>();
            List<Aggregate> owners = new ArrayList<>();
            boolean interesting = false;
            for (Aggregate a : first(aggs)) {
                RunSummary run = a.runs.stream().filter(x -> x.replication == 0).findFirst().orElse(a.runs.get(0));
                RunSummary.Series s = run.series.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                if (s == null) continue; // replication 0 did not finish (a partial result)
                double div = name.endsWith("_bytes") ? 1 << 20 : 1;
                double[] x = new double[s.times().length];
                double[] y = new double[s.times().length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = s.times()[i] / 1e6;
                    y[i] = s.values()[i] / div;
                    if (s.values()[i] > (name.equals("pids_in_use") ? 2 : 0)) interesting = true;
                }
                ser.add(new ChartSpec.Series(r.experiment().shortLabel(a.point), x, y, null));
                owners.add(a);
            }
            if (!interesting) continue;
            String unit = name.endsWith("_bytes") ? lang.t("MiB") : lang.t("count");
            List<String> varying = varying(r.experiment());
            if (ser.size() > PANEL_FROM && varying.size() >= 2) {
                // Small multiples: a panel per level of the first varying factor, a line per combination of the others.
                String by = varying.get(0);
                Map<String, List<ChartSpec.Series>> groups = new LinkedHashMap<>();
                for (int k = 0; k < ser.size(); k++) {
                    Aggregate a = owners.get(k);
                    ChartSpec.Series s = ser.get(k);
                    Map<String, String> rest = new LinkedHashMap<>(a.point.factors());
                    rest.remove(by);
                    groups.computeIfAbsent(a.point.factors().get(by), g -> new ArrayList<>())
                            .add(new ChartSpec.Series(String.join(" ", otherLabel(rest, r.experiment())), s.x(), s.y(), null));
                }
                List<ChartSpec> panels = new ArrayList<>();
                for (var g : groups.entrySet()) {
                    String title = by.equals("scheduler") || by.equals("fork") ? g.getKey() : by + "=" + g.getKey();
                    panels.add(new ChartSpec(ChartSpec.Kind.STEP, "", title, lang.t("time_ms"), unit, List.of(), g.getValue()));
                }
                out.add(ChartSpec.grid(ChartSpec.Kind.STEP, "timeseries-" + name, lang.t(name), lang.t("time_ms"), unit, ser, panels));
                continue;
            }
            out.add(new ChartSpec(ChartSpec.Kind.STEP, "timeseries-" + name, lang.t(name), lang.t("time_ms"), unit, List.of(), ser));
        }
    }

    /** A swept value as a number for the x axis: sizes in MiB, durations in ms, plain numbers; NaN if none. */
    static double numeric(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            // not a plain number
        }
        try {
            return Sizes.parseBytes(v) / (double) (1 << 20);
        } catch (IllegalArgumentException e) {
            // not a size
        }
        try {
            return SimTime.parse(v) / 1e6;
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    private static void sweeps(List<ChartSpec> out, Experiment x, List<Aggregate> aggs, Lang lang) {
        for (String key : x.sweep().keySet()) {
            List<String> values = x.sweep().get(key);
            if (values.size() < 2 || values.stream().anyMatch(v -> Double.isNaN(numeric(v)))) continue;
            for (String m : SWEEP_METRICS) {
                if (aggs.stream().allMatch(a -> a.stats.get(m).mean() == 0)) continue;
                Scale s = Scale.of(m, aggs.stream().mapToDouble(a -> a.stats.get(m).mean()).max().orElse(0), lang);
                // One line per combination of the other factors.
                Map<String, Map<String, Double>> lines = new LinkedHashMap<>();
                for (Aggregate a : aggs) {
                    Map<String, String> f = new LinkedHashMap<>(a.point.factors());
                    String at = f.remove(key);
                    String line = String.join(" ", otherLabel(f, x));
                    lines.computeIfAbsent(line, k -> new LinkedHashMap<>()).put(at, a.stats.get(m).mean() / s.div);
                }
                List<ChartSpec.Series> ser = new ArrayList<>();
                for (var e : lines.entrySet()) {
                    if (ser.size() == MAX_SERIES) break;
                    double[] xs = new double[values.size()];
                    double[] ys = new double[values.size()];
                    for (int i = 0; i < xs.length; i++) {
                        xs[i] = numeric(values.get(i));
                        Double v = e.getValue().get(values.get(i));
                        ys[i] = v == null ? Double.NaN : v;
                    }
                    ser.add(new ChartSpec.Series(e.getKey().isEmpty() ? lang.t(m) : e.getKey(), xs, ys, null));
                }
                out.add(new ChartSpec(ChartSpec.Kind.LINE, "sweep-" + key + "-" + m, lang.t(m) + " / " + key, key + sweepUnit(values.get(0), lang),
                        s.unit, List.of(), ser));
            }
        }
    }

    private static List<String> otherLabel(Map<String, String> f, Experiment x) {
        List<String> parts = new ArrayList<>();
        for (var e : f.entrySet()) {
            boolean varies = switch (e.getKey()) {
                case "scheduler" -> x.schedulers().size() > 1;
                case "fork" -> x.forks().size() > 1;
                default -> x.sweep().getOrDefault(e.getKey(), List.of()).size() > 1;
            };
            if (!varies) continue;
            parts.add(e.getKey().equals("scheduler") || e.getKey().equals("fork") ? e.getValue() : e.getKey() + "=" + e.getValue());
        }
        return parts;
    }

    private static String sweepUnit(String sample, Lang lang) {
        try {
            Double.parseDouble(sample);
            return "";
        } catch (NumberFormatException e) {
            // not a plain number
        }
        try {
            Sizes.parseBytes(sample);
            return ", " + lang.t("MiB");
        } catch (IllegalArgumentException e) {
            return ", " + lang.t("ms");
        }
    }

    /**
     * Gantt chart of one run (see {@link #gantt(List, String, String, Lang, String)}), titled and
     * named after its combination, pointing at its full schedule in the trace file.
     */
    static ChartSpec gantt(RunSummary run, String name, Lang lang, String label) {
        return gantt(run.schedule, lang.t("gantt") + ": " + label, "gantt-" + name, lang, "traces/" + name + ".json");
    }

    /** The Gantt chart of a schedule log, without a trace file to point at. */
    public static ChartSpec gantt(List<ScheduleLog.Segment> all, String title, String file, Lang lang) {
        return gantt(all, title, file, lang, null);
    }

    /**
     * A Gantt chart that never cuts silently: a window from 0 holding at most 2,000 segments (the
     * whole run when it has no more), the 30 tasks that ran longest in it (rows in order of first
     * run), and a row per CPU for its idle time; the x-axis title says which window and how many
     * tasks are shown, and where the full schedule is. Segments shorter than 1/1000 of the window (about a pixel)
     * are drawn that wide so that none is invisible, and no wider, so that a task running 1 ms in 10 does not look busy throughout. Each series is one row, its segments joined
     * by NaN breaks; y is the row index (row 0 at the top).
     */
    static ChartSpec gantt(List<ScheduleLog.Segment> all, String title, String file, Lang lang, String fullSchedule) {
        List<ScheduleLog.Segment> byStart = new ArrayList<>(all);
        byStart.sort(java.util.Comparator.comparingLong(ScheduleLog.Segment::start));
        long runEnd = 0;
        int cpus = 1;
        for (ScheduleLog.Segment s : byStart) {
            runEnd = Math.max(runEnd, s.end());
            cpus = Math.max(cpus, s.cpu() + 1);
        }
        long window = byStart.size() > GANTT_SEGMENTS ? byStart.get(GANTT_SEGMENTS).start() : runEnd;
        if (window <= 0) window = runEnd;
        // CPU time of each task within the window; the busiest GANTT_ROWS are shown
        Map<String, Long> busy = new LinkedHashMap<>();
        for (ScheduleLog.Segment s : byStart) {
            if (s.start() >= window) break;
            busy.merge(s.task() + " (" + s.pid() + ")", Math.min(s.end(), window) - s.start(), Long::sum);
        }
        Set<String> shown = new LinkedHashSet<>();
        busy.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(GANTT_ROWS).forEach(e -> shown.add(e.getKey()));
        List<String> rowList = new ArrayList<>();
        for (String task : busy.keySet()) if (shown.contains(task)) rowList.add(task); // in order of first run
        double minWidth = window / 1000.0;
        List<ChartSpec.Series> ser = new ArrayList<>();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (int i = 0; i < rowList.size(); i++) rowOf.put(rowList.get(i), i);
        List<List<double[]>> pieces = new ArrayList<>();
        for (int i = 0; i < rowList.size(); i++) pieces.add(new ArrayList<>());
        for (ScheduleLog.Segment s : byStart) {
            if (s.start() >= window) break;
            Integer row = rowOf.get(s.task() + " (" + s.pid() + ")");
            if (row == null || s.end() <= s.start()) continue;
            double end = Math.min(s.end(), window);
            pieces.get(row).add(new double[] {s.start(), Math.max(end, s.start() + minWidth)});
        }
        for (int row = 0; row < rowList.size(); row++) ser.add(segments(rowList.get(row), pieces.get(row), row));
        for (int c = 0; c < cpus; c++) {
            List<double[]> idle = new ArrayList<>();
            long t = 0;
            for (ScheduleLog.Segment s : byStart) {
                if (s.cpu() != c || s.start() >= window) continue;
                if (s.start() > t) idle.add(new double[] {t, Math.max(s.start(), t + minWidth)});
                t = Math.max(t, s.end());
            }
            if (t < window) idle.add(new double[] {t, window});
            ser.add(segments(lang.t("idle") + " " + lang.t("cpu") + c, idle, rowList.size() + c));
        }
        List<String> categories = new ArrayList<>(rowList);
        for (int c = 0; c < cpus; c++) categories.add(lang.t("idle") + " " + lang.t("cpu") + c);
        // legend-only series (after the rows): what the two kinds of bar mean
        ser.add(segments(lang.t("running"), List.of(), 0));
        ser.add(segments(lang.t("idle"), List.of(), 0));
        String note = lang.t("gantt_window").formatted(Fmt.si(window / 1e6), Fmt.si(runEnd / 1e6), rowList.size(), busy.size())
                + (fullSchedule != null && (window < runEnd || rowList.size() < busy.size()) ? "; " + lang.t("gantt_full").formatted(fullSchedule) : "");
        return new ChartSpec(ChartSpec.Kind.GANTT, file, title, lang.t("time_ms") + " (" + note + ")", lang.t("task"), categories, ser, cpus);
    }

    private static ChartSpec.Series segments(String name, List<double[]> pieces, int row) {
        int n = Math.max(1, pieces.size() * 3);
        double[] x = new double[n];
        double[] y = new double[n];
        if (pieces.isEmpty()) {
            x[0] = 0;
            y[0] = Double.NaN;
        }
        for (int i = 0; i < pieces.size(); i++) {
            x[3 * i] = pieces.get(i)[0] / 1e6;
            x[3 * i + 1] = pieces.get(i)[1] / 1e6;
            x[3 * i + 2] = pieces.get(i)[1] / 1e6;
            y[3 * i] = -row;
            y[3 * i + 1] = -row;
            y[3 * i + 2] = Double.NaN;
        }
        return new ChartSpec.Series(name, x, y, null);
    }
}

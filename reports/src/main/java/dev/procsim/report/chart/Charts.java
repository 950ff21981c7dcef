package dev.procsim.report.chart;


import dev.procsim.report.text.FileNames;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Paired;
import dev.procsim.report.text.Lang;

import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            "jobs_dropped", "pipe_blocked_full_ns", "pipe_blocked_empty_ns", "signal_latency_mean_ns", "migrations", "migrations_cross_node",
            "migration_refill_ns");
    static final List<String> SWEEP_METRICS = List.of("page_copies", "fork_latency_mean_ns", "mean_response_ns", "deadline_misses",
            "zombies_peak");
    /** Lines of a time series in one panel at most: step lines overlap, so fewer than other charts. */
    static final int PANEL_LINES = 6;
    /** Bars per group at most (greys that print distinguishably). */
    static final int GROUP_MAX = 5;
    /**
     * Static Gantt charts per experiment at most: one per combination up to this, else the first
     * this many, said in their captions. Every combination's schedule is drawn in the report's
     * interactive Gantt chart and kept whole in its trace file; 48 static charts of two-task runs
     * (cow-vs-eager) cost three times the simulation and say little more.
     */
    static final int GANTT_CHARTS = 12;

    private Charts() {}

    public static List<ChartSpec> build(ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        List<ChartSpec> out = new ArrayList<>();
        if (aggs.isEmpty()) return out;
        Experiment x = r.experiment();
        List<String> varying = varying(x);
        List<String> barMetrics = new ArrayList<>(BAR_METRICS);
        for (String m : x.reportMetrics()) { // what the experiment says it studies is charted too
            if (!barMetrics.contains(m) && aggs.get(0).stats.containsKey(m)) barMetrics.add(m);
        }
        for (String m : barMetrics) {
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
                out.add(new ChartSpec(ChartSpec.Kind.HBAR, "paired-" + m, pairedTitle(lang, m, x.shortLabel(Paired.baseline(x, aggs).point)),
                        "", s.unit, names, List.of(new ChartSpec.Series(lang.t(m), null, y, e))));
            }
        }
        if (r.experiment().replications() >= 3) {
            for (String m : List.of("mean_response_ns", "page_copies", "deadline_misses")) {
                if (constant(aggs, m)) continue;
                Scale s = Scale.of(m, aggs.stream().mapToDouble(a -> a.stats.get(m).mean()).max().orElse(0), lang);
                Panels.Split split = Panels.split(aggs, varying, null, Panels.PER_PANEL);
                out.addAll(Panels.charts(split, ChartSpec.Kind.BOX, "box-" + m, lang.t(m) + ", " + lang.t("across"), lang.t("combination"), s.unit,
                        aggs.size(), g -> {
                            List<ChartSpec.Series> ser = new ArrayList<>();
                            for (Aggregate a : g.members()) {
                                double[] v = a.runs.stream().mapToDouble(run -> run.metrics.get(m) / s.div).toArray();
                                ser.add(new ChartSpec.Series(Panels.label(a, varying, split.by(), x.shortLabel(a.point)), null, v, null));
                            }
                            return ser;
                        }, lang));
            }
        }
        cdf(out, x, varying, aggs, true, lang);
        cdf(out, x, varying, aggs, false, lang);
        series(out, r, aggs, lang);
        byCpu(out, x, aggs, lang);
        SweepCharts.add(out, r.experiment(), aggs, lang);
        Map<Integer, String> names = FileNames.names(r.experiment());
        int gantts = 0;
        for (Aggregate a : aggs) {
            RunSummary first = a.runs.stream().filter(run -> run.replication == 0).findFirst().orElse(null);
            if (first == null || first.schedule.isEmpty()) continue;
            if (gantts++ == GANTT_CHARTS) break;
            // the title names the policy and its settings (quantum) even where the experiment does not vary it
            String label = x.shortLabel(a.point), policy = policy(a.point.scheduler());
            if (x.schedulers().size() == 1) label = label.equals(a.point.label()) ? policy : policy + ", " + label;
            else label = label.replace(a.point.scheduler().label(), policy);
            out.add(GanttChart.of(first, names.get(a.point.index()), lang, label, deadlines(x, a.point)));
        }
        if (gantts > GANTT_CHARTS) {
            // Say on every Gantt chart that the rest are in the traces, not drawn.
            for (int i = 0; i < out.size(); i++) {
                ChartSpec c = out.get(i);
                if (c.kind() == ChartSpec.Kind.GANTT) out.set(i, c.showing(lang.t("shows_gantt").formatted(GANTT_CHARTS, aggs.size())));
            }
        }
        WelchChart.add(out, r, aggs, lang);
        return out;
    }

    /** "Page copies: difference from eager (paired 95% CI)"; a long baseline label is left to the caption, so that the title fits. */
    static String pairedTitle(Lang lang, String m, String baseline) {
        String t = lang.t("paired_chart").formatted(lang.t(m), baseline);
        return t.length() <= 70 ? t : lang.t("paired_chart").formatted(lang.t(m), lang.t("the_baseline"));
    }

    /** The periodic tasks' deadlines of a combination's workload, marked on its Gantt chart (none when it has no periodic task). */
    static Map<String, long[]> deadlines(Experiment x, Experiment.Point p) {
        try {
            Experiment.Setup s = x.resolve(p, 0);
            return GanttChart.deadlines(s.workload(), s.horizon());
        } catch (RuntimeException e) {
            return Map.of(); // a workload built from random draws at setup may not resolve alone: no marks, nothing else lost
        }
    }

    /** A scheduler with its quantum (or slice) in effect, the registry's default when not given: "rr(quantum=4ms)". */
    static String policy(Experiment.SchedulerChoice sc) {
        var entry = dev.procsim.sched.SchedulerRegistry.all().get(sc.name());
        Map<String, String> params = new LinkedHashMap<>(sc.params());
        if (entry != null) {
            for (var p : entry.params()) {
                if ((p.name().equals("quantum") || p.name().equals("slice")) && !params.containsKey(p.name())) params.put(p.name(), p.defaultValue());
            }
        }
        return new Experiment.SchedulerChoice(sc.name(), params).label();
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

    private static void cdf(List<ChartSpec> out, Experiment x, List<String> varying, List<Aggregate> aggs, boolean response, Lang lang) {
        double max = 0;
        List<Aggregate> with = new ArrayList<>();
        for (Aggregate a : aggs) {
            Histogram h = response ? a.response : a.forkLatency;
            if (h.getTotalCount() == 0) continue;
            max = Math.max(max, h.getMaxValue());
            with.add(a);
        }
        if (max == 0) return;
        Scale s = Scale.time(max, lang);
        Panels.Split split = Panels.split(with, varying, null, Panels.PER_PANEL);
        String key = response ? "cdf_response" : "cdf_fork";
        List<ChartSpec> charts = Panels.charts(split, ChartSpec.Kind.CDF, response ? "cdf-response" : "cdf-fork-latency", lang.t(key),
                lang.t(response ? "response_time" : "fork_latency") + ", " + s.unit, lang.t(response ? "share" : "share_forks"), with.size(), g -> {
                    List<ChartSpec.Series> ser = new ArrayList<>();
                    for (Aggregate a : g.members()) ser.add(cdfSeries(response ? a.response : a.forkLatency, s, Panels.label(a, varying, split.by(), x.shortLabel(a.point))));
                    return ser;
                }, lang);
        out.addAll(missing(charts, aggs.size() - with.size(), lang));
    }

    /** A histogram's CDF at every percentile from 1 to 100 and at 99.9. */
    private static ChartSpec.Series cdfSeries(Histogram h, Scale s, String name) {
        double[] ps = new double[102];
        for (int i = 0; i < 100; i++) ps[i] = i + 1;
        ps[100] = 99.9;
        ps[101] = 100;
        java.util.Arrays.sort(ps);
        double[] xs = new double[ps.length];
        double[] ys = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            xs[i] = h.getValueAtPercentile(ps[i]) / s.div;
            ys[i] = ps[i] / 100;
        }
        return new ChartSpec.Series(name, xs, ys, null);
    }

    /** The charts with a note that {@code n} combinations had nothing to draw, when any. */
    private static List<ChartSpec> missing(List<ChartSpec> charts, int n, Lang lang) {
        if (n == 0) return charts;
        String missing = n == 1 ? lang.t("shows_missing_one") : lang.t("shows_missing").formatted(n);
        return charts.stream().map(c -> c.showing(c.shows() + " " + missing)).toList();
    }

    /**
     * Per-CPU run queues: each CPU's utilisation in replication 0 (busy time over the run) and its
     * mean run-queue length (runnable tasks integrated over the run, over the run), a bar per CPU
     * and combination, for at most {@link #GROUP_MAX} combinations (the caption says when there
     * are more).
     */
    private static void byCpu(List<ChartSpec> out, Experiment x, List<Aggregate> aggs, Lang lang) {
        byCpu(out, x, aggs, lang, RunSummary.BY_CPU_BUSY, "bar-utilization-by-cpu", "utilization_by_cpu", "fraction");
        byCpu(out, x, aggs, lang, RunSummary.BY_CPU_RUNNABLE, "bar-runqueue-by-cpu", "runqueue_by_cpu", "tasks");
    }

    private static void byCpu(List<ChartSpec> out, Experiment x, List<Aggregate> aggs, Lang lang, String series, String file, String title,
            String unit) {
        List<ChartSpec.Series> ser = new ArrayList<>();
        int cpus = 0, with = 0;
        for (Aggregate a : aggs) {
            RunSummary run = a.runs.stream().filter(v -> v.replication == 0).findFirst().orElse(null);
            RunSummary.Series s = run == null ? null : run.series.stream().filter(v -> v.name().equals(series)).findFirst().orElse(null);
            if (s == null) continue;
            with++;
            if (ser.size() == GROUP_MAX) continue;
            double end = run.metrics.get("end_time_ns");
            double[] y = new double[s.values().length];
            for (int c = 0; c < y.length; c++) y[c] = end == 0 ? 0 : s.values()[c] / end;
            cpus = Math.max(cpus, y.length);
            ser.add(new ChartSpec.Series(x.shortLabel(a.point), null, y, null));
        }
        if (ser.isEmpty()) return;
        List<String> cats = new ArrayList<>();
        for (int c = 0; c < cpus; c++) cats.add(lang.t("cpu") + " " + c); // named in full: a long list is drawn as rows without an axis title
        ChartSpec chart = new ChartSpec(ChartSpec.Kind.BAR, file, lang.t(title), lang.t("cpu"), lang.t(unit), cats, ser);
        // the caption says what is drawn: replication 0, the combinations with per-CPU queues (not the mean over replications of other bar charts)
        String shows = lang.t("cap_by_cpu").formatted(with, aggs.size());
        out.add(chart.showing(with > ser.size() ? shows + " " + lang.t("shows_first").formatted(ser.size(), with) : shows));
    }

    private static void series(List<ChartSpec> out, ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        Experiment x = r.experiment();
        List<String> varying = varying(x);
        for (String name : List.of("pids_in_use", "zombies", "frames_in_use_bytes", "ready_queue", "load_imbalance")) {
            Map<Aggregate, RunSummary.Series> data = new LinkedHashMap<>();
            boolean interesting = false;
            for (Aggregate a : aggs) {
                RunSummary run = a.runs.stream().filter(v -> v.replication == 0).findFirst().orElse(a.runs.get(0));
                RunSummary.Series s = run.series.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
                if (s == null) continue; // replication 0 did not finish (a partial result)
                data.put(a, s);
                for (long v : s.values()) if (v > (name.equals("pids_in_use") ? 2 : 0)) interesting = true;
            }
            if (!interesting) continue;
            String unit = name.endsWith("_bytes") ? lang.t("MiB") : lang.t("count");
            double div = name.endsWith("_bytes") ? 1 << 20 : 1;
            List<Aggregate> with = new ArrayList<>(data.keySet());
            Panels.Split split = Panels.split(with, varying, null, PANEL_LINES);
            List<ChartSpec> charts = Panels.charts(split, ChartSpec.Kind.STEP, "timeseries-" + name, lang.t(name), lang.t("time_ms"), unit, with.size(),
                    g -> {
                        List<ChartSpec.Series> ser = new ArrayList<>();
                        for (Aggregate a : g.members()) {
                            RunSummary.Series s = data.get(a);
                            // A step series holds its changes only: it starts at 0 (nothing before the first change)
                            // and its last value lasts to the run's end, so a series that never changed is a line at 0
                            // across the run, not nothing (the demo's eager and cow panels of zombies were empty).
                            long end = Math.max(s.times().length == 0 ? 0 : s.times()[s.times().length - 1], endOf(a));
                            int n = s.times().length;
                            boolean lead = n == 0 || s.times()[0] > 0;
                            double[] xs = new double[n + (lead ? 1 : 0) + 1];
                            double[] ys = new double[xs.length];
                            int k = 0;
                            if (lead) {
                                xs[k] = 0;
                                ys[k++] = 0;
                            }
                            for (int i = 0; i < n; i++, k++) {
                                xs[k] = s.times()[i] / 1e6;
                                ys[k] = s.values()[i] / div;
                            }
                            xs[k] = end / 1e6;
                            ys[k] = n == 0 ? 0 : s.values()[n - 1] / div;
                            double[][] d = Decimate.minMax(xs, ys, Decimate.COLUMNS); // to the pixel: a long run draws as fast as a short one
                            ser.add(new ChartSpec.Series(Panels.label(a, varying, split.by(), x.shortLabel(a.point)), d[0], d[1], null));
                        }
                        WelchChart.markCuts(ser, g.members(), lang); // the series keep the whole run; the warm-up cut is drawn on them
                        return ser;
                    }, lang);
            out.addAll(missing(charts, aggs.size() - with.size(), lang));
        }
    }

    /** When the first replication of a combination ended (its time series are drawn to there). */
    private static long endOf(Aggregate a) {
        RunSummary run = a.runs.stream().filter(v -> v.replication == 0).findFirst().orElse(a.runs.get(0));
        Double end = run.metrics.get("end_time_ns");
        return end == null ? 0 : end.longValue();
    }
}

package dev.procsim.report.chart;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.run.SteadyState;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Statistics;
import java.util.ArrayList;
import java.util.List;

/**
 * The Welch plot of an experiment with a warm-up ({@code statistics.warmup}): the running mean of
 * the response time (turnaround) of the first combination's first replication, tasks in order of
 * arrival, with the warm-up cut drawn as a vertical line. Where the running mean stops drifting is
 * where the initial transient ends; the cut should be near it.
 */
final class WelchChart {
    private WelchChart() {}

    static void add(List<ChartSpec> out, ExperimentRunner.Result r, List<Aggregate> aggs, Lang lang) {
        Statistics st = r.experiment().statistics();
        if (st.warmup() == Statistics.Warmup.NONE || aggs.isEmpty()) return;
        Aggregate a = aggs.get(0);
        RunSummary run = a.runs.stream().filter(v -> v.replication == 0).findFirst().orElse(null);
        if (run == null) return;
        RunSummary.Series s = run.series.stream().filter(v -> v.name().equals(SteadyState.RUNNING_MEAN)).findFirst().orElse(null);
        if (s == null || s.times().length == 0) return;
        int n = s.times().length;
        double[] x = new double[n], y = new double[n];
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            x[i] = s.times()[i] / 1e6;
            y[i] = s.values()[i] / 1e6;
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
        }
        List<ChartSpec.Series> series = new ArrayList<>();
        series.add(new ChartSpec.Series(lang.t("welch_mean"), x, y, null));
        Double cut = run.metrics.get("warmup_cut_ns");
        double c = cut == null ? 0 : cut / 1e6;
        series.add(new ChartSpec.Series(lang.t("welch_cut").formatted(Fmtms.of(c)), new double[] {c, c}, new double[] {lo, hi}, null));
        String label = r.experiment().shortLabel(a.point);
        ChartSpec chart = new ChartSpec(ChartSpec.Kind.LINE, "line-welch", lang.t("welch_title"), lang.t("arrival_ms"), lang.t("ms"), List.of(), series);
        out.add(chart.showing(lang.t(st.warmup() == Statistics.Warmup.AUTO ? "cap_welch_auto" : "cap_welch_fixed").formatted(label)));
    }

    /**
     * Adds to a time-series chart's {@code series} a vertical line at each distinct warm-up cut of
     * {@code members} (statistics.warmup: the series keep the whole run, the cut is marked), from
     * the lowest to the highest value drawn. Nothing without a cut.
     */
    static void markCuts(List<ChartSpec.Series> series, List<Aggregate> members, Lang lang) {
        java.util.SortedSet<Double> cuts = new java.util.TreeSet<>();
        for (Aggregate a : members) {
            Double c = a.runs.get(0).metrics.get("warmup_cut_ns");
            if (c != null && c > 0) cuts.add(c / 1e6);
        }
        if (cuts.isEmpty() || series.isEmpty()) return;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (ChartSpec.Series s : series) {
            for (double v : s.y()) {
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return;
        if (lo == hi) hi = lo + 1; // a flat series: the line still shows
        for (double c : cuts) series.add(new ChartSpec.Series(lang.t("welch_cut").formatted(Fmtms.of(c)), new double[] {c, c}, new double[] {lo, hi}, null));
    }

    /** Milliseconds as a short number. */
    private static final class Fmtms {
        static String of(double ms) {
            return dev.procsim.report.text.Fmt.num(Math.round(ms * 1000) / 1000.0);
        }
    }
}

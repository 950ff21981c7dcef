package dev.procsim.report.stats;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.text.Fmt;

import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One factor combination across its replications: statistics of every metric, merged latency histograms. */
public final class Aggregate {
    /** Percentiles written for latencies. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    public final Experiment.Point point;
    public final List<RunSummary> runs;
    public final Map<String, Stats> stats = new LinkedHashMap<>();
    public final Histogram response = new Histogram(3);
    public final Histogram forkLatency = new Histogram(3);

    Aggregate(Experiment.Point point, List<RunSummary> runs, org.HdrHistogram.Histogram[] merged) {
        this.point = point;
        this.runs = runs;
        if (runs.isEmpty()) return;
        for (String m : runs.get(0).metrics.keySet()) {
            double[] v = new double[runs.size()];
            for (int i = 0; i < v.length; i++) v[i] = runs.get(i).metrics.get(m);
            stats.put(m, Stats.of(v));
        }
        // statistics.method: batch-means: one long run, its interval from its batches (SteadyState.bmLow, bmHigh)
        if (runs.size() == 1) {
            Map<String, Double> m = runs.get(0).metrics;
            for (String metric : dev.procsim.report.run.SteadyState.BATCH_METRICS) {
                Double mean = m.get(metric), low = m.get(dev.procsim.report.run.SteadyState.bmLow(metric)),
                        high = m.get(dev.procsim.report.run.SteadyState.bmHigh(metric));
                if (mean != null && low != null && high != null) stats.put(metric, new Stats(1, mean, Double.NaN, low, high));
            }
        }
        if (merged != null) {
            response.add(merged[0]);
            forkLatency.add(merged[1]);
        }
    }

    /** p50, p90, p99, p99.9 and max of a merged histogram (0 when empty). */
    public static Map<String, Long> percentiles(Histogram h) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (double p : PERCENTILES) m.put(label(p), h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p));
        m.put("max", h.getTotalCount() == 0 ? 0 : h.getMaxValue());
        return m;
    }

    public static String label(double p) {
        return "p" + Fmt.num(p).replace(".", "_");
    }

    /** The aggregates of a result: one per combination that has at least one finished run, in combination order. */
    public static List<Aggregate> of(ExperimentRunner.Result r) {
        Map<Integer, List<RunSummary>> by = new LinkedHashMap<>();
        for (RunSummary s : r.runs()) by.computeIfAbsent(s.point.index(), k -> new ArrayList<>()).add(s);
        List<Aggregate> out = new ArrayList<>();
        for (Experiment.Point p : r.experiment().points()) {
            List<RunSummary> runs = by.get(p.index());
            if (runs != null) out.add(new Aggregate(p, runs, r.histograms(p.index())));
        }
        return out;
    }
}

package dev.procsim.report.stats;

import dev.procsim.report.run.RunSummary;

import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paired comparisons against a baseline. Replication r of every combination draws the same random
 * numbers (common random numbers: streams from (seed, r)), so the difference of a metric between a
 * combination and the baseline, replication by replication, varies far less than either; its 95%
 * Student-t interval is the comparison a researcher wants. The baseline is the experiment's
 * {@code report: {baseline: ...}}, by default the first level of every factor.
 */
public final class Paired {
    /** Metrics compared in the report, in this order (those that are not zero everywhere). */
    public static final List<String> METRICS = List.of("mean_response_ns", "mean_turnaround_ns", "context_switches", "page_copies",
            "fork_latency_mean_ns", "deadline_misses", "migrations");

    private Paired() {}

    /**
     * One combination against the baseline on one metric: the paired differences' statistics
     * (mean, 95% interval), the ratio of means, and the replications an interval of +/- 10% of the
     * baseline's mean would need at this spread (normal approximation).
     */
    public record Diff(Aggregate combination, String metric, Stats diff, double ratio, long replicationsFor10Percent) {
        /** The interval leaves out zero: the difference is there at the 5% level. */
        public boolean excludesZero() {
            return diff.n() > 1 && (diff.ciLow() > 0 || diff.ciHigh() < 0);
        }
    }

    /** The baseline's aggregate (the first one if the baseline did not run, as in a stopped run). */
    public static Aggregate baseline(Experiment x, List<Aggregate> aggs) {
        int want = x.baselinePoint().index();
        for (Aggregate a : aggs) {
            if (a.point.index() == want) return a;
        }
        return aggs.get(0);
    }

    /** Every combination but the baseline against it, in order, on {@code metric}; empty with one combination. */
    public static List<Diff> against(Experiment x, List<Aggregate> aggs, String metric) {
        List<Diff> out = new ArrayList<>();
        if (aggs.size() < 2) return out;
        Aggregate base = baseline(x, aggs);
        Map<Integer, Double> baseByRep = new HashMap<>();
        for (RunSummary s : base.runs) baseByRep.put(s.replication, s.metrics.get(metric));
        double baseMean = base.stats.get(metric).mean();
        for (Aggregate a : aggs) {
            if (a == base) continue;
            List<Double> d = new ArrayList<>();
            for (RunSummary s : a.runs) {
                Double b = baseByRep.get(s.replication);
                if (b != null) d.add(s.metrics.get(metric) - b);
            }
            Stats st = Stats.of(d.stream().mapToDouble(Double::doubleValue).toArray());
            double ratio = baseMean == 0 ? Double.NaN : a.stats.get(metric).mean() / baseMean;
            long need = -1;
            if (st.n() > 1 && baseMean != 0) {
                // n = (z sd / target)^2 with z = 1.96, the large-sample quantile: the spread measured so far held fixed
                need = st.sd() == 0 ? st.n() : (long) Math.ceil(Math.pow(1.96 * st.sd() / (0.1 * Math.abs(baseMean)), 2));
            }
            out.add(new Diff(a, metric, st, ratio, need));
        }
        return out;
    }
}

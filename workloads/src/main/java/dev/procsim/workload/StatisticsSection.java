package dev.procsim.workload;

import java.util.List;

/**
 * The {@code statistics:} section of an experiment file: {@code warmup} ({@code auto} or a
 * time), {@code method} ({@code replications} or {@code batch-means}), {@code batches} (a count or
 * {@code auto}, batch means only), {@code precision} ({@code metric}, {@code relative},
 * {@code max_replications}). Each mistake is named at its line and column.
 */
final class StatisticsSection {
    static final List<String> KEYS = List.of("warmup", "method", "batches", "precision");
    static final List<String> PRECISION_KEYS = List.of("metric", "relative", "max_replications");
    /** Sequential stopping's cap when the file gives none. */
    static final int DEFAULT_MAX_REPLICATIONS = 200;

    private StatisticsSection() {}

    static Statistics read(Fields f, YamlNode n, int replications, YamlNode replicationsNode) {
        if (n == null) return Statistics.DEFAULT;
        YamlNode.MapNode m = f.map(n, "statistics");
        if (m == null) return Statistics.DEFAULT;
        f.onlyKeys(m, "statistics", KEYS);
        Statistics.Warmup warmup = Statistics.Warmup.NONE;
        long warmupNs = 0;
        YamlNode w = m.get("warmup");
        if (w != null) {
            String t = f.raw(w, "statistics.warmup");
            if ("auto".equals(t)) warmup = Statistics.Warmup.AUTO;
            else if (t != null) {
                warmupNs = f.duration(w, "statistics.warmup", false, 0);
                warmup = warmupNs > 0 ? Statistics.Warmup.FIXED : Statistics.Warmup.NONE;
            }
        }
        String method = m.get("method") == null ? "replications"
                : f.choice(m.get("method"), "statistics.method", List.of("replications", "batch-means"), "replications");
        boolean batchMeans = "batch-means".equals(method);
        int batches = 0;
        YamlNode b = m.get("batches");
        if (b != null) {
            if (!batchMeans) f.error(b, "statistics.batches", "batches apply to method: batch-means");
            else if (!"auto".equals(f.raw(b, "statistics.batches"))) batches = (int) f.integer(b, "statistics.batches", 2, 10_000, 0);
        }
        if (batchMeans && replications != 1) {
            f.error(m.get("method"), "statistics.method", "batch-means estimates from one long run per combination: set replications: 1"
                    + " (found " + replications + ")");
        }
        String metric = null;
        double relative = 0;
        int max = 0;
        YamlNode p = m.get("precision");
        if (p != null) {
            YamlNode.MapNode pm = f.map(p, "statistics.precision");
            if (pm != null) {
                f.onlyKeys(pm, "statistics.precision", PRECISION_KEYS);
                if (batchMeans) f.error(p, "statistics.precision", "precision adds replications; batch-means has one: use one or the other");
                if (pm.get("metric") == null) f.error(pm, "statistics.precision", "expected 'metric' (a metric of summary.csv, such as mean_turnaround_ns)");
                else {
                    metric = f.text(pm.get("metric"), "statistics.precision.metric");
                    if (metric != null && !ReportMetrics.NAMES.contains(metric)) {
                        f.error(pm.get("metric"), "statistics.precision.metric", "expected a metric of summary.csv (such as mean_turnaround_ns), found '"
                                + metric + "'" + Suggest.hint(metric, ReportMetrics.NAMES));
                        metric = null;
                    }
                }
                if (pm.get("relative") == null) f.error(pm, "statistics.precision", "expected 'relative' (the half-width sought over the mean, such as 0.05)");
                else relative = f.number(pm.get("relative"), "statistics.precision.relative", 1e-6, 1, 0.05);
                max = (int) (pm.get("max_replications") == null ? Math.max(DEFAULT_MAX_REPLICATIONS, replications)
                        : f.integer(pm.get("max_replications"), "statistics.precision.max_replications", 2, ExperimentParser.MAX_REPLICATIONS, 0));
                if (replications < 2) {
                    f.error(replicationsNode != null ? replicationsNode : p, "replications", "sequential stopping starts from at least 2 replications (an interval"
                            + " needs two), found " + replications);
                } else if (pm.get("max_replications") != null && max < replications) {
                    f.error(pm.get("max_replications"), "statistics.precision.max_replications", "at least replications (" + replications + "), found " + max);
                }
            }
        }
        return new Statistics(warmup, warmupNs, batchMeans ? Statistics.Method.BATCH_MEANS : Statistics.Method.REPLICATIONS, batches,
                metric, relative, max);
    }
}

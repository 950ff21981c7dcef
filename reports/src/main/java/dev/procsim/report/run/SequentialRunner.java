package dev.procsim.report.run;

import dev.procsim.report.stats.SequentialStopping;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.Statistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * Sequential stopping ({@code statistics.precision}): replications are added in batches until every
 * combination's 95% interval of the metric is within the relative precision of its mean, or the cap
 * is reached ({@link SequentialStopping}: the next count from the pacing combination's estimate, at
 * most doubling). Batches are whole replication numbers of every combination, and each run depends
 * only on its combination and replication, so the result is the one a plain run with the final
 * count gives, byte for byte, on any number of threads. The runs stay in memory (no part files):
 * their run numbers are only known once the count is.
 */
public final class SequentialRunner {
    private SequentialRunner() {}

    /** {@code batch} is told each batch's first and last replication before it runs (for progress). */
    public static ExperimentRunner.Result run(Experiment x, int threads, AtomicBoolean stop, BatchListener batch) {
        Statistics st = x.statistics();
        int n = x.replications(), from = 0;
        List<RunSummary> runs = new ArrayList<>();
        Map<Integer, Histogram[]> hist = new TreeMap<>();
        boolean partial = false;
        String memoryStop = null;
        while (true) {
            Experiment xn = x.with(x.seed(), n);
            IntConsumer progress = batch.starting(from, n, xn.points().size() * (n - from));
            ExperimentRunner.Result r = ExperimentRunner.run(xn, threads, 1, 1, progress, stop, null, batch::live, from);
            batch.finished();
            runs.addAll(r.runs());
            for (Map.Entry<Integer, Histogram[]> e : r.histograms().entrySet()) {
                Histogram[] h = hist.computeIfAbsent(e.getKey(), k -> new Histogram[] {new Histogram(3), new Histogram(3)});
                h[0].add(e.getValue()[0]);
                h[1].add(e.getValue()[1]);
            }
            partial |= r.partial();
            memoryStop = r.memoryStop();
            if (partial || memoryStop != null || stop.get()) break;
            SequentialStopping.Decision d = decide(x, runs);
            if (d.met() || n >= st.maxReplications()) break;
            from = n;
            n = SequentialStopping.nextCount(n, d.needed(), st.maxReplications());
        }
        runs.sort(Comparator.comparingInt((RunSummary s) -> s.point.index()).thenComparingInt(s -> s.replication));
        return new ExperimentRunner.Result(x.with(x.seed(), n), runs, partial, 1, 1, hist, memoryStop);
    }

    /** The stopping rule on {@code runs}: each combination's values of the precision metric, in combination order. */
    public static SequentialStopping.Decision decide(Experiment x, List<RunSummary> runs) {
        Statistics st = x.statistics();
        List<double[]> values = new ArrayList<>();
        for (Experiment.Point p : x.points()) {
            double[] v = runs.stream().filter(s -> s.point.index() == p.index()).mapToDouble(s -> {
                Double m = s.metrics.get(st.precisionMetric());
                return m == null ? Double.NaN : m;
            }).toArray();
            values.add(v);
        }
        return SequentialStopping.check(values, st.relative(), st.maxReplications());
    }

    /** What a caller shows while batches run. */
    public interface BatchListener {
        /** Replications {@code from} to {@code to - 1} of every combination are about to run ({@code runs} runs); returns the progress callback. */
        IntConsumer starting(int from, int to, int runs);

        default void live(java.util.Collection<ExperimentRunner.LiveRun> running) {}

        default void finished() {}
    }
}

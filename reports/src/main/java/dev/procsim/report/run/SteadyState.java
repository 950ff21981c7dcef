package dev.procsim.report.run;

import dev.procsim.kernel.TaskRecord;
import dev.procsim.report.stats.BatchMeans;
import dev.procsim.report.stats.Mser;
import dev.procsim.workload.Statistics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A run's steady-state estimates (the experiment's {@code statistics:} section): its per-task and
 * time-average metrics with the warm-up cut away, the MSER-5 cut itself, and batch-means
 * intervals within the run. The observations are the finished tasks in order of arrival (a
 * customer's number in a queueing model); the series MSER-5 and batch means read is their
 * turnaround (arrival to finish: the response time of queueing theory).
 */
public final class SteadyState {
    private SteadyState() {}

    /** The metrics a warm-up cut changes: per-task averages and time averages (the others are counts, peaks or totals). */
    public static final List<String> CUT_METRICS = List.of("cpu_utilization", "throughput_per_s", "mean_waiting_ns", "mean_turnaround_ns",
            "mean_response_ns", "response_p99_ns");
    /** Batch means are given for these, each from its own series. */
    public static final List<String> BATCH_METRICS = List.of("mean_waiting_ns", "mean_turnaround_ns", "mean_response_ns");
    /** Name of the running-mean series of replication 0 (the Welch plot's data). */
    public static final String RUNNING_MEAN = "turnaround_running_mean_ns";

    /** Finished tasks in order of arrival (ties: lower PID). */
    static List<TaskRecord> finishedByArrival(List<TaskRecord> all) {
        List<TaskRecord> f = new ArrayList<>();
        for (TaskRecord t : all) if (t.finish() >= 0) f.add(t);
        f.sort(Comparator.comparingLong(TaskRecord::arrival).thenComparingInt(TaskRecord::pid));
        return f;
    }

    /** Turnaround of each finished task in order of arrival. */
    static double[] turnarounds(List<TaskRecord> byArrival) {
        double[] v = new double[byArrival.size()];
        for (int i = 0; i < v.length; i++) v[i] = byArrival.get(i).turnaround();
        return v;
    }

    /**
     * The MSER-5 cut of a run (its first replication's): the arrival time of the first task kept,
     * 0 when nothing is cut. {@link Mser} picks how many observations to drop.
     */
    public static long mserCut(List<TaskRecord> tasks) {
        List<TaskRecord> f = finishedByArrival(tasks);
        Mser.Truncation t = Mser.of(turnarounds(f));
        return t.cut() == 0 || t.cut() >= f.size() ? 0 : f.get(t.cut()).arrival();
    }

    /**
     * Replaces {@link #CUT_METRICS} in {@code m} by their values over the tasks that arrived at or
     * after {@code cut} and the time after it ({@code busyAtCut}: the CPUs' busy time up to the
     * cut), rebuilding {@code response} from those tasks; adds {@code warmup_cut_ns}.
     */
    static Histogram applyCut(Map<String, Double> m, List<TaskRecord> all, long cut, long busyAtCut, long busyEnd, long end, int cpus) {
        TaskSums s = TaskSums.of(all, cut);
        Histogram response = s.response();
        long finished = s.finished(), waitSum = s.waitSum(), turnSum = s.turnSum(), respSum = s.respSum(), responded = s.responded();
        long span = end - cut;
        m.put("cpu_utilization", span <= 0 ? 0 : (double) (busyEnd - busyAtCut) / ((double) span * cpus));
        m.put("throughput_per_s", span <= 0 ? 0 : finished * 1e9 / span);
        m.put("mean_waiting_ns", finished == 0 ? 0 : (double) waitSum / finished);
        m.put("mean_turnaround_ns", finished == 0 ? 0 : (double) turnSum / finished);
        m.put("mean_response_ns", responded == 0 ? 0 : (double) respSum / responded);
        m.put("response_p99_ns", responded == 0 ? 0 : (double) response.getValueAtPercentile(99));
        m.put("warmup_cut_ns", (double) cut);
        return response;
    }

    /**
     * Adds each {@link #BATCH_METRICS} metric's batch-means interval ({@code mean_waiting_bm_low_ns},
     * {@code mean_waiting_bm_high_ns}, ...: {@link #bmLow}, {@link #bmHigh}), over the finished tasks that arrived at or after {@code cut}, and the batch
     * count and lag-1 autocorrelation of the turnaround batches ({@code bm_batches}, {@code bm_lag1}).
     * {@code batches} 0: chosen by {@link BatchMeans#auto}.
     */
    static void batchMeans(Map<String, Double> m, List<TaskRecord> all, long cut, int batches) {
        List<TaskRecord> f = new ArrayList<>();
        for (TaskRecord t : finishedByArrival(all)) if (t.arrival() >= cut) f.add(t);
        double[][] series = new double[3][f.size()];
        for (int i = 0; i < f.size(); i++) {
            series[0][i] = f.get(i).waiting();
            series[1][i] = f.get(i).turnaround();
            series[2][i] = Math.max(0, f.get(i).response());
        }
        int b = batches;
        if (b == 0 && f.size() >= 4) b = BatchMeans.auto(series[1], 0.95).batches(); // sized on turnaround, the same for all three
        double batchesMade = 0, lag1 = Double.NaN;
        for (int k = 0; k < 3; k++) {
            String name = BATCH_METRICS.get(k);
            if (b < 2 || f.size() < b) {
                m.put(bmLow(name), Double.NaN);
                m.put(bmHigh(name), Double.NaN);
                continue;
            }
            BatchMeans.Interval iv = BatchMeans.of(series[k], b, 0.95);
            m.put(bmLow(name), iv.low());
            m.put(bmHigh(name), iv.high());
            if (k == 1) {
                batchesMade = iv.batches();
                lag1 = iv.lag1();
            }
        }
        m.put("bm_batches", batchesMade);
        m.put("bm_lag1", lag1);
    }

    /** The metric holding the lower end of {@code metric}'s batch-means interval: mean_turnaround_ns -> mean_turnaround_bm_low_ns. */
    public static String bmLow(String metric) {
        return metric.substring(0, metric.length() - "_ns".length()) + "_bm_low_ns";
    }

    /** ... and its upper end: mean_turnaround_bm_high_ns. */
    public static String bmHigh(String metric) {
        return metric.substring(0, metric.length() - "_ns".length()) + "_bm_high_ns";
    }

    /** The running mean of the turnaround series at each task's arrival (the Welch plot), at most {@code points} points. */
    static RunSummary.Series runningMean(List<TaskRecord> all, int points) {
        List<TaskRecord> f = finishedByArrival(all);
        int n = f.size();
        int step = Math.max(1, (n + points - 1) / points);
        int k = n == 0 ? 0 : (n - 1) / step + 1;
        long[] t = new long[k], v = new long[k];
        double sum = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            sum += f.get(i).turnaround();
            if (i % step == step - 1 || i == n - 1) {
                if (j < k) {
                    t[j] = f.get(i).arrival();
                    v[j] = Math.round(sum / (i + 1));
                    j++;
                }
            }
        }
        return new RunSummary.Series(RUNNING_MEAN, java.util.Arrays.copyOf(t, j), java.util.Arrays.copyOf(v, j));
    }

    /**
     * Sums over the tasks that arrived at or after {@code from} (Long.MIN_VALUE: all): finished tasks
     * and their waits and turnarounds, responded tasks and their responses (and their histogram).
     */
    record TaskSums(long finished, long waitSum, long turnSum, long responded, long respSum, Histogram response) {
        static TaskSums of(List<TaskRecord> all, long from) {
            Histogram response = new Histogram(3);
            long finished = 0, waitSum = 0, turnSum = 0, respSum = 0, responded = 0;
            for (TaskRecord t : all) {
                if (t.arrival() < from) continue;
                if (t.response() >= 0) {
                    responded++;
                    respSum += t.response();
                    response.recordValue(t.response());
                }
                if (t.finish() >= 0) {
                    finished++;
                    waitSum += t.waiting();
                    turnSum += t.turnaround();
                }
            }
            return new TaskSums(finished, waitSum, turnSum, responded, respSum, response);
        }
    }

    /** Whether the experiment asks for any of this. */
    static boolean wanted(Statistics st) {
        return st.warmup() != Statistics.Warmup.NONE || st.method() == Statistics.Method.BATCH_MEANS;
    }
}

package dev.procsim.report.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two schedules side by side, A the reference (a recording, say) and B the other (a simulation of
 * it): per task seen in both and over all of them, CPU share (CPU time over the trace's length),
 * wake-up latency (mean, median, p99), run slice (mean), switch-ins and migrations, with B's
 * relative error against A, and the two-sample Kolmogorov-Smirnov statistic (the largest gap
 * between the two empirical distributions) of the pooled wake-up latencies.
 *
 * <p>Tasks match by {@code COMM-PID}; a task whose name already ends in {@code -PID} (procsim's
 * name for an imported task) also matches the task of that name on the other side; failing both, a
 * name that only one task has on each side. Percentiles are nearest-rank: the p-th of n sorted
 * values is the ceil(p n / 100)-th.
 */
public final class ScheduleComparison {
    private static final Pattern NAMED_PID = Pattern.compile(".*-\\d+$");

    /** One matched task (or, with a null name, all of them together). */
    public record Row(String name, Measures a, Measures b) {}

    /** A task's (or all tasks') measures. */
    public record Measures(double share, int wakeUps, double latencyMean, long latencyP50, long latencyP99, double sliceMean, long switchIns,
            long migrations) {}

    private final List<Row> rows = new ArrayList<>();
    private final Row overall;
    private final double ks;
    private final long[] latA, latB;
    private final List<String> onlyA = new ArrayList<>(), onlyB = new ArrayList<>();

    public ScheduleComparison(ScheduleStats a, ScheduleStats b, Pattern only) {
        List<ScheduleStats.Task> ta = filter(a.tasks(), only), tb = filter(b.tasks(), only);
        Map<String, ScheduleStats.Task> bByKey = new HashMap<>(), bByComm = new HashMap<>();
        Map<String, Integer> commCountB = new HashMap<>(), commCountA = new HashMap<>();
        for (ScheduleStats.Task t : tb) {
            bByKey.put(t.key(), t);
            bByComm.put(t.comm(), t);
            commCountB.merge(t.comm(), 1, Integer::sum);
        }
        for (ScheduleStats.Task t : ta) commCountA.merge(t.comm(), 1, Integer::sum);
        List<ScheduleStats.Task> ma = new ArrayList<>(), mb = new ArrayList<>();
        java.util.Set<ScheduleStats.Task> usedB = new java.util.HashSet<>();
        for (ScheduleStats.Task t : ta) {
            ScheduleStats.Task m = bByKey.get(t.key());
            if (m == null && NAMED_PID.matcher(t.comm()).matches()) m = bByKey.getOrDefault(t.comm(), bByComm.get(t.comm())); // A is the replay
            if (m == null) m = bByComm.get(t.key()); // B is procsim's replay: its task is named A's COMM-PID
            if (m == null && commCountA.get(t.comm()) == 1 && commCountB.getOrDefault(t.comm(), 0) == 1) m = bByComm.get(t.comm());
            if (m == null || usedB.contains(m)) {
                onlyA.add(t.key());
                continue;
            }
            usedB.add(m);
            ma.add(t);
            mb.add(m);
            rows.add(new Row(t.key(), measures(List.of(t), a.length()), measures(List.of(m), b.length())));
        }
        for (ScheduleStats.Task t : tb) if (!usedB.contains(t)) onlyB.add(t.key());
        overall = new Row(null, measures(ma, a.length()), measures(mb, b.length()));
        latA = pooled(ma);
        latB = pooled(mb);
        ks = ks(latA, latB);
    }

    private static List<ScheduleStats.Task> filter(List<ScheduleStats.Task> ts, Pattern only) {
        List<ScheduleStats.Task> out = new ArrayList<>();
        for (ScheduleStats.Task t : ts) if (t.switchIns() > 0 && (only == null || only.matcher(t.comm()).find())) out.add(t);
        return out;
    }

    private static long[] pooled(List<ScheduleStats.Task> ts) {
        int n = 0;
        for (ScheduleStats.Task t : ts) n += t.nLat;
        long[] all = new long[n];
        int at = 0;
        for (ScheduleStats.Task t : ts) {
            System.arraycopy(t.latencies, 0, all, at, t.nLat);
            at += t.nLat;
        }
        Arrays.sort(all);
        return all;
    }

    static Measures measures(List<ScheduleStats.Task> ts, long length) {
        long cpu = 0, switches = 0, migrations = 0, sliceSum = 0, slices = 0;
        for (ScheduleStats.Task t : ts) {
            cpu += t.cpuTime();
            switches += t.switchIns();
            migrations += t.migrations();
            for (int i = 0; i < t.nSlice; i++) sliceSum += t.slices[i];
            slices += t.nSlice;
        }
        long[] lat = pooled(ts);
        double mean = 0;
        for (long v : lat) mean += v;
        mean = lat.length == 0 ? Double.NaN : mean / lat.length;
        return new Measures(length == 0 ? 0 : (double) cpu / length, lat.length, mean, percentile(lat, 50), percentile(lat, 99),
                slices == 0 ? Double.NaN : (double) sliceSum / slices, switches, migrations);
    }

    /** Nearest rank: the ceil(p n / 100)-th of the sorted values; -1 for none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The two-sample Kolmogorov-Smirnov statistic of two sorted samples: max |F_a(x) - F_b(x)|; NaN when either is empty. */
    static double ks(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) return Double.NaN;
        int i = 0, j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            long x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == x) i++;
            while (j < b.length && b[j] == x) j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** The pooled wake-up latencies of the matched tasks, sorted (ns): A's and B's. */
    public long[] latenciesA() { return latA; }
    public long[] latenciesB() { return latB; }

    /**
     * The wake-up latency CDFs of A and B on one chart ({@code file} its name without extension):
     * x the latency in microseconds (logarithmic when it spans two decades, as every CDF of
     * procsim's), y the share of wake-ups up to it; NaN-free, one point per distinct value
     * (at most 2,000, evenly by rank, the last always kept).
     */
    public dev.procsim.report.chart.ChartSpec latencyChart(String file, String nameA, String nameB) {
        return new dev.procsim.report.chart.ChartSpec(dev.procsim.report.chart.ChartSpec.Kind.CDF, file,
                String.format(Locale.ROOT, "Wake-up latency (Kolmogorov-Smirnov D = %s)", Double.isNaN(ks) ? "-" : String.format(Locale.ROOT, "%.3f", ks)),
                "wake-up to switch-in, us (0 drawn at 0.1)", "share of wake-ups", List.of(), List.of(cdf(latA, "A: " + nameA), cdf(latB, "B: " + nameB)));
    }

    private static dev.procsim.report.chart.ChartSpec.Series cdf(long[] sorted, String name) {
        int n = sorted.length, points = Math.min(n, 2000);
        double[] x = new double[points], y = new double[points];
        for (int i = 0; i < points; i++) {
            int rank = points == n ? i : (int) ((long) (i + 1) * n / points) - 1;
            x[i] = Math.max(sorted[rank], 100) / 1000.0; // 0.1 us at least: a log axis has no 0
            y[i] = (rank + 1) / (double) n;
        }
        return new dev.procsim.report.chart.ChartSpec.Series(name.length() > 60 ? "..." + name.substring(name.length() - 57) : name, x, y, null);
    }

    public List<Row> rows() { return rows; }
    public Row overall() { return overall; }
    /** The KS statistic of all matched tasks' wake-up latencies. */
    public double ks() { return ks; }
    public List<String> onlyA() { return onlyA; }
    public List<String> onlyB() { return onlyB; }

    /** B's relative error against A: (b - a) / a; NaN when a is 0, either is negative (none) or not a number. */
    static double err(double a, double b) {
        return a <= 0 || b < 0 || Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (b - a) / a;
    }

    /** The comparison as text: a table of the tasks, then all together with the distances. */
    public String text(String nameA, String nameB) {
        StringBuilder s = new StringBuilder();
        s.append("A: ").append(nameA).append("\nB: ").append(nameB).append("\n\n");
        String h = String.format(Locale.ROOT, "%-24s %9s %9s %7s  %9s %9s %7s  %9s %9s %7s  %9s %9s  %7s %7s  %6s %6s%n", "task", "share A", "share B", "err",
                "lat A us", "lat B us", "err", "p99 A us", "p99 B us", "err", "slice A", "slice B", "sw A", "sw B", "mig A", "mig B");
        s.append(h);
        for (Row r : rows) row(s, r.name(), r);
        row(s, "all " + rows.size() + " matched", overall);
        s.append(String.format(Locale.ROOT, "%nwake-up latency, all matched tasks: A %d wake-ups, median %s us, p99 %s us; B %d, median %s us, p99 %s us;"
                + " Kolmogorov-Smirnov D = %s%n", overall.a().wakeUps(), us(overall.a().latencyP50()), us(overall.a().latencyP99()),
                overall.b().wakeUps(), us(overall.b().latencyP50()), us(overall.b().latencyP99()), Double.isNaN(ks) ? "-" : String.format(Locale.ROOT, "%.3f", ks)));
        s.append("(share: CPU time over the trace's length; lat: mean wake-up to switch-in; slice: mean run slice, us; sw: switch-ins;"
                + " mig: migrations; err: (B - A) / A)\n");
        if (!onlyA.isEmpty()) s.append("only in A: ").append(list(onlyA)).append('\n');
        if (!onlyB.isEmpty()) s.append("only in B: ").append(list(onlyB)).append('\n');
        return s.toString();
    }

    /** The comparison as CSV: a row per matched task and one for all of them (with the KS statistic); times in ns. */
    public String csv() {
        StringBuilder s = new StringBuilder("task,share_a,share_b,wakeups_a,wakeups_b,latency_mean_a_ns,latency_mean_b_ns,latency_p50_a_ns,"
                + "latency_p50_b_ns,latency_p99_a_ns,latency_p99_b_ns,slice_mean_a_ns,slice_mean_b_ns,switches_a,switches_b,migrations_a,"
                + "migrations_b,ks_latency\n");
        for (Row r : rows) csvRow(s, r.name(), r, "");
        csvRow(s, "all", overall, Double.isNaN(ks) ? "" : String.format(Locale.ROOT, "%.6f", ks));
        return s.toString();
    }

    private static void csvRow(StringBuilder s, String name, Row r, String ks) {
        Measures a = r.a(), b = r.b();
        s.append(name.contains(",") ? '"' + name + '"' : name).append(String.format(Locale.ROOT,
                ",%.6f,%.6f,%d,%d,%s,%s,%d,%d,%d,%d,%s,%s,%d,%d,%d,%d,%s%n", a.share(), b.share(), a.wakeUps(), b.wakeUps(), num(a.latencyMean()),
                num(b.latencyMean()), a.latencyP50(), b.latencyP50(), a.latencyP99(), b.latencyP99(), num(a.sliceMean()), num(b.sliceMean()),
                a.switchIns(), b.switchIns(), a.migrations(), b.migrations(), ks));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String list(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names) : String.join(", ", names.subList(0, 12)) + " and " + (names.size() - 12) + " more";
    }

    private static void row(StringBuilder s, String name, Row r) {
        Measures a = r.a(), b = r.b();
        s.append(String.format(Locale.ROOT, "%-24s %9.4f %9.4f %7s  %9s %9s %7s  %9s %9s %7s  %9s %9s  %7d %7d  %6d %6d%n",
                name.length() > 24 ? name.substring(0, 23) + "~" : name, a.share(), b.share(), pct(err(a.share(), b.share())),
                us(a.latencyMean()), us(b.latencyMean()), pct(err(a.latencyMean(), b.latencyMean())), us(a.latencyP99()), us(b.latencyP99()),
                pct(err(a.latencyP99(), b.latencyP99())), us(a.sliceMean()), us(b.sliceMean()), a.switchIns(), b.switchIns(), a.migrations(),
                b.migrations()));
    }

    private static String pct(double e) {
        return Double.isNaN(e) ? "-" : String.format(Locale.ROOT, "%+.0f%%", 100 * e);
    }

    private static String us(double ns) {
        return Double.isNaN(ns) || ns < 0 ? "-" : String.format(Locale.ROOT, "%.1f", ns / 1000);
    }
}

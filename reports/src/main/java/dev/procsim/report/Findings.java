package dev.procsim.report;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Paired;
import dev.procsim.report.stats.Stats;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's opening sentences, about what the experiment studies: the metrics it names
 * ({@code report: {metrics: [...]}}), or else the (at most two) metrics that the compared factor
 * moves most; for each, the lowest and highest combinations (ties said as ties), the mean per
 * level of the compared factor, and the paired comparison against the baseline. A metric that is
 * the same in every run is never a finding.
 */
final class Findings {
    /** Metrics a finding may be about, in the order that breaks ties of spread. */
    static final List<String> CANDIDATES = List.of("mean_response_ns", "mean_waiting_ns", "mean_turnaround_ns", "page_copies",
            "fork_latency_mean_ns", "fork_latency_p99_ns", "frames_peak_bytes", "deadline_misses", "jobs_dropped", "context_switches",
            "fork_failures_pid_exhausted", "fork_failures_pids_max", "fork_failures_nproc", "fork_failures_threads_max", "pids_in_use_peak",
            "zombies_peak", "thread_latency_mean_ns", "pipe_blocked_full_ns", "pipe_blocked_empty_ns", "signal_latency_mean_ns",
            "cpu_utilization", "throughput_per_s", "migrations");
    /** Metrics chosen when the experiment names none. */
    static final int AUTO_METRICS = 2;
    /** Spread across the compared factor below which a metric is not worth a finding (1%). */
    static final double MIN_SPREAD = 0.01;

    private Findings() {}

    static List<String> of(ExperimentRunner.Result r, List<Aggregate> aggs, List<String> named, Lang lang) {
        List<String> out = new ArrayList<>();
        if (aggs.size() < 2) return out;
        Experiment x = r.experiment();
        String compared = compared(x);
        List<String> ms = named.isEmpty() ? studied(aggs, compared) : named.stream().filter(m -> !constant(aggs, m)).toList();
        for (String m : ms) {
            out.add(extremes(x, aggs, m, lang));
            String levels = byLevel(aggs, mover(x, aggs, m), m, lang);
            if (levels != null) out.add(levels);
        }
        if (!ms.isEmpty() && x.replications() > 1) {
            String m = ms.get(0);
            List<Paired.Diff> d = Paired.against(x, aggs, m);
            long clear = d.stream().filter(Paired.Diff::excludesZero).count();
            out.add(lang.t("finding_paired").formatted(x.shortLabel(Paired.baseline(x, aggs).point), (int) clear, d.size(), name(m, lang)));
            long need = d.stream().mapToLong(Paired.Diff::replicationsFor10Percent).max().orElse(-1);
            if (need > x.replications()) out.add(lang.t(need > 1000 ? "finding_reps_many" : "finding_reps").formatted(Math.min(need, 1000), x.replications()));
        }
        if (ms.isEmpty()) out.add(lang.t("finding_none").formatted());
        return out;
    }

    /** The factor the experiment compares: the scheduler or fork strategy when it takes several values, else the first swept parameter. */
    static String compared(Experiment x) {
        if (x.schedulers().size() > 1) return "scheduler";
        if (x.forks().size() > 1) return "fork";
        for (var e : x.sweep().entrySet()) if (e.getValue().size() > 1) return e.getKey();
        return null;
    }

    /**
     * The metrics the compared factor moves most: for each group of combinations that differ only
     * in the compared factor, the metric's range across the group relative to its largest
     * magnitude, averaged over the groups; the {@link #AUTO_METRICS} largest above 1%.
     */
    static List<String> studied(List<Aggregate> aggs, String compared) {
        Map<String, List<Aggregate>> groups = new LinkedHashMap<>();
        for (Aggregate a : aggs) {
            Map<String, String> rest = new LinkedHashMap<>(a.point.factors());
            if (compared != null) rest.remove(compared);
            groups.computeIfAbsent(rest.toString(), k -> new ArrayList<>()).add(a);
        }
        List<String> ms = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        for (String m : CANDIDATES) {
            if (!aggs.get(0).stats.containsKey(m) || constant(aggs, m)) continue;
            double sum = 0;
            for (List<Aggregate> g : groups.values()) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (Aggregate a : g) {
                    lo = Math.min(lo, a.stats.get(m).mean());
                    hi = Math.max(hi, a.stats.get(m).mean());
                }
                double mag = Math.max(Math.abs(lo), Math.abs(hi));
                sum += mag == 0 ? 0 : (hi - lo) / mag;
            }
            double spread = sum / groups.size();
            if (spread < MIN_SPREAD) continue;
            int at = 0;
            while (at < spreads.size() && spreads.get(at) >= spread) at++;
            ms.add(at, m);
            spreads.add(at, spread);
        }
        return ms.subList(0, Math.min(AUTO_METRICS, ms.size()));
    }

    static boolean constant(List<Aggregate> aggs, String m) {
        if (!aggs.get(0).stats.containsKey(m)) return true;
        double first = aggs.get(0).stats.get(m).mean();
        return aggs.stream().allMatch(a -> a.stats.get(m).mean() == first);
    }

    /** "Lowest page copies: vfork ..., 0 (and 11 more at that value); highest: eager ..., 262,144, N times the lowest." */
    static String extremes(Experiment x, List<Aggregate> aggs, String m, Lang lang) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Aggregate a : aggs) {
            lo = Math.min(lo, a.stats.get(m).mean());
            hi = Math.max(hi, a.stats.get(m).mean());
        }
        List<Aggregate> lows = new ArrayList<>(), highs = new ArrayList<>();
        for (Aggregate a : aggs) {
            if (same(a.stats.get(m).mean(), lo)) lows.add(a);
            if (same(a.stats.get(m).mean(), hi)) highs.add(a);
        }
        Stats b = lows.get(0).stats.get(m);
        String low = x.shortLabel(lows.get(0).point) + ties(lows.size(), lang) + ", " + Report.show(m, b.mean(), lang)
                + (b.n() > 1 && !Double.isNaN(b.ciLow()) && b.ciLow() != b.ciHigh()
                        ? " [" + Report.show(m, b.ciLow(), lang) + ", " + Report.show(m, b.ciHigh(), lang) + "]" : "");
        String high = x.shortLabel(highs.get(0).point) + ties(highs.size(), lang) + ", " + Report.show(m, hi, lang);
        double ratio = hi / lo;
        String times = lo > 0 && ratio >= 1.005 ? lang.t("finding_times").formatted(Fmt.si(ratio)) : "";
        return lang.t("finding_extremes").formatted(name(m, lang), low, high, times);
    }

    /** Equal up to rounding in the sums (a billionth). */
    private static boolean same(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static String ties(int n, Lang lang) {
        return n > 1 ? " " + lang.t("finding_ties").formatted(n - 1) : "";
    }

    /**
     * The factor whose levels move a metric most: the largest range of the level means (each
     * averaged over the other factors) relative to their largest magnitude; null when no factor
     * moves it by 1% (page copies do not depend on the scheduler, so the demo's are told by fork strategy).
     */
    static String mover(Experiment x, List<Aggregate> aggs, String m) {
        String best = null;
        double bestSpread = MIN_SPREAD;
        for (String f : x.levels().keySet()) {
            Map<String, double[]> sums = new LinkedHashMap<>();
            for (Aggregate a : aggs) {
                double[] s = sums.computeIfAbsent(a.point.factors().get(f), k -> new double[2]);
                s[0] += a.stats.get(m).mean();
                s[1]++;
            }
            if (sums.size() < 2) continue;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] s : sums.values()) {
                lo = Math.min(lo, s[0] / s[1]);
                hi = Math.max(hi, s[0] / s[1]);
            }
            double mag = Math.max(Math.abs(lo), Math.abs(hi));
            double spread = mag == 0 ? 0 : (hi - lo) / mag;
            if (spread > bestSpread) {
                best = f;
                bestSpread = spread;
            }
        }
        return best;
    }

    /** "By fork strategy (mean over the other factors): eager 87,381, cow 35,495, ..."; null when only one factor varies (the extremes say it). */
    static String byLevel(List<Aggregate> aggs, String compared, String m, Lang lang) {
        if (compared == null) return null;
        Map<String, double[]> sums = new LinkedHashMap<>();
        Set<String> others = new LinkedHashSet<>();
        for (Aggregate a : aggs) {
            Map<String, String> rest = new LinkedHashMap<>(a.point.factors());
            String level = rest.remove(compared);
            others.add(rest.toString());
            double[] s = sums.computeIfAbsent(level, k -> new double[2]);
            s[0] += a.stats.get(m).mean();
            s[1]++;
        }
        if (others.size() < 2) return null; // one combination per level: the extremes already name them
        List<String> parts = new ArrayList<>();
        for (var e : sums.entrySet()) parts.add(e.getKey() + " " + Report.show(m, e.getValue()[0] / e.getValue()[1], lang));
        String factor = compared.equals("scheduler") || compared.equals("fork") ? name(compared, lang) : compared;
        return lang.t("finding_levels").formatted(factor, name(m, lang), String.join(", ", parts));
    }

    /** A metric's name within a sentence: first letter in lower case, unless it starts an acronym ("CPU utilisation"). */
    static String name(String m, Lang lang) {
        String t = lang.t(m);
        return t.length() > 1 && Character.isUpperCase(t.charAt(1)) ? t : t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
    }
}

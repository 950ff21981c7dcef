package dev.procsim.report.chart;

import dev.procsim.engine.SimTime;
import dev.procsim.memory.Sizes;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import dev.procsim.workload.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metrics against each numeric swept parameter (`sweep-<parameter>-<metric>`): the picture of a sweep. */
final class SweepCharts {
    private SweepCharts() {}

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

    /**
     * A metric against each numeric swept parameter: a line per combination of the other factors,
     * in panels when they are many (see {@link Panels}).
     */
    static void add(List<ChartSpec> out, Experiment x, List<Aggregate> aggs, Lang lang) {
        List<String> varying = Charts.varying(x);
        for (String key : x.sweep().keySet()) {
            List<String> values = x.sweep().get(key);
            if (values.size() < 2 || values.stream().anyMatch(v -> Double.isNaN(numeric(v)))) continue;
            for (String m : Charts.SWEEP_METRICS) {
                if (Charts.constant(aggs, m)) continue;
                Charts.Scale s = Charts.Scale.of(m, aggs.stream().mapToDouble(a -> a.stats.get(m).mean()).max().orElse(0), lang);
                Panels.Split split = Panels.split(aggs, varying, key, Panels.PER_PANEL * values.size());
                List<String> hide = new ArrayList<>(split.by());
                hide.add(key);
                List<ChartSpec> charts = Panels.charts(split, ChartSpec.Kind.LINE, "sweep-" + key + "-" + m, lang.t(m) + " / " + key,
                        key + sweepUnit(values.get(0), lang), s.unit(), aggs.size(), g -> {
                            // one line per combination of the factors that are neither the panel's nor the x axis
                            Map<String, Map<String, Double>> byLine = new LinkedHashMap<>();
                            for (Aggregate a : g.members()) {
                                                String line = Panels.label(a, varying, hide, lang.t(m));
                                byLine.computeIfAbsent(line, k -> new LinkedHashMap<>()).put(a.point.factors().get(key), a.stats.get(m).mean() / s.div());
                            }
                            List<ChartSpec.Series> ser = new ArrayList<>();
                            for (var e : byLine.entrySet()) {
                                double[] xs = new double[values.size()];
                                double[] ys = new double[values.size()];
                                for (int i = 0; i < xs.length; i++) {
                                    xs[i] = numeric(values.get(i));
                                    Double v = e.getValue().get(values.get(i));
                                    ys[i] = v == null ? Double.NaN : v;
                                }
                                ser.add(new ChartSpec.Series(e.getKey(), xs, ys, null));
                            }
                            return ser;
                        }, lang);
                out.addAll(charts);
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
}

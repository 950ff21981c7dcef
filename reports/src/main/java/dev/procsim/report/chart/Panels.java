package dev.procsim.report.chart;

import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.text.Lang;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a chart of one line (or box) per combination shows every combination: all in one plot
 * while they are few enough to tell apart; else small multiples, one panel per level of the
 * leading varying factors (the compared factor first), on shared axes; and when the panels are
 * more than a page holds, several numbered chart files. Nothing is dropped, and each chart says
 * in {@link ChartSpec#shows()} what it draws.
 */
final class Panels {
    /** Lines or boxes in one plot at most: 6 greys times 4 dash patterns print apart, but a legend of more is not read. */
    static final int PER_PANEL = 12;
    /** Panels in one chart file at most (two columns of three rows: text stays readable at print size). */
    static final int PER_FILE = 6;

    private Panels() {}

    /** The combinations of one panel, and the factors its title fixes. */
    record Group(String title, List<Aggregate> members) {}

    /** A split of the combinations: the factors that make the panels ({@code by}, empty for one plot) and the panels. */
    record Split(List<String> by, List<Group> groups) {}

    /**
     * The panels for {@code aggs}: split by the last varying factor (other than {@code exclude},
     * the x axis of a sweep), then the one before, until no panel holds more than
     * {@code perPanel}; the first factors (what the experiment compares: scheduler, fork strategy)
     * are split last, so that they stay side by side within a panel.
     */
    static Split split(List<Aggregate> aggs, List<String> varying, String exclude, int perPanel) {
        List<String> factors = new ArrayList<>(varying);
        factors.remove(exclude);
        List<String> by = new ArrayList<>();
        while (true) {
            Map<String, List<Aggregate>> groups = new LinkedHashMap<>();
            for (Aggregate a : aggs) groups.computeIfAbsent(key(a, by), k -> new ArrayList<>()).add(a);
            int largest = groups.values().stream().mapToInt(List::size).max().orElse(0);
            if (largest <= perPanel || by.size() == factors.size()) {
                List<Group> out = new ArrayList<>();
                for (var e : groups.entrySet()) out.add(new Group(e.getKey(), e.getValue()));
                return new Split(List.copyOf(by), out);
            }
            by.add(0, factors.get(factors.size() - 1 - by.size()));
        }
    }

    /** A combination's values of {@code factors}, as a label ("cow parent_memory=16MiB"). */
    static String key(Aggregate a, List<String> factors) {
        List<String> parts = new ArrayList<>();
        for (String f : factors) parts.add(level(f, a.point.factors().get(f)));
        return String.join(" ", parts);
    }

    /** How one factor's level is named in a label: schedulers and fork strategies by name, parameters as key=value. */
    static String level(String factor, String value) {
        return factor.equals("scheduler") || factor.equals("fork") ? value : factor + "=" + value;
    }

    /**
     * A combination's label without the factors in {@code hide} (those its panel, or the x axis,
     * already says); {@code otherwise} when nothing is left to say.
     */
    static String label(Aggregate a, List<String> varying, List<String> hide, String otherwise) {
        List<String> shown = new ArrayList<>(varying);
        shown.removeAll(hide);
        String s = key(a, shown);
        return s.isEmpty() ? otherwise : s;
    }

    /**
     * The charts of a split: one plot, or grids of at most {@link #PER_FILE} panels, numbered
     * {@code file-1}, {@code file-2}... when there are more. {@code series} gives a panel's
     * lines; {@code kind}, titles and units are shared by every panel.
     */
    static List<ChartSpec> charts(Split split, ChartSpec.Kind kind, String file, String title, String xTitle, String yTitle, int combinations,
            Function<Group, List<ChartSpec.Series>> series, Lang lang) {
        List<ChartSpec> out = new ArrayList<>();
        if (split.by().isEmpty()) {
            Group g = split.groups().get(0);
            out.add(new ChartSpec(kind, file, title, xTitle, yTitle, List.of(), series.apply(g))
                    .showing(g.members().size() == 1 ? lang.t("shows_one") : lang.t("shows_all").formatted(g.members().size())));
            return out;
        }
        int panels = split.groups().size();
        int files = (panels + PER_FILE - 1) / PER_FILE;
        String byName = String.join(", ", split.by().stream().map(f -> factorName(f, lang)).toList());
        for (int k = 0; k < files; k++) {
            List<Group> part = split.groups().subList(k * PER_FILE, Math.min(panels, (k + 1) * PER_FILE));
            List<ChartSpec> ps = new ArrayList<>();
            List<ChartSpec.Series> all = new ArrayList<>();
            int drawn = 0;
            for (Group g : part) {
                List<ChartSpec.Series> s = series.apply(g);
                ps.add(new ChartSpec(kind, "", g.title(), xTitle, yTitle, List.of(), s));
                all.addAll(s);
                drawn += g.members().size();
            }
            String name = files == 1 ? file : file + "-" + (k + 1);
            String t = files == 1 ? title : title + " (" + (k + 1) + "/" + files + ")";
            String axes = lang.t(sharedScale(ps) ? "axes_shared" : "axes_own");
            String shows = files == 1
                    ? lang.t("shows_panels").formatted(combinations, part.size(), byName, axes)
                    : lang.t("shows_part").formatted(drawn, combinations, part.size(), byName, axes, k + 1, files);
            out.add(ChartSpec.grid(kind, name, t, xTitle, yTitle, all, ps).showing(shows));
        }
        return out;
    }

    /**
     * Whether panels share their scales: yes, unless the largest values of two panels differ more
     * than tenfold on either axis (a 16 MiB run beside a 1 GiB one would be a flat line on a
     * shared scale); then each panel has its own. Box plots compare their values (drawn across).
     */
    static boolean sharedScale(List<ChartSpec> panels) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, hi = {0, 0};
        for (ChartSpec p : panels) {
            double[] top = {0, 0};
            for (ChartSpec.Series s : p.series()) {
                if (p.kind() != ChartSpec.Kind.BOX) for (double v : s.x()) if (!Double.isNaN(v)) top[0] = Math.max(top[0], Math.abs(v));
                for (double v : s.y()) if (!Double.isNaN(v)) top[1] = Math.max(top[1], Math.abs(v));
            }
            for (int a = 0; a < 2; a++) {
                if (top[a] == 0) continue; // an all-zero panel fits any scale
                lo[a] = Math.min(lo[a], top[a]);
                hi[a] = Math.max(hi[a], top[a]);
            }
        }
        for (int a = 0; a < 2; a++) if (hi[a] > 0 && hi[a] > 10 * lo[a]) return false;
        return true;
    }

    /** A factor as the caption names it: "scheduler", "fork strategy", or the parameter's own name. */
    static String factorName(String factor, Lang lang) {
        return factor.equals("scheduler") ? lang.t("scheduler").toLowerCase(java.util.Locale.ROOT)
                : factor.equals("fork") ? lang.t("fork_strategy") : factor;
    }
}

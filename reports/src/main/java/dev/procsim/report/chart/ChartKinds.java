package dev.procsim.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One XChart chart per kind of {@link ChartSpec} (bars, bars across, box plots, lines and steps,
 * CDFs, Gantt charts), styled for black-and-white print: grey levels, and lines told apart by
 * dash pattern and marker. {@link ChartRenderer} writes them out.
 */
final class ChartKinds {
    /** Above this many bars of one series, bars are drawn across, one per row. */
    static final int HBAR_FROM = 12;

    static final Color[] GREYS = {new Color(0x10, 0x10, 0x10), new Color(0x70, 0x70, 0x70), new Color(0xA8, 0xA8, 0xA8),
            new Color(0x40, 0x40, 0x40), new Color(0x90, 0x90, 0x90), new Color(0x28, 0x28, 0x28)};
    static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN};
    static final BasicStroke[] STROKES = {new BasicStroke(2f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 4f}, 0f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f),
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 3f, 2f, 3f}, 0f)};

    private ChartKinds() {}

    static void common(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        st.setPlotGridLinesStroke(new BasicStroke(1f)); // solid: light grey is quiet enough, and one line stays one line in SVG
        st.setLegendBorderColor(Color.GRAY);
        st.setSeriesColors(GREYS);
        st.setChartTitleBoxVisible(false);
        st.setPlotBorderColor(Color.GRAY);
        st.setAntiAlias(true);
        st.setYAxisDecimalPattern("#,##0.###"); // 120,000 rather than 1.2E5
    }

    /** Category labels turned when they would not fit side by side (about 7 px a character). */
    static int rotation(List<String> labels, int plotWidth) {
        int widest = labels.stream().mapToInt(String::length).max().orElse(0) * 7 + 12;
        return labels.isEmpty() || widest * labels.size() <= plotWidth ? 0 : 40;
    }

    /**
     * Bars with 95% CI error bars: one group per category; with several series (a factor, say
     * the fork strategy, within each scheduler) one bar per series in the group and a legend below
     * the plot; greys for print. At most 2,400 px wide.
     */
    static Chart<?, ?> bar(ChartSpec spec) {
        if (spec.series().size() == 1 && spec.categories().size() > HBAR_FROM) return hbar(spec);
        int bars = spec.categories().size() * Math.max(1, spec.series().size());
        int w = Math.min(ChartRenderer.MAX_WIDTH, Math.max(760, 46 * bars + 40 * spec.categories().size() + 200));
        CategoryChart c = new CategoryChartBuilder().width(w).height(560).title(spec.title()).xAxisTitle(spec.xTitle())
                .yAxisTitle(spec.yTitle()).build();
        common(c.getStyler());
        c.getStyler().setLegendVisible(spec.series().size() > 1);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisLabelRotation(rotation(spec.categories(), w - 200));
        c.getStyler().setErrorBarsColor(Color.BLACK);
        c.getStyler().setSeriesColors(spec.series().size() > 1 ? new Color[] {new Color(0x30, 0x30, 0x30), new Color(0x90, 0x90, 0x90),
                new Color(0xD0, 0xD0, 0xD0), new Color(0x60, 0x60, 0x60), new Color(0xB0, 0xB0, 0xB0), Color.BLACK}
                : new Color[] {new Color(0x80, 0x80, 0x80)});
        c.getStyler().setYAxisMin(0.0);
        for (ChartSpec.Series s : spec.series()) {
            c.addSeries(s.name(), spec.categories(), numbers(s.y()), s.error() == null ? null : numbers(s.error()));
        }
        return c;
    }

    /**
     * A chart whose rows sit at y = 0, -1, -2, ... with the row names as the y-axis labels (each
     * name on its own row, so none can overlap); every other tick gets a blank label that is still
     * unique (XChart insists on unique tick labels and keeps recomputing the ticks otherwise).
     */
    static XYChart rows(ChartSpec spec, List<String> names, int width, int height, String xTitle) {
        int n = names.size();
        XYChart c = new XYChartBuilder().width(width).height(height).title(spec.title()).xAxisTitle(xTitle).yAxisTitle("").build();
        common(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(-(n - 0.5));
        c.getStyler().setYAxisMax(0.5);
        c.getStyler().setYAxisTickMarkSpacingHint(14);
        c.getStyler().setXAxisDecimalPattern("#,##0.###");
        c.setCustomYAxisTickLabelsFormatter(v -> {
            int r = (int) Math.round(-v);
            return Math.abs(v + r) < 1e-9 && r >= 0 && r < n ? names.get(r) : invisible(v);
        });
        return c;
    }

    /** One bar per row, read left to right: for many categories, whose names then never collide. */
    static XYChart hbar(ChartSpec spec) {
        List<String> names = spec.categories();
        int n = names.size();
        XYChart c = rows(spec, names, 1000, Math.min(1400, 170 + 30 * n), spec.yTitle());
        ChartSpec.Series s = spec.series().get(0);
        boolean negative = false;
        for (int i = 0; i < n; i++) negative |= s.y()[i] - (s.error() == null ? 0 : s.error()[i]) < 0;
        if (!negative) c.getStyler().setXAxisMin(0.0);
        java.util.List<Double> bx = new java.util.ArrayList<>(), by = new java.util.ArrayList<>();
        java.util.List<Double> ex = new java.util.ArrayList<>(), ey = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double y = -i, m = s.y()[i], e = s.error() == null ? 0 : s.error()[i];
            bx.add(0.0); by.add(y); bx.add(m); by.add(y); bx.add(Double.NaN); by.add(Double.NaN);
            if (e > 0) {
                double[][] pts = {{m - e, y}, {m + e, y}, {Double.NaN, Double.NaN}, {m - e, y - 0.2}, {m - e, y + 0.2}, {Double.NaN, Double.NaN},
                    {m + e, y - 0.2}, {m + e, y + 0.2}, {Double.NaN, Double.NaN}};
                for (double[] p : pts) { ex.add(p[0]); ey.add(p[1]); }
            }
        }
        XYSeries bars = c.addSeries("bars", bx, by);
        bars.setLineColor(new Color(0x80, 0x80, 0x80));
        bars.setLineStyle(new BasicStroke(16f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        bars.setMarker(SeriesMarkers.NONE);
        if (!ex.isEmpty()) {
            XYSeries err = c.addSeries("95% CI", ex, ey);
            err.setLineColor(Color.BLACK);
            err.setLineStyle(new BasicStroke(1.5f));
            err.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    static List<Number> numbers(double[] v) {
        return Arrays.stream(v).boxed().map(Number.class::cast).toList();
    }

    /**
     * Box plots drawn in black and grey (XChart's own are blue and red), one row per series so
     * that no two names can overlap: a box from the first to the third quartile, a thick median,
     * whiskers to the furthest values within 1.5 interquartile ranges, and the values beyond as
     * circles.
     */
    static XYChart box(ChartSpec spec) {
        return box(spec, 1000, Math.min(1400, 170 + 44 * spec.series().size()));
    }

    /** Box plots at a given size (a panel of small multiples). */
    static XYChart box(ChartSpec spec, int width, int height) {
        int n = spec.series().size();
        List<String> names = spec.series().stream().map(ChartSpec.Series::name).toList();
        XYChart c = rows(spec, names, width, height, spec.yTitle());
        java.util.List<Double> bx = new java.util.ArrayList<>(), by = new java.util.ArrayList<>();
        java.util.List<Double> mx = new java.util.ArrayList<>(), my = new java.util.ArrayList<>();
        java.util.List<Double> ox = new java.util.ArrayList<>(), oy = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = spec.series().get(i).y().clone();
            if (v.length == 0) continue;
            Arrays.sort(v);
            double q1 = quantile(v, 0.25), med = quantile(v, 0.5), q3 = quantile(v, 0.75), fence = 1.5 * (q3 - q1);
            double lo = v[0], hi = v[v.length - 1];
            for (double x : v) if (x >= q1 - fence) { lo = x; break; }
            for (int k = v.length - 1; k >= 0; k--) if (v[k] <= q3 + fence) { hi = v[k]; break; }
            double y = -i, h = 0.3, nan = Double.NaN;
            double[][] pts = {{q1, y - h}, {q1, y + h}, {q3, y + h}, {q3, y - h}, {q1, y - h}, {nan, nan},
                {q3, y}, {hi, y}, {nan, nan}, {hi, y - h / 2}, {hi, y + h / 2}, {nan, nan},
                {q1, y}, {lo, y}, {nan, nan}, {lo, y - h / 2}, {lo, y + h / 2}, {nan, nan}};
            for (double[] p : pts) { bx.add(p[0]); by.add(p[1]); }
            mx.add(med); my.add(y - h); mx.add(med); my.add(y + h); mx.add(nan); my.add(nan);
            for (double x : v) if (x < lo || x > hi) { ox.add(x); oy.add(y); }
        }
        XYSeries boxes = c.addSeries("box", bx, by);
        boxes.setLineColor(Color.BLACK);
        boxes.setLineStyle(new BasicStroke(1.5f));
        boxes.setMarker(SeriesMarkers.NONE);
        XYSeries medians = c.addSeries("median", mx, my);
        medians.setLineColor(Color.BLACK);
        medians.setLineStyle(new BasicStroke(4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        medians.setMarker(SeriesMarkers.NONE);
        if (!ox.isEmpty()) {
            XYSeries out = c.addSeries("outliers", ox, oy);
            out.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            out.setMarker(SeriesMarkers.CIRCLE);
            out.setMarkerColor(new Color(0x50, 0x50, 0x50));
        }
        return c;
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= raw) return m * p;
        return 10 * p;
    }

    /** Linear interpolation between order statistics (type 7, as R's default). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static XYChart xy(ChartSpec spec) {
        return xy(spec, spec.series().size() > 4 ? 1150 : 900, 520);
    }

    static XYChart xy(ChartSpec spec, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(spec.title()).xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle())
                .build();
        common(c.getStyler());
        double xmax = 0, xminPositive = Double.POSITIVE_INFINITY;
        for (ChartSpec.Series s : spec.series()) {
            for (double v : s.x()) {
                if (Double.isNaN(v)) continue;
                xmax = Math.max(xmax, Math.abs(v));
                if (v > 0) xminPositive = Math.min(xminPositive, v);
            }
        }
        // A distribution over two decades or more (latencies: most tiny, a few long) reads on a log axis.
        boolean logX = spec.kind() == ChartSpec.Kind.CDF && xmax > 0 && xmax / xminPositive >= 100;
        if (logX) {
            c.getStyler().setXAxisLogarithmic(true);
            c.getStyler().setXAxisDecimalPattern("#,##0.###");
        } else {
            // XChart may put ticks closer than their labels are wide ("1,1521,344"): name only the
            // ticks on a round step that gives at most about 8 labels, leave the others blank
            double step = niceStep(xmax / 8);
            c.getStyler().setPlotGridVerticalLinesVisible(false); // a line per (mostly blank) tick would hatch the plot
            java.text.DecimalFormat fmt = new java.text.DecimalFormat("#,##0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
            c.setCustomXAxisTickLabelsFormatter(v -> {
                double k = Math.rint(v / step);
                return Math.abs(v - k * step) <= step * 1e-9 ? fmt.format(k * step) : invisible(v);
            });
        }
        if (spec.kind() == ChartSpec.Kind.STEP) {
            // Counts over time: XChart can put a tick every few units on a tall range (2..132 got
            // 33 labels, overlapping); an axis from 0 to a round top makes it pick round steps.
            double ymin = 0, ymax = 0;
            for (ChartSpec.Series s : spec.series()) {
                for (double v : s.y()) {
                    if (Double.isNaN(v)) continue;
                    ymin = Math.min(ymin, v);
                    ymax = Math.max(ymax, v);
                }
            }
            if (ymin >= 0 && ymax > 0) {
                double step = niceStep(ymax / 6);
                c.getStyler().setYAxisMin(0.0);
                c.getStyler().setYAxisMax(Math.ceil(ymax * 1.02 / step) * step);
            }
        }
        // a legend across the bottom while it fits (about 7 pt a character and 40 a key; XChart does not wrap it), else down the right
        int across = spec.series().stream().mapToInt(s -> s.name().length() * 7 + 40).sum();
        boolean many = spec.series().size() > 4 || across > width - 60;
        c.getStyler().setLegendPosition(many ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(many ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        int i = 0;
        for (ChartSpec.Series s : spec.series()) {
            double[] xs = s.x(), ys = s.y();
            if (logX) { // a log axis has no place for zero: the curve starts at the first positive value
                int from = 0;
                while (from < xs.length && !(xs[from] > 0)) from++;
                xs = java.util.Arrays.copyOfRange(xs, from, xs.length);
                ys = java.util.Arrays.copyOfRange(ys, from, ys.length);
                if (xs.length == 0) continue;
            }
            XYSeries x = c.addSeries(s.name(), xs, ys);
            x.setXYSeriesRenderStyle(spec.kind() == ChartSpec.Kind.STEP ? XYSeries.XYSeriesRenderStyle.Step : XYSeries.XYSeriesRenderStyle.Line);
            x.setLineColor(GREYS[i % GREYS.length]);
            x.setMarkerColor(GREYS[i % GREYS.length]);
            x.setLineStyle(STROKES[i % STROKES.length]);
            x.setMarker(spec.kind() == ChartSpec.Kind.STEP || s.x().length > 40 ? SeriesMarkers.NONE : MARKERS[i % MARKERS.length]);
            i++;
        }
        return c;
    }

    /** The text of {@code v} written in blank characters: different for every value, shows as nothing. */
    static String invisible(double v) {
        String t = Double.toString(v);
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            b.append(Character.isDigit(ch) ? (char) ('\u2000' + (ch - '0')) : ch == '-' ? '\u200A' : ch == '.' ? '\u202F' : '\u205F');
        }
        return b.toString();
    }

    /** A task's bars and a CPU's idle time: apart in print and on screen (deadline marks are black, and thin). */
    static final Color GANTT_RUNNING = new Color(0x50, 0x50, 0x50), GANTT_IDLE = new Color(0xD4, 0xD4, 0xD4);

    static XYChart gantt(ChartSpec spec) {
        int rows = spec.categories().size();
        XYChart c = new XYChartBuilder().width(1100).height(180 + 26 * rows).title(spec.title()).xAxisTitle(spec.xTitle()).yAxisTitle("")
                .build();
        common(c.getStyler());
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setYAxisMin(-(rows - 0.5));
        c.getStyler().setYAxisMax(0.5);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setYAxisTickMarkSpacingHint(20);
        // Every shape is an axis-aligned bar or line: edge smoothing adds nothing but time (labels stay smooth text).
        c.getStyler().setAntiAlias(false);
        // Rows sit at y = 0, -1, -2, ...: label those ticks with the row's name. Every other tick
        // gets a blank label that is still unique (XChart insists on unique tick labels and keeps
        // recomputing the ticks otherwise).
        c.setCustomYAxisTickLabelsFormatter(v -> {
            int r = (int) Math.round(-v);
            return Math.abs(v + r) < 1e-9 && r >= 0 && r < rows ? spec.categories().get(r) : invisible(v);
        });
        int i = 0;
        for (ChartSpec.Series s : spec.series()) {
            XYSeries x = c.addSeries(s.name(), s.x(), s.y());
            x.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            x.setMarker(SeriesMarkers.NONE);
            // rows (tasks, then CPUs' idle time), two legend-only series ("running", "idle"), then the deadline marks if any:
            // one shade for every task's bars and one for idle time, so that the legend names exactly the shades drawn
            if (i >= rows + 2) {
                x.setLineColor(Color.BLACK);
                x.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                x.setShowInLegend(true);
            } else {
                boolean legend = i >= rows;
                boolean idle = legend ? i == rows + 1 : i >= rows - spec.idleRows();
                x.setLineColor(idle ? GANTT_IDLE : GANTT_RUNNING);
                x.setLineStyle(new BasicStroke(14f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
                x.setShowInLegend(legend);
            }
            i++;
        }
        return c;
    }
}

package dev.procsim.report.chart;

import java.util.List;

/**
 * The data and text of one chart, before rendering: what tests check (the series given to
 * XChart), independent of pixels. {@code shows} says in one sentence what is drawn (which
 * combinations, in which panels or part), for the caption; empty when the chart's kind says it all.
 */
public record ChartSpec(Kind kind, String file, String title, String xTitle, String yTitle, List<String> categories, List<Series> series,
        int idleRows, List<ChartSpec> panels, String shows) {
    /** {@code CDF}: a line chart whose x axis turns logarithmic when the values span two decades or more. */
    public enum Kind { BAR, HBAR, LINE, STEP, BOX, GANTT, CDF }

    /**
     * A series: {@code x}/{@code y} for line charts (NaN in y breaks the line), {@code y} and
     * {@code error} (CI half-widths) per category for bars, raw values in {@code y} for box plots.
     */
    public record Series(String name, double[] x, double[] y, double[] error) {}

    /** A chart that is not a Gantt chart (no idle rows). */
    public ChartSpec(Kind kind, String file, String title, String xTitle, String yTitle, List<String> categories, List<Series> series) {
        this(kind, file, title, xTitle, yTitle, categories, series, 0);
    }

    /** A chart of one plot. */
    public ChartSpec(Kind kind, String file, String title, String xTitle, String yTitle, List<String> categories, List<Series> series,
            int idleRows) {
        this(kind, file, title, xTitle, yTitle, categories, series, idleRows, List.of(), "");
    }

    /**
     * Small multiples: {@code panels} drawn side by side under {@code title}, on one scale (the
     * series of all panels are also in {@code series}, for the data behind the chart).
     */
    public static ChartSpec grid(Kind kind, String file, String title, String xTitle, String yTitle, List<Series> series, List<ChartSpec> panels) {
        return new ChartSpec(kind, file, title, xTitle, yTitle, List.of(), series, 0, panels, "");
    }

    /** This chart with {@code shows} as what its caption says is drawn. */
    public ChartSpec showing(String what) {
        return new ChartSpec(kind, file, title, xTitle, yTitle, categories, series, idleRows, panels, what);
    }

    public ChartSpec {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        panels = List.copyOf(panels);
    }
}

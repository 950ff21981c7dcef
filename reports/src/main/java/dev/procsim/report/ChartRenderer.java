package dev.procsim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders {@link ChartSpec}s with XChart to PNG and SVG (and PDF when asked). Styled for
 * black-and-white print: grey levels, and lines told apart by dash pattern and marker.
 */
public final class ChartRenderer {
    public enum Format { PNG, SVG, PDF }

    static final Color[] GREYS = {new Color(0x10, 0x10, 0x10), new Color(0x70, 0x70, 0x70), new Color(0xA8, 0xA8, 0xA8),
            new Color(0x40, 0x40, 0x40), new Color(0x90, 0x90, 0x90), new Color(0x28, 0x28, 0x28)};
    static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN};
    static final BasicStroke[] STROKES = {new BasicStroke(2f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 4f}, 0f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f),
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 3f, 2f, 3f}, 0f)};

    private ChartRenderer() {}

    /** Writes {@code dir/<spec.file>.<ext>} for each format. */
    public static void render(ChartSpec spec, Path dir, List<Format> formats) throws IOException {
        Chart<?, ?> chart = switch (spec.kind()) {
            case BAR -> bar(spec);
            case BOX -> box(spec);
            case GANTT -> gantt(spec);
            default -> xy(spec);
        };
        String base = dir.resolve(spec.file()).toString();
        for (Format f : formats) {
            switch (f) {
                case PNG -> BitmapEncoder.saveBitmapWithDPI(chart, base, BitmapEncoder.BitmapFormat.PNG, 120);
                case SVG -> VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                case PDF -> VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
            }
        }
    }

    static void common(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        st.setLegendBorderColor(Color.GRAY);
        st.setSeriesColors(GREYS);
        st.setChartTitleBoxVisible(false);
        st.setPlotBorderColor(Color.GRAY);
        st.setAntiAlias(true);
    }

    private static CategoryChart bar(ChartSpec spec) {
        int w = Math.max(700, 90 * spec.categories().size() + 200);
        CategoryChart c = new CategoryChartBuilder().width(w).height(520).title(spec.title()).xAxisTitle(spec.xTitle())
                .yAxisTitle(spec.yTitle()).build();
        common(c.getStyler());
        c.getStyler().setLegendVisible(spec.series().size() > 1);
        c.getStyler().setXAxisLabelRotation(spec.categories().size() > 3 ? 30 : 0);
        c.getStyler().setErrorBarsColor(Color.BLACK);
        c.getStyler().setSeriesColors(new Color[] {new Color(0x80, 0x80, 0x80)});
        c.getStyler().setYAxisMin(0.0);
        for (ChartSpec.Series s : spec.series()) {
            c.addSeries(s.name(), spec.categories(), numbers(s.y()), s.error() == null ? null : numbers(s.error()));
        }
        return c;
    }

    private static List<Number> numbers(double[] v) {
        return Arrays.stream(v).boxed().map(Number.class::cast).toList();
    }

    private static BoxChart box(ChartSpec spec) {
        BoxChart c = new BoxChartBuilder().width(Math.max(700, 90 * spec.series().size() + 200)).height(520).title(spec.title())
                .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
        common(c.getStyler());
        c.getStyler().setSeriesColors(new Color[] {new Color(0xB0, 0xB0, 0xB0)});
        for (ChartSpec.Series s : spec.series()) c.addSeries(s.name(), s.y());
        return c;
    }

    private static XYChart xy(ChartSpec spec) {
        XYChart c = new XYChartBuilder().width(spec.series().size() > 4 ? 1150 : 900).height(520).title(spec.title()).xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle())
                .build();
        common(c.getStyler());
        boolean many = spec.series().size() > 4;
        c.getStyler().setLegendPosition(many ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(many ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        int i = 0;
        for (ChartSpec.Series s : spec.series()) {
            XYSeries x = c.addSeries(s.name(), s.x(), s.y());
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

    private static XYChart gantt(ChartSpec spec) {
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
            // rows, then two legend-only series: "running" (a task's shade) and "idle"
            boolean legend = i >= rows;
            boolean idle = legend ? i == rows + 1 : i >= rows - spec.idleRows();
            x.setLineColor(idle ? new Color(0xC8, 0xC8, 0xC8) : GREYS[legend ? 0 : i % 3]);
            x.setLineStyle(new BasicStroke(14f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            x.setMarker(SeriesMarkers.NONE);
            x.setShowInLegend(legend);
            i++;
        }
        return c;
    }

}

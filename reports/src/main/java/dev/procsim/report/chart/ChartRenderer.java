package dev.procsim.report.chart;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * Renders {@link ChartSpec}s with XChart to PNG and SVG (and PDF when asked): the charts come from
 * {@link ChartKinds}, one or a grid of panels; each is drawn once into a command list and written
 * from it in every format asked for ({@link PngWriter}, {@link SvgWriter}, {@link PdfWriter}).
 */
public final class ChartRenderer {
    public enum Format { PNG, SVG, PDF }

    /** Chart width at most, in points: 2,400 px at the PNGs' 120 dpi. */
    static final int MAX_WIDTH = 2400 * 72 / 120;
    private ChartRenderer() {}

    /** Writes {@code dir/<spec.file>.<ext>} for each format. */
    public static void render(ChartSpec spec, Path dir, List<Format> formats) throws IOException {
        if (!spec.panels().isEmpty()) {
            renderGrid(spec, dir, formats);
            return;
        }
        Chart<?, ?> chart = switch (spec.kind()) {
            case BAR -> ChartKinds.bar(spec);
            case HBAR -> ChartKinds.hbar(spec);
            case BOX -> ChartKinds.box(spec);
            case GANTT -> ChartKinds.gantt(spec);
            default -> ChartKinds.xy(spec);
        };
        String base = dir.resolve(spec.file()).toString();
        // Drawn once into a command list; PNG, SVG and PDF are all made from it.
        // Labels are read back from their outlines once: the SVG and the PDF write them as text, the PNG draws them as text.
        de.erichseifert.vectorgraphics2d.VectorGraphics2D drawing = formats.isEmpty() ? null : draw(chart);
        GlyphMatcher labels = drawing == null ? null
                : GlyphMatcher.of(drawing, fonts(chart), List.of(90, chart.getStyler() instanceof AxesChartStyler a ? a.getXAxisLabelRotation() : 0));
        write(drawing, chart.getWidth(), chart.getHeight(), labels, base, formats);
    }

    /** {@code base}.png, .svg and .pdf from the drawing, for each format asked for (the SVG's ids start with the file's name). */
    private static void write(de.erichseifert.vectorgraphics2d.VectorGraphics2D drawing, int width, int height, GlyphMatcher labels, String base,
            List<Format> formats) throws IOException {
        for (Format f : formats) {
            switch (f) {
                case PNG -> PngWriter.write(drawing, width, height, labels, Path.of(base + ".png"));
                case SVG -> java.nio.file.Files.writeString(Path.of(base + ".svg"),
                        SvgWriter.svg(drawing, width, height, labels, Path.of(base).getFileName().toString()), java.nio.charset.StandardCharsets.UTF_8);
                case PDF -> PdfWriter.write(drawing, width, height, labels, Path.of(base + ".pdf"));
            }
        }
    }

    /** Width and height of one panel of small multiples, in points (box plots wider, for their row names). */
    static final int PANEL_W = 470, BOX_PANEL_W = 560, PANEL_H = 330, GRID_TITLE = 40;

    /**
     * Small multiples: the panels in a grid of at most two columns (so that a page shows their
     * text at a readable size) under one title, on the same axes (the largest range of any panel),
     * each with its legend; drawn into one command list, then written as PNG, SVG and PDF like a
     * single chart.
     */
    private static void renderGrid(ChartSpec spec, Path dir, List<Format> formats) throws IOException {
        int n = spec.panels().size();
        int cols = n == 1 ? 1 : 2;
        int rows = (n + cols - 1) / cols;
        boolean box = spec.kind() == ChartSpec.Kind.BOX;
        int panelW = box ? BOX_PANEL_W : PANEL_W;
        // XChart does not wrap a legend: one too wide for its panel (about 7 pt a character, 40 a
        // key) is stacked instead, and the panels grow to hold it.
        int legend = 0;
        boolean stack = false;
        int boxes = 0;
        for (ChartSpec p : spec.panels()) {
            int across = p.series().stream().mapToInt(s -> s.name().length() * 7 + 40).sum();
            stack |= across > panelW - 30;
            legend = Math.max(legend, p.series().size());
            boxes = Math.max(boxes, p.series().size());
        }
        int panelH = box ? 130 + 40 * boxes : PANEL_H + (stack ? 16 * (legend - 1) : 0);
        int width = cols * panelW, height = GRID_TITLE + rows * panelH;
        // Shared scales: for box plots the values (drawn across) of every panel; else x and y of every line.
        double xmin = 0, xmax = 0, ymax = 0, ymin = 0;
        for (ChartSpec p : spec.panels()) {
            for (ChartSpec.Series s : p.series()) {
                if (box) {
                    for (double v : s.y()) if (!Double.isNaN(v)) {
                        xmin = Math.min(xmin, v);
                        xmax = Math.max(xmax, v);
                    }
                    continue;
                }
                for (double v : s.x()) if (!Double.isNaN(v)) xmax = Math.max(xmax, v);
                for (double v : s.y()) if (!Double.isNaN(v)) {
                    ymax = Math.max(ymax, v);
                    ymin = Math.min(ymin, v);
                }
            }
        }
        de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fill(new java.awt.Rectangle(0, 0, width, height));
        java.util.Set<java.awt.Font> fonts = new java.util.LinkedHashSet<>();
        java.awt.Font titleFont = null;
        boolean shared = Panels.sharedScale(spec.panels());
        for (int i = 0; i < n; i++) {
            ChartSpec p = spec.panels().get(i);
            XYChart c;
            if (box) {
                c = ChartKinds.box(p, panelW, panelH);
                if (shared) {
                    double pad = (xmax - xmin) * 0.03 + (xmax == xmin ? 1 : 0);
                    c.getStyler().setXAxisMin(xmin - (xmin < 0 ? pad : 0));
                    c.getStyler().setXAxisMax(xmax + pad);
                }
            } else {
                c = ChartKinds.xy(p, panelW, panelH);
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                c.getStyler().setLegendLayout(stack ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
                double top = ymax, bottom = ymin;
                if (!shared) {
                    top = 0;
                    bottom = 0;
                    for (ChartSpec.Series s : p.series()) for (double v : s.y()) if (!Double.isNaN(v)) {
                        top = Math.max(top, v);
                        bottom = Math.min(bottom, v);
                    }
                } else {
                    c.getStyler().setXAxisMax(xmax);
                }
                // a round top, so that XChart picks round ticks (an all-zero panel gets 0..1, not 0..275,251.2)
                double step = ChartKinds.niceStep(Math.max(top - bottom, 1e-300) / 6);
                c.getStyler().setYAxisMax(p.kind() == ChartSpec.Kind.CDF ? 1.0 : top <= bottom ? bottom + 1 : Math.ceil(top * 1.02 / step) * step);
                c.getStyler().setYAxisMin(bottom);
            }
            fonts.addAll(fonts(c));
            titleFont = c.getStyler().getChartTitleFont();
            java.awt.geom.AffineTransform was = g.getTransform();
            g.translate((i % cols) * panelW, GRID_TITLE + (i / cols) * panelH);
            c.paint(g, panelW, panelH);
            g.setTransform(was);
        }
        // The grid's title, as an outline like XChart's own labels (so both files read it back as text).
        java.awt.font.TextLayout t = new java.awt.font.TextLayout(spec.title(), titleFont.deriveFont(titleFont.getSize2D() + 2f), g.getFontRenderContext());
        fonts.add(titleFont.deriveFont(titleFont.getSize2D() + 2f));
        java.awt.geom.AffineTransform was = g.getTransform();
        g.translate((width - t.getAdvance()) / 2, GRID_TITLE * 0.7);
        g.setColor(Color.BLACK);
        g.fill(t.getOutline(null));
        g.setTransform(was);
        GlyphMatcher labels = GlyphMatcher.of(g, List.copyOf(fonts), List.of(90));
        String base = dir.resolve(spec.file()).toString();
        write(g, width, height, labels, base, formats);
    }

    /** The chart painted into VectorGraphics2D's command list. */
    static de.erichseifert.vectorgraphics2d.VectorGraphics2D draw(Chart<?, ?> chart) {
        de.erichseifert.vectorgraphics2d.VectorGraphics2D g = new de.erichseifert.vectorgraphics2d.VectorGraphics2D();
        chart.paint(g, chart.getWidth(), chart.getHeight());
        return g;
    }

    /** The fonts a chart's labels are set in, the most used first (the SVG writer reads labels back in them). */
    static List<java.awt.Font> fonts(Chart<?, ?> chart) {
        Styler st = chart.getStyler();
        List<java.awt.Font> out = new java.util.ArrayList<>();
        if (st instanceof AxesChartStyler a) {
            out.add(a.getAxisTickLabelsFont());
            out.add(a.getAxisTitleFont());
        }
        out.add(st.getLegendFont());
        out.add(st.getChartTitleFont());
        out.add(st.getAnnotationTextFont());
        out.add(st.getAnnotationTextPanelFont());
        return out.stream().filter(java.util.Objects::nonNull).distinct().toList();
    }
}

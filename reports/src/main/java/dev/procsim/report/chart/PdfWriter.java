package dev.procsim.report.chart;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A chart as PDF, written from VectorGraphics2D's command list like the SVG (one page of the
 * chart's size in points, coordinates in the page's space with at most two decimals), with
 * labels as text: each label {@link GlyphMatcher} reads back is shown with {@code Tj} in a
 * {@link PdfType3Font} built from the very glyph outlines Java drew, so it looks and stands
 * exactly as the outlines did and can still be selected, searched and extracted. An outline it
 * cannot read stays a path.
 *
 * <p>This class is the page: it replays the drawing state (transform, colour, stroke, opacity,
 * clip) into the content stream's operators, and assembles the document's objects around it;
 * the file's syntax (object numbers, streams, cross-reference table, trailer) is
 * {@link PdfObjects}'s. The bytes depend on the drawing alone: objects in a fixed order, no
 * dates, and a file identifier that is the MD5 of everything before the trailer.
 */
final class PdfWriter {
    private PdfWriter() {}

    /** Writes {@code file}: the drawing {@code g} (XChart painted into it) of {@code width} x {@code height} points. */
    static void write(VectorGraphics2D g, int width, int height, GlyphMatcher labels, Path file) throws IOException {
        Files.write(file, pdf(g, width, height, labels));
    }

    /** The PDF file of the drawing {@code g} of {@code width} x {@code height} points; labels read back by {@code labels} (null: none). */
    static byte[] pdf(VectorGraphics2D g, int width, int height, GlyphMatcher labels) {
        Page p = new Page(height, g.getFontRenderContext());
        p.play(g, labels);
        return p.document(width, height);
    }

    /** The page's content stream, and the fonts and transparency states it uses. */
    private static final class Page {
        final FontRenderContext frc;
        final StringBuilder c = new StringBuilder(32_768);
        final Map<Font, PdfType3Font> fonts = new LinkedHashMap<>();
        final Map<String, String> alphas = new LinkedHashMap<>(); // "0.5" -> "A0"

        // The state of the open q ... Q group (each starts from PDF's defaults), and its clip.
        boolean open;
        String openClip;
        String fill, stroke, width, dash, miter, gs;
        int cap, join;

        Page(int height, FontRenderContext frc) {
            this.frc = frc;
            c.append("1 0 0 -1 0 ").append(height).append(" cm\n"); // Java's space: y down from the top
        }

        void play(VectorGraphics2D g, GlyphMatcher labels) {
            Deque<DrawState> stack = new ArrayDeque<>();
            DrawState s = new DrawState();
            for (Command<?> cmd : g.getCommands()) {
                DrawState next = DrawState.follow(cmd, s, stack);
                if (next != null) {
                    s = next;
                } else if (cmd instanceof SetClipCommand clip) {
                    if (clip.getValue() == null) {
                        s.clip = null;
                    } else {
                        StringBuilder d = new StringBuilder();
                        boolean evenOdd = path(d, clip.getValue(), s.transform);
                        s.clip = d.append(evenOdd ? "W* n\n" : "W n\n").toString();
                    }
                } else if (cmd instanceof DrawShapeCommand draw) {
                    StringBuilder d = new StringBuilder();
                    path(d, draw.getValue(), s.transform);
                    if (d.length() == 0) continue;
                    group(s.clip);
                    strokeStyle(s);
                    c.append(d).append("S\n");
                } else if (cmd instanceof FillShapeCommand fill) {
                    Shape shape = fill.getValue();
                    GlyphMatcher.Match m = labels == null ? null : labels.match(shape);
                    if (m != null && text(m, s)) continue;
                    StringBuilder d = new StringBuilder();
                    boolean evenOdd = path(d, shape, s.transform);
                    if (d.length() == 0) continue;
                    group(s.clip);
                    fillStyle(s);
                    c.append(d).append(evenOdd ? "f*\n" : "f\n");
                }
            }
            if (open) c.append("Q\n");
        }

        /** Draws inside a q ... Q group clipped to {@code clip}: the open one if it has that clip, else a new one. */
        void group(String clip) {
            if (open && Objects.equals(openClip, clip)) return;
            if (open) c.append("Q\n");
            c.append("q\n");
            if (clip != null) c.append(clip);
            open = true;
            openClip = clip;
            fill = "0 g";
            stroke = "0 G";
            width = "1";
            dash = "[] 0";
            miter = "10";
            gs = null;
            cap = 0;
            join = 0;
        }

        void fillStyle(DrawState s) {
            String f = colour(s.color, false);
            if (!f.equals(fill)) c.append(fill = f).append('\n');
            alpha(s);
        }

        void strokeStyle(DrawState s) {
            String st = colour(s.color, true);
            if (!st.equals(stroke)) c.append(stroke = st).append('\n');
            alpha(s);
            if (!(s.stroke instanceof BasicStroke b)) return;
            // The line width scales with the transform (XChart draws at scale 1; this keeps it exact if not).
            double scale = Math.sqrt(Math.abs(s.transform.getDeterminant()));
            String w = SvgWriter.num(b.getLineWidth() * scale);
            if (!w.equals(width)) c.append(width = w).append(" w\n");
            if (b.getEndCap() != cap) c.append(cap = b.getEndCap()).append(" J\n"); // Java's and PDF's numbers agree
            if (b.getLineJoin() != join) c.append(join = b.getLineJoin()).append(" j\n");
            String m = SvgWriter.num(b.getMiterLimit());
            if (b.getLineJoin() == BasicStroke.JOIN_MITER && !m.equals(miter)) c.append(miter = m).append(" M\n");
            StringBuilder d = new StringBuilder("[");
            float[] a = b.getDashArray();
            if (a != null) for (int i = 0; i < a.length; i++) d.append(i == 0 ? "" : " ").append(SvgWriter.num(a[i] * scale));
            d.append("] ").append(a == null ? "0" : SvgWriter.num(b.getDashPhase() * scale));
            if (!d.toString().equals(dash)) c.append(dash = d.toString()).append(" d\n");
        }

        /** Constant opacity (the composite's and the colour's), through an ExtGState; none needed while it stays 1. */
        void alpha(DrawState s) {
            float a = s.alpha * s.color.getAlpha() / 255f;
            String v = a >= 1f ? null : dec(Math.max(0, a), 3);
            if (Objects.equals(v, gs)) return;
            String name = alphas.computeIfAbsent(v == null ? "1" : v, k -> "A" + alphas.size());
            c.append('/').append(name).append(" gs\n");
            gs = v;
        }

        /** A label as text in its font, where its outline stood; false (draw the outline) if a character has no code left. */
        boolean text(GlyphMatcher.Match m, DrawState s) {
            Font f = m.font();
            PdfType3Font t = fonts.computeIfAbsent(f.deriveFont(1000f), k -> new PdfType3Font(fonts.size() + 1, k));
            String str = m.text();
            int[] codes = new int[str.length()];
            for (int i = 0; i < str.length(); i++) if ((codes[i] = t.code(str.charAt(i))) < 0) return false;
            group(s.clip);
            fillStyle(s);
            AffineTransform tr = new AffineTransform(s.transform);
            if (m.rotation() != 0) tr.rotate(m.rotation());
            tr.translate(m.x(), m.y());
            tr.scale(1, -1); // glyph space is y up
            c.append("BT\n/F").append(t.index).append(' ').append(SvgWriter.num(f.getSize2D())).append(" Tf\n").append(dec(tr.getScaleX(), 4))
                    .append(' ').append(dec(tr.getShearY(), 4)).append(' ').append(dec(tr.getShearX(), 4)).append(' ').append(dec(tr.getScaleY(), 4))
                    .append(' ').append(SvgWriter.num(tr.getTranslateX())).append(' ').append(SvgWriter.num(tr.getTranslateY())).append(" Tm\n(");
            for (int k : codes) {
                if (k == '(' || k == ')' || k == '\\') c.append('\\').append((char) k);
                else if (k < 0x20 || k >= 0x7f) c.append('\\').append(Integer.toOctalString(0x200 | k), 1, 4);
                else c.append((char) k);
            }
            c.append(") Tj\nET\n");
            return true;
        }

        /** The whole file. */
        byte[] document(int w, int h) {
            PdfObjects objects = new PdfObjects();
            int catalog = objects.reserve(), pages = objects.reserve(), page = objects.reserve(), content = objects.reserve();
            objects.put(catalog, "<< /Type /Catalog /Pages " + pages + " 0 R >>");
            objects.put(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
            objects.stream(content, c.toString().getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder res = new StringBuilder("<<");
            if (!fonts.isEmpty()) {
                res.append(" /Font <<");
                for (PdfType3Font t : fonts.values()) {
                    if (!t.isEmpty()) res.append(" /F").append(t.index).append(' ').append(t.write(objects, frc)).append(" 0 R");
                }
                res.append(" >>");
            }
            if (!alphas.isEmpty()) {
                res.append(" /ExtGState <<");
                for (var e : alphas.entrySet()) res.append(" /").append(e.getValue()).append(" << /ca ").append(e.getKey()).append(" /CA ").append(e.getKey())
                        .append(" >>");
                res.append(" >>");
            }
            res.append(" >>");
            objects.put(page, "<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 " + w + " " + h + "] /Resources " + res + " /Contents " + content
                    + " 0 R >>");
            int info = objects.reserve();
            objects.put(info, "<< /Producer (procsim) >>");
            return objects.file(catalog, info);
        }
    }

    /** Path operators (m, l, c, h) for the shape transformed by {@code t}; true for the even-odd rule. Quadratic segments become cubic. */
    static boolean path(StringBuilder b, Shape shape, AffineTransform t) {
        return path(b, shape, t, 2);
    }

    /** As {@link #path(StringBuilder, Shape, AffineTransform)}, numbers with {@code places} decimals (2 or fewer); glyph outlines use 1. */
    static boolean path(StringBuilder b, Shape shape, AffineTransform t, int places) {
        double[] p = new double[6];
        double x = 0, y = 0; // the current point
        PathIterator it = shape.getPathIterator(t);
        for (; !it.isDone(); it.next()) {
            switch (it.currentSegment(p)) {
                case PathIterator.SEG_MOVETO -> {
                    pt(b, p[0], p[1], places).append("m\n");
                    x = p[0];
                    y = p[1];
                }
                case PathIterator.SEG_LINETO -> {
                    pt(b, p[0], p[1], places).append("l\n");
                    x = p[0];
                    y = p[1];
                }
                case PathIterator.SEG_QUADTO -> {
                    pt(b, x + 2 * (p[0] - x) / 3, y + 2 * (p[1] - y) / 3, places);
                    pt(b, p[2] + 2 * (p[0] - p[2]) / 3, p[3] + 2 * (p[1] - p[3]) / 3, places);
                    pt(b, p[2], p[3], places).append("c\n");
                    x = p[2];
                    y = p[3];
                }
                case PathIterator.SEG_CUBICTO -> {
                    pt(b, p[0], p[1], places);
                    pt(b, p[2], p[3], places);
                    pt(b, p[4], p[5], places).append("c\n");
                    x = p[4];
                    y = p[5];
                }
                default -> b.append("h\n");
            }
        }
        return it.getWindingRule() == PathIterator.WIND_EVEN_ODD;
    }

    private static StringBuilder pt(StringBuilder b, double x, double y, int places) {
        return b.append(num(x, places)).append(' ').append(num(y, places)).append(' ');
    }

    /** {@link SvgWriter#num} (two decimals), or fewer. */
    private static String num(double v, int places) {
        if (places >= 2) return SvgWriter.num(v);
        double scale = places == 1 ? 10 : 1;
        return SvgWriter.num(Math.round(v * scale) / scale);
    }

    /** A colour operator: a grey level when red, green and blue agree (fill "g", stroke "G"), else "rg" / "RG". */
    static String colour(Color col, boolean stroke) {
        int r = col.getRed(), g = col.getGreen(), b = col.getBlue();
        if (r == g && g == b) return LEVEL[r] + (stroke ? " G" : " g");
        return LEVEL[r] + " " + LEVEL[g] + " " + LEVEL[b] + (stroke ? " RG" : " rg");
    }

    /** 0..255 as 0..1 with three decimals (enough to give each 8-bit level back). */
    private static final String[] LEVEL = new String[256];

    static {
        for (int i = 0; i < 256; i++) LEVEL[i] = dec(i / 255.0, 3);
    }

    /** At most {@code places} decimals, no trailing zeros, no "-0". */
    static String dec(double v, int places) {
        String r = new java.math.BigDecimal(v).setScale(places, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return r.equals("-0") ? "0" : r;
    }
}

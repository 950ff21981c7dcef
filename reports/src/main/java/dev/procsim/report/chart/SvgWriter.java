package dev.procsim.report.chart;

import dev.procsim.report.text.Fmt;

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
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A chart as compact SVG: XChart paints into VectorGraphics2D's command list, and this writes the
 * commands itself: coordinates in the page's space with at most two decimals, and text as
 * {@code <text>}. XChart hands every label over as glyph outlines; {@link GlyphMatcher} reads them
 * back as the string they spell (an outline it cannot read stays a path, so nothing is lost), and
 * the text element keeps the exact advance width ({@code textLength}), so a substituted font
 * cannot make labels collide. A bar chart is then some 20 KB instead of 350 KB, searchable and
 * editable.
 */
final class SvgWriter {
    private SvgWriter() {}

    /**
     * The SVG of a drawing ({@code g}: XChart painted into it) of {@code width} x {@code height}
     * points; labels read back by {@code text}. {@code name}, the chart's file name without its
     * extension, prefixes the ids the file defines, so that charts inlined in one HTML page keep
     * their own clip paths.
     */
    static String svg(VectorGraphics2D g, int width, int height, GlyphMatcher text, String name) {
        String ids = idPrefix(name) + "-c";
        StringBuilder b = new StringBuilder(16_384);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\">\n");
        StringBuilder defs = new StringBuilder();
        StringBuilder body = new StringBuilder(16_384);
        Deque<DrawState> stack = new ArrayDeque<>();
        DrawState s = new DrawState();
        String openClip = null;
        int clips = 0;
        Polyline line = new Polyline();
        for (Command<?> c : g.getCommands()) {
            DrawState next = DrawState.follow(c, s, stack);
            if (next != null) {
                s = next;
            } else if (c instanceof SetClipCommand clip) {
                if (clip.getValue() == null) {
                    s.clip = null;
                } else {
                    StringBuilder d = new StringBuilder();
                    path(d, clip.getValue(), s.transform);
                    s.clip = d.toString();
                }
            } else if (c instanceof FillShapeCommand || c instanceof DrawShapeCommand) {
                Shape shape = (Shape) c.getValue();
                StringBuilder d = null; // a stroke's path data and style, made once
                String style = null;
                if (c instanceof DrawShapeCommand) {
                    d = new StringBuilder();
                    path(d, shape, s.transform);
                    StringBuilder st = new StringBuilder();
                    stroke(st, s);
                    style = st.toString();
                    // Lines XChart draws segment by segment join into one polyline when they continue each other.
                    if (java.util.Objects.equals(openClip, s.clip) && line.extend(d, style, body)) continue;
                }
                line.flush(body);
                if (!java.util.Objects.equals(openClip, s.clip)) {
                    if (openClip != null) body.append("</g>\n");
                    openClip = s.clip;
                    if (openClip != null) {
                        String id = ids + clips++;
                        defs.append("<clipPath id=\"").append(id).append("\"><path d=\"").append(openClip).append("\"/></clipPath>\n");
                        body.append("<g clip-path=\"url(#").append(id).append(")\">\n");
                    }
                }
                if (d != null) {
                    body.append("<path d=\"").append(d).append('"').append(style).append("/>\n");
                    continue;
                }
                if (text(body, text, shape, s)) continue;
                body.append("<path d=\"");
                boolean evenOdd = path(body, shape, s.transform);
                body.append('"').append(" fill=\"").append(colour(s)).append('"').append(opacity("fill-opacity", s));
                if (evenOdd) body.append(" fill-rule=\"evenodd\"");
                body.append("/>\n");
            }
        }
        line.flush(body);
        if (openClip != null) body.append("</g>\n");
        if (defs.length() > 0) b.append("<defs>\n").append(defs).append("</defs>\n");
        return b.append(body).append("</svg>\n").toString();
    }

    /**
     * A file name as the start of XML ids, one to one: ASCII letters, digits, '-' and '_' kept, any
     * other character written as '.' and its code in hex ('.3d' for '='; '.u' and four digits past
     * U+00FF), and '_' put first when the name does not start with a letter.
     */
    static String idPrefix(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        if (name.isEmpty() || !(name.charAt(0) < 128 && Character.isLetter(name.charAt(0)))) b.append('_');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') b.append(c);
            else if (c <= 0xff) b.append('.').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            else b.append(".u").append(String.format(java.util.Locale.ROOT, "%04x", (int) c));
        }
        return b.toString();
    }

    /** Straight stroked segments of one style, each starting where the last ended, as one path. */
    private static final class Polyline {
        final StringBuilder d = new StringBuilder();
        String style;
        String end;

        /** Takes the segment {@code seg} ("Mx y Lx y") if it continues the line, or starts a new line with it. False if it is not a segment. */
        boolean extend(StringBuilder seg, String segStyle, StringBuilder out) {
            int l = seg.indexOf(" L");
            if (seg.length() == 0 || seg.charAt(0) != 'M' || l < 0 || seg.indexOf(" ", l + 2) < 0 || seg.indexOf(" ", seg.indexOf(" ", l + 2) + 1) >= 0) {
                return false;
            }
            String from = seg.substring(1, l);
            String to = seg.substring(l + 2);
            if (style != null && style.equals(segStyle) && from.equals(end)) {
                d.append(" L").append(to);
            } else {
                flush(out);
                d.append(seg);
                style = segStyle;
            }
            end = to;
            return true;
        }

        void flush(StringBuilder out) {
            if (style == null) return;
            out.append("<path d=\"").append(d).append('"').append(style).append("/>\n");
            d.setLength(0);
            style = null;
            end = null;
        }
    }

    /** A label as {@code <text>}, if the outline spells one; its advance width kept exactly. */
    private static boolean text(StringBuilder b, GlyphMatcher m, Shape shape, DrawState s) {
        GlyphMatcher.Match t = m.match(shape);
        if (t == null) return false;
        AffineTransform tr = new AffineTransform(s.transform);
        if (t.rotation() != 0) tr.rotate(t.rotation());
        tr.translate(t.x(), t.y());
        b.append("<text");
        if (tr.getType() == AffineTransform.TYPE_TRANSLATION || tr.isIdentity()) {
            b.append(" x=\"").append(num(tr.getTranslateX())).append("\" y=\"").append(num(tr.getTranslateY())).append('"');
        } else {
            b.append(" transform=\"matrix(").append(num3(tr.getScaleX())).append(' ').append(num3(tr.getShearY())).append(' ')
                    .append(num3(tr.getShearX())).append(' ').append(num3(tr.getScaleY())).append(' ').append(num(tr.getTranslateX()))
                    .append(' ').append(num(tr.getTranslateY())).append(")\"");
        }
        Font f = t.font();
        b.append(" font-family=\"").append(family(f)).append("\" font-size=\"").append(num(f.getSize2D())).append('"');
        if (f.isBold()) b.append(" font-weight=\"bold\"");
        if (f.isItalic()) b.append(" font-style=\"italic\"");
        b.append(" textLength=\"").append(num(t.advance())).append("\" lengthAdjust=\"spacingAndGlyphs\" fill=\"").append(colour(s)).append('"')
                .append(opacity("fill-opacity", s)).append(" xml:space=\"preserve\">").append(Fmt.esc(t.text())).append("</text>\n");
        return true;
    }

    /** Java's logical fonts as CSS families (the font Java drew with first, on the usual systems). */
    static String family(Font f) {
        return switch (f.getFamily()) {
            case Font.SANS_SERIF, Font.DIALOG, Font.DIALOG_INPUT -> "DejaVu Sans, Helvetica, Arial, sans-serif";
            case Font.SERIF -> "DejaVu Serif, Times New Roman, serif";
            case Font.MONOSPACED -> "DejaVu Sans Mono, Courier New, monospace";
            default -> Fmt.esc(f.getFamily()) + ", sans-serif";
        };
    }

    private static String num3(double v) {
        String r = new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return r.equals("-0") ? "0" : r;
    }

    static String colour(DrawState s) {
        int rgb = s.color.getRGB() & 0xffffff;
        char[] out = new char[7];
        out[0] = '#';
        for (int i = 6; i >= 1; i--, rgb >>= 4) out[i] = Character.forDigit(rgb & 0xf, 16);
        return new String(out);
    }

    private static String opacity(String attr, DrawState s) {
        float a = s.alpha * s.color.getAlpha() / 255f;
        return a >= 1f ? "" : " " + attr + "=\"" + num(a) + "\"";
    }

    private static void stroke(StringBuilder b, DrawState s) {
        b.append(" fill=\"none\" stroke=\"").append(colour(s)).append('"').append(opacity("stroke-opacity", s));
        if (!(s.stroke instanceof BasicStroke st)) return;
        // The line width scales with the transform (XChart draws at scale 1; this keeps it exact if not).
        double scale = Math.sqrt(Math.abs(s.transform.getDeterminant()));
        b.append(" stroke-width=\"").append(num(st.getLineWidth() * scale)).append('"');
        if (st.getEndCap() != BasicStroke.CAP_BUTT) b.append(" stroke-linecap=\"").append(st.getEndCap() == BasicStroke.CAP_ROUND ? "round" : "square").append('"');
        if (st.getLineJoin() != BasicStroke.JOIN_MITER) b.append(" stroke-linejoin=\"").append(st.getLineJoin() == BasicStroke.JOIN_ROUND ? "round" : "bevel").append('"');
        else if (st.getMiterLimit() != 4f) b.append(" stroke-miterlimit=\"").append(num(st.getMiterLimit())).append('"');
        float[] dash = st.getDashArray();
        if (dash != null && dash.length > 0) {
            b.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) b.append(i == 0 ? "" : ",").append(num(dash[i] * scale));
            b.append('"');
            if (st.getDashPhase() != 0) b.append(" stroke-dashoffset=\"").append(num(st.getDashPhase() * scale)).append('"');
        }
    }

    /** Path data in page space (the shape transformed by {@code t}), numbers with at most two decimals; true for the even-odd rule. */
    static boolean path(StringBuilder b, Shape shape, AffineTransform t) {
        double[] p = new double[6];
        PathIterator it = shape.getPathIterator(t);
        boolean first = true;
        for (; !it.isDone(); it.next()) {
            int type = it.currentSegment(p);
            char cmd;
            int n;
            switch (type) {
                case PathIterator.SEG_MOVETO -> { cmd = 'M'; n = 2; }
                case PathIterator.SEG_LINETO -> { cmd = 'L'; n = 2; }
                case PathIterator.SEG_QUADTO -> { cmd = 'Q'; n = 4; }
                case PathIterator.SEG_CUBICTO -> { cmd = 'C'; n = 6; }
                default -> { cmd = 'Z'; n = 0; }
            }
            if (!first && cmd != 'Z') b.append(' ');
            b.append(cmd);
            for (int i = 0; i < n; i++) b.append(i == 0 ? "" : " ").append(num(p[i]));
            first = false;
        }
        return it.getWindingRule() == PathIterator.WIND_EVEN_ODD;
    }

    /** At most two decimals, no trailing zeros, no "-0". */
    static String num(double v) {
        long r = Math.round(v * 100);
        if (r == 0) return "0";
        long whole = Math.abs(r) / 100;
        long frac = Math.abs(r) % 100;
        String sign = r < 0 ? "-" : "";
        if (frac == 0) return sign + whole;
        if (frac % 10 == 0) return sign + whole + "." + frac / 10;
        return sign + whole + "." + (frac < 10 ? "0" : "") + frac;
    }
}

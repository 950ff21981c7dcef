package dev.procsim.report.chart;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a filled outline back as the text it spells, in one of the chart's fonts. XChart lays out
 * every label with {@link TextLayout} and fills its outline; a glyph's outline is the same wherever
 * it stands, so the label is recovered glyph by glyph: the contours at the pen position must be
 * those of one character of the font (exactly, shifted along the baseline), and the gaps between
 * glyphs whole spaces. Outlines it cannot read (not text, or a character outside its set) are
 * left to be drawn as paths. Latin and Cyrillic letters that share an outline ('a' and 'а') take
 * the script of the rest of their word.
 */
final class GlyphMatcher {
    /** Characters looked for: printable ASCII, Cyrillic, and the symbols procsim's labels use. */
    static final String CHARS;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 0x21; c < 0x7F; c++) b.append(c);
        for (char c = 0x410; c <= 0x44F; c++) b.append(c);
        b.append("ЁёµΜ±×–—°·…«»№≤≥→′");
        CHARS = b.toString();
    }

    private static final double EPS = 0.02;

    /** A character's outline at pen position 0: contours of (segment type, coordinates...), and its advance. */
    private record Glyph(char ch, double[][] contours, double advance) {}

    /** A font's glyphs by the segment types of their first contour ("MLLLZ"), longest match first. */
    private record Table(Font font, Map<String, List<Glyph>> byFirst, double space) {}

    private static final Map<List<Object>, Table> TABLES = new ConcurrentHashMap<>();

    private final List<Table> tables = new ArrayList<>();
    private final List<Double> rotations;
    /** Outlines already read (the PNG and the SVG ask about the same shape objects). */
    private final Map<Shape, Match> seen = new java.util.IdentityHashMap<>();
    private static final Match NONE = new Match("", null, 0, 0, 0, 0);

    /** For a chart drawn in {@code g}: its fonts, and the angles in degrees labels may be turned by (besides none). */
    static GlyphMatcher of(de.erichseifert.vectorgraphics2d.VectorGraphics2D g, java.util.Collection<Font> fonts, java.util.Collection<Integer> degrees) {
        List<Double> turns = new ArrayList<>();
        for (int deg : degrees) {
            if (deg % 360 == 0) continue;
            turns.add(Math.toRadians(deg));
            turns.add(Math.toRadians(-deg));
        }
        return new GlyphMatcher(List.copyOf(fonts), g.getFontRenderContext(), turns.stream().distinct().toList());
    }

    /** {@code rotations}: the angles (radians) labels may be turned by, besides none. */
    GlyphMatcher(List<Font> fonts, FontRenderContext frc, List<Double> rotations) {
        this.rotations = rotations;
        for (Font f : fonts) {
            if (f != null) tables.add(TABLES.computeIfAbsent(List.of(f, frc), k -> table(f, frc)));
        }
    }

    private static Table table(Font f, FontRenderContext frc) {
        Map<String, List<Glyph>> by = new HashMap<>();
        for (char c : CHARS.toCharArray()) {
            if (!f.canDisplay(c)) continue;
            TextLayout t = new TextLayout(String.valueOf(c), f, frc);
            double[][] contours = contours(t.getOutline(null));
            if (contours.length == 0) continue;
            by.computeIfAbsent(types(contours[0]), k -> new ArrayList<>()).add(new Glyph(c, contours, t.getAdvance()));
        }
        for (List<Glyph> l : by.values()) l.sort((a, b) -> Integer.compare(b.contours.length, a.contours.length));
        double x = new TextLayout("x", f, frc).getAdvance();
        double space = new TextLayout("x x", f, frc).getAdvance() - 2 * x;
        return new Table(f, by, space);
    }

    /**
     * A label: its text and font, its advance width, and where it stands: the outline is the text
     * laid out at ({@code x}, {@code y}), then turned by {@code rotation} about the origin.
     */
    record Match(String text, Font font, double advance, double x, double y, double rotation) {}

    Match match(Shape shape) {
        Match m = seen.computeIfAbsent(shape, k -> {
            Match r = read(k);
            return r == null ? NONE : r;
        });
        return m == NONE ? null : m;
    }

    private Match read(Shape shape) {
        double[][] cs = contours(shape);
        if (cs.length == 0) return null;
        for (Table t : tables) {
            Match m = match(t, cs, 0);
            if (m != null) return m;
        }
        for (double r : rotations) {
            double[][] turned = contours(AffineTransform.getRotateInstance(-r).createTransformedShape(shape));
            for (Table t : tables) {
                Match m = match(t, turned, r);
                if (m != null) return m;
            }
        }
        return null;
    }

    private static Match match(Table t, double[][] cs, double rotation) {
        StringBuilder text = new StringBuilder();
        List<List<Glyph>> choices = new ArrayList<>(); // per character of text: every glyph with this outline (null for a space)
        double pen = Double.NaN, start = 0, baseline = 0;
        int i = 0;
        while (i < cs.length) {
            List<Glyph> cands = t.byFirst.get(types(cs[i]));
            if (cands == null) return null;
            List<Glyph> same = new ArrayList<>();
            double origin = 0;
            for (Glyph g : cands) {
                if (!same.isEmpty() && (g.contours.length != same.get(0).contours.length || Math.abs(g.advance - same.get(0).advance) > EPS)) continue;
                double ox = cs[i][1] - g.contours[0][1];
                double oy = cs[i][2] - g.contours[0][2];
                if (!Double.isNaN(pen) && Math.abs(oy - baseline) > EPS) continue;
                if (i + g.contours.length > cs.length || !fits(g, cs, i, ox, oy)) continue;
                if (same.isEmpty()) {
                    origin = ox;
                    if (Double.isNaN(pen)) {
                        pen = start = ox;
                        baseline = oy;
                    }
                }
                same.add(g);
            }
            if (same.isEmpty()) return null;
            double gap = origin - pen;
            long spaces = Math.round(gap / t.space);
            if (spaces < 0 || Math.abs(gap - spaces * t.space) > 0.05) return null;
            for (long s = 0; s < spaces; s++) {
                text.append(' ');
                choices.add(null);
            }
            text.append(same.get(0).ch);
            choices.add(same);
            pen = origin + same.get(0).advance;
            i += same.get(0).contours.length;
        }
        resolveScripts(text, choices);
        return new Match(text.toString(), t.font, pen - start, start, baseline, rotation);
    }

    /** The glyph's contours, shifted by ({@code ox}, {@code oy}), are those at {@code cs[i...]}. */
    private static boolean fits(Glyph g, double[][] cs, int i, double ox, double oy) {
        for (int k = 0; k < g.contours.length; k++) {
            double[] a = g.contours[k];
            double[] b = cs[i + k];
            if (a.length != b.length) return false;
            for (int j = 0; j < a.length; j += 7) {
                if (a[j] != b[j]) return false;
                int n = coords((int) a[j]);
                for (int q = 0; q < n; q += 2) {
                    if (Math.abs(a[j + 1 + q] + ox - b[j + 1 + q]) > EPS || Math.abs(a[j + 2 + q] + oy - b[j + 2 + q]) > EPS) return false;
                }
            }
        }
        return true;
    }

    /** Where one outline stands for a Latin and a Cyrillic letter, the letter of the word's script. */
    private static void resolveScripts(StringBuilder text, List<List<Glyph>> choices) {
        for (int i = 0; i < text.length(); i++) {
            List<Glyph> c = choices.get(i);
            if (c == null || c.size() < 2) continue;
            int from = i, to = i;
            while (from > 0 && Character.isLetter(text.charAt(from - 1))) from--;
            while (to < text.length() - 1 && Character.isLetter(text.charAt(to + 1))) to++;
            boolean cyrillic = false;
            for (int j = from; j <= to; j++) {
                List<Glyph> o = choices.get(j);
                if (o != null && o.size() == 1 && Character.UnicodeScript.of(o.get(0).ch) == Character.UnicodeScript.CYRILLIC) cyrillic = true;
            }
            Character.UnicodeScript want = cyrillic ? Character.UnicodeScript.CYRILLIC : Character.UnicodeScript.LATIN;
            for (Glyph g : c) {
                if (Character.UnicodeScript.of(g.ch) == want) {
                    text.setCharAt(i, g.ch);
                    break;
                }
            }
        }
    }

    private static int coords(int type) {
        return switch (type) {
            case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
            case PathIterator.SEG_QUADTO -> 4;
            case PathIterator.SEG_CUBICTO -> 6;
            default -> 0;
        };
    }

    /** Contours of an outline: per contour, 7 numbers per segment (type, then up to 6 coordinates). */
    static double[][] contours(Shape s) {
        List<double[]> out = new ArrayList<>();
        double[] p = new double[6];
        double[] cur = null;
        int n = 0;
        for (PathIterator it = s.getPathIterator(new AffineTransform()); !it.isDone(); it.next()) {
            int type = it.currentSegment(p);
            if (type == PathIterator.SEG_MOVETO) {
                if (cur != null) out.add(java.util.Arrays.copyOf(cur, n));
                cur = new double[70];
                n = 0;
            }
            if (cur == null) return new double[0][];
            if (n + 7 > cur.length) cur = java.util.Arrays.copyOf(cur, cur.length * 2);
            cur[n] = type;
            for (int k = 0; k < coords(type); k++) cur[n + 1 + k] = p[k];
            n += 7;
        }
        if (cur != null) out.add(java.util.Arrays.copyOf(cur, n));
        return out.toArray(new double[0][]);
    }

    private static String types(double[] contour) {
        char[] t = new char[contour.length / 7];
        for (int j = 0; j < t.length; j++) t[j] = "MLQCZ".charAt((int) contour[j * 7]);
        return new String(t);
    }
}

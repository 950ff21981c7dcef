package dev.procsim.report.chart;

import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Type 3 font of a PDF file {@link PdfWriter} writes: one per family and style, its glyphs the
 * very outlines Java draws (so a label shown with {@code Tj} looks and stands exactly as the
 * outlines did, for any script), with a {@code ToUnicode} map so that the text can be selected,
 * searched and extracted. Apart from the page because it is a matter of its own: single-byte codes
 * handed out in order of first use, glyph procedures and metrics from {@link TextLayout}, and the
 * font's dictionary, encoding and character map.
 *
 * <p>Its bytes depend on the characters used and their order alone; glyphs are made once per JVM.
 */
final class PdfType3Font {
    /** A glyph of a font at 1,000 points (one unit of glyph space): its procedure (d1, path, fill), advance and bounds. */
    private record Glyph(String proc, double advance, Rectangle2D bounds) {}

    /** Glyphs by font (at 1,000 points) and character, made once per JVM. */
    private static final Map<List<Object>, Glyph> GLYPHS = new ConcurrentHashMap<>();

    /** Glyph outlines (1,000 units an em) to a tenth of a unit: 0.0016 pt at 16 pt, a hundredth of the outlines' own 1/64-pixel grid. */
    private static final int GLYPH_DECIMALS = 1;

    /** The font's number in the page's resources: it is /F{@code index}. */
    final int index;
    private final Font font; // at 1,000 points
    private final Map<Character, Integer> codes = new LinkedHashMap<>();
    private final TreeMap<Integer, Character> chars = new TreeMap<>();
    private int next = 0x80;

    /** Font /F{@code index}, of {@code font} at 1,000 points. */
    PdfType3Font(int index, Font font) {
        this.index = index;
        this.font = font;
    }

    /** The code of {@code c}: printable ASCII as itself, anything else from 128 on; -1 when the 256 codes are spent. */
    int code(char c) {
        Integer k = codes.get(c);
        if (k != null) return k;
        int code;
        if (c >= 0x20 && c < 0x7f) code = c;
        else if (next <= 0xff) code = next++;
        else return -1;
        codes.put(c, code);
        chars.put(code, c);
        return code;
    }

    /** Whether no character has a code yet (the font is then left out of the file). */
    boolean isEmpty() {
        return chars.isEmpty();
    }

    /** Adds the font's objects: its dictionary, its ToUnicode map and a procedure per glyph; the number of the dictionary. */
    int write(PdfObjects objects, FontRenderContext frc) {
        int dict = objects.reserve(), toUnicode = objects.reserve();
        StringBuilder procs = new StringBuilder("<<"), diffs = new StringBuilder("["), widths = new StringBuilder("[");
        double llx = 0, lly = 0, urx = 0, ury = 0;
        int first = chars.firstKey(), last = chars.lastKey(), prev = -2;
        Map<Integer, Glyph> glyphs = new TreeMap<>();
        for (var e : chars.entrySet()) glyphs.put(e.getKey(), glyph(font, e.getValue(), frc));
        for (int code = first; code <= last; code++) {
            Glyph g = glyphs.get(code);
            widths.append(code == first ? "" : " ").append(g == null ? "0" : SvgWriter.num(g.advance));
        }
        for (var e : chars.entrySet()) {
            int code = e.getKey();
            String name = name(e.getValue());
            Glyph g = glyphs.get(code);
            int n = objects.reserve();
            objects.stream(n, g.proc.getBytes(StandardCharsets.ISO_8859_1));
            procs.append(" /").append(name).append(' ').append(n).append(" 0 R");
            if (code != prev + 1) diffs.append(diffs.length() > 1 ? " " : "").append(code);
            diffs.append(" /").append(name);
            prev = code;
            Rectangle2D b = g.bounds;
            if (b != null) {
                llx = Math.min(llx, b.getMinX());
                lly = Math.min(lly, -b.getMaxY());
                urx = Math.max(urx, b.getMaxX());
                ury = Math.max(ury, -b.getMinY());
            }
        }
        procs.append(" >>");
        diffs.append(']');
        widths.append(']');
        objects.stream(toUnicode, toUnicode().getBytes(StandardCharsets.ISO_8859_1));
        objects.put(dict, "<< /Type /Font /Subtype /Type3 /Name /F" + index + " /FontBBox [" + SvgWriter.num(llx) + " " + SvgWriter.num(lly) + " "
                + SvgWriter.num(urx) + " " + SvgWriter.num(ury) + "] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs " + procs
                + " /Encoding << /Type /Encoding /Differences " + diffs + " >> /FirstChar " + first + " /LastChar " + last + " /Widths " + widths
                + " /ToUnicode " + toUnicode + " 0 R /Resources << >> >>");
        return dict;
    }

    /** The ToUnicode CMap: each code to its character, in blocks of at most 100 (the limit of a beginbfchar). */
    private String toUnicode() {
        StringBuilder cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                + "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                + "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n");
        List<Map.Entry<Integer, Character>> all = new ArrayList<>(chars.entrySet());
        for (int i = 0; i < all.size(); i += 100) {
            List<Map.Entry<Integer, Character>> part = all.subList(i, Math.min(all.size(), i + 100));
            cmap.append(part.size()).append(" beginbfchar\n");
            for (var e : part) cmap.append(String.format(Locale.ROOT, "<%02X> <%04X>\n", e.getKey(), (int) e.getValue()));
            cmap.append("endbfchar\n");
        }
        cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        return cmap.toString();
    }

    /** A glyph's name: Adobe's for the space, uniXXXX for the rest (readers without the ToUnicode map still know them). */
    private static String name(char c) {
        return c == ' ' ? "space" : String.format(Locale.ROOT, "uni%04X", (int) c);
    }

    /** The glyph of {@code c} in {@code font} (at 1,000 points): its outline as Java lays it out, turned y up. */
    private static Glyph glyph(Font font, char c, FontRenderContext frc) {
        return GLYPHS.computeIfAbsent(List.of(font, frc, c), k -> {
            double advance;
            if (c == ' ') { // as GlyphMatcher measures a space: between two letters
                advance = new TextLayout("x x", font, frc).getAdvance() - 2 * new TextLayout("x", font, frc).getAdvance();
                return new Glyph(SvgWriter.num(advance) + " 0 0 0 0 0 d1\n", advance, null);
            }
            TextLayout t = new TextLayout(String.valueOf(c), font, frc);
            advance = t.getAdvance();
            Shape outline = t.getOutline(null);
            Rectangle2D b = outline.getBounds2D();
            StringBuilder p = new StringBuilder();
            p.append(SvgWriter.num(advance)).append(" 0 ").append(SvgWriter.num(Math.floor(b.getMinX()))).append(' ')
                    .append(SvgWriter.num(Math.floor(-b.getMaxY()))).append(' ').append(SvgWriter.num(Math.ceil(b.getMaxX()))).append(' ')
                    .append(SvgWriter.num(Math.ceil(-b.getMinY()))).append(" d1\n");
            StringBuilder d = new StringBuilder();
            boolean evenOdd = PdfWriter.path(d, outline, AffineTransform.getScaleInstance(1, -1), GLYPH_DECIMALS);
            if (d.length() > 0) p.append(d).append(evenOdd ? "f*\n" : "f\n");
            return new Glyph(p.toString(), advance, b);
        });
    }
}

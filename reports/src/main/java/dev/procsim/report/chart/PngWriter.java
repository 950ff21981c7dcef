package dev.procsim.report.chart;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawImageCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawStringCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetBackgroundCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetCompositeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetFontCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetHintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetPaintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.util.ArrayDeque;
import java.util.Deque;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A chart as an 8-bit grey PNG at 120 dpi. The charts are drawn in greys for print, so one byte a
 * pixel holds them exactly (the sRGB grey level, as the colour PNG had it), and the encoder has a
 * third of the data to compress.
 */
final class PngWriter {
    static final int DPI = 120;

    private PngWriter() {}

    /**
     * An 8-bit greyscale PNG: IHDR, pHYs (120 dpi), one IDAT compressed at Deflater's fastest
     * level, IEND. Each row is filtered with "Up" (the difference from the row above), which turns
     * a chart's long vertical and horizontal runs into zeros; the encoder does not try every filter
     * per row as ImageIO's does, so it is several times faster for files within a few percent.
     */
    static void writeGrey(byte[] pixels, int w, int h, Path file) throws IOException {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream d = new java.io.DataOutputStream(ihdr);
            d.writeInt(w);
            d.writeInt(h);
            d.write(new byte[] {8, 0, 0, 0, 0}); // 8 bits, greyscale, deflate, adaptive filtering, no interlace
            chunk(out, "IHDR", ihdr.toByteArray());
            java.io.ByteArrayOutputStream phys = new java.io.ByteArrayOutputStream();
            d = new java.io.DataOutputStream(phys);
            int perMetre = (int) Math.round(DPI / 0.0254);
            d.writeInt(perMetre);
            d.writeInt(perMetre);
            d.writeByte(1); // unit: metre
            chunk(out, "pHYs", phys.toByteArray());
            java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream(w * h / 8);
            java.util.zip.Deflater z = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
            try (java.util.zip.DeflaterOutputStream zs = new java.util.zip.DeflaterOutputStream(idat, z, 1 << 16)) {
                byte[] row = new byte[w + 1];
                for (int y = 0; y < h; y++) {
                    int at = y * w;
                    if (y == 0) {
                        row[0] = 0; // None
                        System.arraycopy(pixels, 0, row, 1, w);
                    } else {
                        row[0] = 2; // Up
                        for (int x = 0; x < w; x++) row[x + 1] = (byte) (pixels[at + x] - pixels[at - w + x]);
                    }
                    zs.write(row);
                }
            } finally {
                z.end();
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
    }

    private static void chunk(java.io.DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /**
     * Plays VectorGraphics2D's command list onto {@code g}, as if the chart had painted onto it
     * directly: drawn once, the chart gives both the SVG and the PNG. Absolute transforms are
     * taken relative to {@code base} (the scale to 120 dpi).
     */
    static void replay(VectorGraphics2D d, Graphics2D g, AffineTransform base, GlyphMatcher labels) {
        g.setTransform(base);
        Deque<Graphics2D> stack = new ArrayDeque<>();
        for (Command<?> c : d.getCommands()) {
            if (c instanceof CreateCommand) {
                stack.push(g);
                g = (Graphics2D) g.create();
            } else if (c instanceof DisposeCommand) {
                if (!stack.isEmpty()) {
                    g.dispose();
                    g = stack.pop();
                }
            } else if (c instanceof SetTransformCommand t) {
                AffineTransform a = new AffineTransform(base);
                a.concatenate(t.getValue());
                g.setTransform(a);
            } else if (c instanceof AffineTransformCommand t) {
                g.transform(t.getValue());
            } else if (c instanceof SetHintCommand h) {
                g.setRenderingHint((RenderingHints.Key) h.getKey(), h.getValue());
            } else if (c instanceof SetColorCommand col) {
                g.setColor(col.getValue());
            } else if (c instanceof SetPaintCommand p) {
                g.setPaint(p.getValue());
            } else if (c instanceof SetStrokeCommand st) {
                g.setStroke(st.getValue());
            } else if (c instanceof SetCompositeCommand comp) {
                g.setComposite(comp.getValue());
            } else if (c instanceof SetFontCommand f) {
                g.setFont(f.getValue());
            } else if (c instanceof SetBackgroundCommand b) {
                g.setBackground(b.getValue());
            } else if (c instanceof SetClipCommand clip) {
                // VectorGraphics2D keeps clips as general shapes; a rectangle given as one keeps Java2D on its fast path.
                java.awt.Shape sh = clip.getValue();
                if (sh != null && !(sh instanceof java.awt.geom.Rectangle2D) && new java.awt.geom.Area(sh).isRectangular()) sh = sh.getBounds2D();
                g.setClip(sh);
            } else if (c instanceof FillShapeCommand f) {
                GlyphMatcher.Match m = labels == null ? null : labels.match(f.getValue());
                if (m == null) {
                    g.fill(f.getValue());
                } else {
                    // A label: drawn as text (hinted, through the glyph cache), where its outline stood.
                    AffineTransform was = g.getTransform();
                    g.rotate(m.rotation());
                    g.setFont(m.font());
                    g.drawString(m.text(), (float) m.x(), (float) m.y());
                    g.setTransform(was);
                }
            } else if (c instanceof DrawShapeCommand s) {
                g.draw(s.getValue());
            } else if (c instanceof DrawStringCommand s) {
                g.drawString(s.getValue(), (float) s.getX(), (float) s.getY());
            } else if (c instanceof DrawImageCommand i) {
                g.drawImage(i.getValue(), (int) i.getX(), (int) i.getY(), (int) i.getWidth(), (int) i.getHeight(), null);
            }
        }
    }

    /** The drawing {@code d} (XChart painted into it) of {@code width} x {@code height} points, replayed onto pixels. */
    static void write(VectorGraphics2D d, int width, int height, GlyphMatcher labels, Path file) throws IOException {
        double scale = DPI / 72.0;
        int w = (int) (width * scale);
        int h = (int) (height * scale);
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        replay(d, g, AffineTransform.getScaleInstance(scale, scale), labels);
        g.dispose();
        int[] src = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        byte[] dst = new byte[src.length];
        // The sRGB level itself (Rec. 601 luma for the rare coloured pixel), not Java's linear-grey conversion.
        // Almost every pixel is grey (r = g = b), whose luma is that level itself: no arithmetic for those.
        for (int i = 0; i < src.length; i++) {
            int p = src[i];
            int r = (p >> 16) & 0xff, gr = (p >> 8) & 0xff, b = p & 0xff;
            dst[i] = (byte) (r == gr && gr == b ? r : (299 * r + 587 * gr + 114 * b + 500) / 1000);
        }
        writeGrey(dst, w, h, file);
    }
}

package dev.procsim.report.chart;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The numbered objects of a PDF file (its "body", after the part of the file they make), written
 * in number order, then the cross-reference table and the trailer. Kept apart from
 * {@link PdfWriter} (what the page draws) and {@link PdfType3Font} (the fonts it draws with) as
 * the one place that knows the file's syntax around the objects: numbering, Flate streams, byte
 * offsets and the file identifier.
 *
 * <p>The bytes depend on the objects alone: no dates, and an identifier that is the MD5 of
 * everything before the trailer, given twice (AtomicFile overwrites the second in place with
 * procsim's signature).
 */
final class PdfObjects {
    private final List<byte[]> bodies = new ArrayList<>();

    /** A new object's number (from 1), its body to be given later with {@link #put} or {@link #stream}. */
    int reserve() {
        bodies.add(null);
        return bodies.size();
    }

    /** Object {@code n} is {@code dict} (any object but a stream, written as given). */
    void put(int n, String dict) {
        bodies.set(n - 1, dict.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A stream, Flate-compressed. */
    void stream(int n, byte[] data) {
        java.util.zip.Deflater z = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        try {
            z.setInput(data);
            z.finish();
            byte[] buf = new byte[8192];
            while (!z.finished()) out.write(buf, 0, z.deflate(buf));
        } finally {
            z.end();
        }
        byte[] packed = out.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream(packed.length + 64);
        b.writeBytes(("<< /Length " + packed.length + " /Filter /FlateDecode >>\nstream\n").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(packed);
        b.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
        bodies.set(n - 1, b.toByteArray());
    }

    /** The whole file: header, every object (each must have been given), cross-reference table and trailer naming {@code root} and {@code info}. */
    byte[] file(int root, int info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        out.writeBytes("%PDF-1.4\n%".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {(byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, '\n'});
        long[] offsets = new long[bodies.size()];
        for (int i = 0; i < bodies.size(); i++) {
            offsets[i] = out.size();
            out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(Objects.requireNonNull(bodies.get(i), "object " + (i + 1)));
            out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        long xref = out.size();
        StringBuilder x = new StringBuilder("xref\n0 ").append(bodies.size() + 1).append("\n0000000000 65535 f \n");
        for (long o : offsets) x.append(String.format(Locale.ROOT, "%010d 00000 n \n", o));
        out.writeBytes(x.toString().getBytes(StandardCharsets.ISO_8859_1));
        String id;
        try {
            id = java.util.HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("MD5 is required of every Java platform", e);
        }
        out.writeBytes(("trailer\n<< /Size " + (bodies.size() + 1) + " /Root " + root + " 0 R /Info " + info + " 0 R /ID [<" + id + "> <" + id
                + ">] >>\nstartxref\n" + xref + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}

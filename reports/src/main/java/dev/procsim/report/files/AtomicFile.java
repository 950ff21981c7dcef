package dev.procsim.report.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * A single output file (a chart asked for by name) written all at once, which never replaces a
 * file procsim did not write. Every such file is signed: a PNG carries a {@code tEXt} chunk
 * {@code Software: procsim}, an SVG a comment; an existing file is replaced only when it carries
 * the signature, and anything else at that path is refused ({@link AtomicOutput.Refused}).
 */
public final class AtomicFile {
    static final String SVG_SIGNATURE = "<!-- written by procsim -->";
    /** How a YAML file procsim writes begins (a comment), so that it may later be replaced. */
    public static final String TEXT_SIGNATURE = "# written by procsim";
    /** How a JSON file procsim writes is signed: its first key (a key its readers ignore). */
    public static final String JSON_SIGNATURE = "\"procsim\" : \"written by procsim";
    /**
     * A PDF is signed in its trailer's file identifier: the second (per-version) ID becomes the
     * hex of "procsim-gantt-v1", same length, so no byte offset of the file moves.
     */
    static final String PDF_ID = "70726F6373696D2D67616E74742D7631";
    private static final byte[] PNG_TEXT = "Software\0procsim".getBytes(StandardCharsets.ISO_8859_1);
    private static final int PNG_HEADER = 8 + 25; // signature, then the IHDR chunk (always first, 13 data bytes)

    /** Writes the file at the path it is given; the path has the target's name. */
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private AtomicFile() {}

    /** Refuses a target that exists and was not written by procsim. */
    public static void check(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !signed(file)) {
            throw new AtomicOutput.Refused(file + ": exists and procsim did not write it; procsim replaces only files it wrote."
                    + " Choose another file name (or move that file away yourself)");
        }
    }

    /** Checks the target, writes it beside itself, signs it, and renames it into place. */
    public static void write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        check(target);
        Path temp = AtomicOutput.tempBeside(target);
        try {
            Path t = temp.resolve(target.getFileName());
            writer.write(t);
            sign(t);
            check(target); // it may have appeared meanwhile
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            AtomicOutput.deleteTree(temp);
        }
    }

    static void sign(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".png")) {
            byte[] b = Files.readAllBytes(file);
            byte[] chunk = new byte[12 + PNG_TEXT.length];
            putInt(chunk, 0, PNG_TEXT.length);
            System.arraycopy("tEXt".getBytes(StandardCharsets.ISO_8859_1), 0, chunk, 4, 4);
            System.arraycopy(PNG_TEXT, 0, chunk, 8, PNG_TEXT.length);
            CRC32 crc = new CRC32();
            crc.update(chunk, 4, 4 + PNG_TEXT.length);
            putInt(chunk, 8 + PNG_TEXT.length, (int) crc.getValue());
            byte[] out = new byte[b.length + chunk.length];
            System.arraycopy(b, 0, out, 0, PNG_HEADER);
            System.arraycopy(chunk, 0, out, PNG_HEADER, chunk.length);
            System.arraycopy(b, PNG_HEADER, out, PNG_HEADER + chunk.length, b.length - PNG_HEADER);
            Files.write(file, out);
        } else if (name.endsWith(".svg")) {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            int at = s.startsWith("<?xml") ? s.indexOf("?>") + 2 : 0;
            Files.writeString(file, s.substring(0, at) + (at > 0 ? "\n" : "") + SVG_SIGNATURE + "\n" + s.substring(at).stripLeading(),
                    StandardCharsets.UTF_8);
        } else if (name.endsWith(".pdf")) {
            byte[] b = Files.readAllBytes(file);
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int id = text.lastIndexOf("/ID [<");
            int second = id < 0 ? -1 : text.indexOf("> <", id);
            int end = second < 0 ? -1 : text.indexOf('>', second + 3);
            if (end - (second + 3) != PDF_ID.length()) throw new IOException("unexpected PDF trailer in " + file.getFileName());
            byte[] sig = PDF_ID.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(sig, 0, b, second + 3, sig.length);
            Files.write(file, b);
        } else if (name.endsWith(".json")) {
            if (!Files.readString(file, StandardCharsets.UTF_8).contains(JSON_SIGNATURE)) {
                throw new IOException(file.getFileName() + ": a JSON file procsim writes must hold '" + JSON_SIGNATURE + "'");
            }
        } else if (text(name)) {
            if (!Files.readString(file, StandardCharsets.UTF_8).startsWith(TEXT_SIGNATURE)) {
                throw new IOException(file.getFileName() + ": a text file procsim writes must begin with '" + TEXT_SIGNATURE + "'");
            }
        } else {
            throw new IllegalArgumentException("no signature for " + name);
        }
    }

    /** Whether the file carries procsim's signature (looked for in its first 4 KiB; for a PDF, its last). */
    static boolean signed(Path file) throws IOException {
        byte[] head = new byte[4096];
        int n;
        String name = file.getFileName().toString();
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (name.endsWith(".pdf")) ch.position(Math.max(0, ch.size() - head.length));
            n = Math.max(0, ch.read(java.nio.ByteBuffer.wrap(head)));
        }
        if (name.endsWith(".pdf")) return new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("> <" + PDF_ID + ">]");
        if (name.endsWith(".png")) {
            if (n < PNG_HEADER + 12 + PNG_TEXT.length) return false;
            if (!new String(head, PNG_HEADER + 4, 4, StandardCharsets.ISO_8859_1).equals("tEXt")) return false;
            return new String(head, PNG_HEADER + 8, PNG_TEXT.length, StandardCharsets.ISO_8859_1)
                    .equals(new String(PNG_TEXT, StandardCharsets.ISO_8859_1));
        }
        if (text(name)) return new String(head, 0, n, StandardCharsets.UTF_8).startsWith(TEXT_SIGNATURE);
        if (name.endsWith(".json")) return new String(head, 0, n, StandardCharsets.UTF_8).contains(JSON_SIGNATURE);
        return new String(head, 0, n, StandardCharsets.UTF_8).contains(SVG_SIGNATURE);
    }

    /** A YAML or JSON text file (an imported workload, an exported one): signed by its writer in its first line. */
    private static boolean text(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

package dev.procsim.workload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a user's text file: UTF-8, at most a given number of characters, with every failure an
 * {@link InputException} that says what is wrong in words. The cap applies to what is read, not
 * to the file's size, so devices and pipes ({@code /dev/zero}, {@code -} for standard input) are
 * bounded too. A byte-order mark (as spreadsheets write) is dropped. A byte that is not UTF-8, or
 * a NUL character, is reported with its line and column.
 */
public final class InputText {
    /** The name that stands for standard input. */
    public static final String STDIN = "-";

    private InputText() {}

    /** How a file is named in messages: its path, or "(standard input)" for {@code -}. */
    public static String displayName(Path file) {
        return file.toString().equals(STDIN) ? "(standard input)" : file.toString();
    }

    /** The file's text; {@code -} reads standard input. */
    public static String read(Path file, long maxChars) {
        String name = file.toString();
        if (name.equals(STDIN)) {
            try {
                return read(System.in, "(standard input)", maxChars);
            } catch (IOException e) {
                throw fail(name, "cannot read standard input: " + reason(e));
            }
        }
        if (!Files.exists(file)) {
            throw fail(name, Files.isSymbolicLink(file) ? "is a broken symbolic link" : "does not exist"
                    + (file.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
        if (Files.isDirectory(file)) throw fail(name, "is a folder, not a file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, maxChars);
        } catch (IOException e) {
            throw fail(name, "cannot read: " + reason(e));
        }
    }

    static String read(InputStream in, String name, long maxChars) throws IOException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] buf = new byte[1 << 16];
        ByteBuffer bytes = ByteBuffer.allocate(buf.length + 8);
        CharBuffer chars = CharBuffer.allocate(buf.length + 8);
        StringBuilder text = new StringBuilder();
        boolean eof = false;
        while (!eof) {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) eof = true;
            else bytes.put(buf, 0, n);
            bytes.flip();
            CoderResult r = d.decode(bytes, chars, eof);
            if (r.isError()) {
                chars.flip();
                text.append(chars);
                int bad = bytes.get(bytes.position()) & 0xFF;
                throw new InputException(List.of(new InputError(name, line(text), column(text), null, String.format(
                        "byte 0x%02X is not UTF-8 text; the file must be saved as UTF-8", bad))));
            }
            if (eof) d.flush(chars);
            bytes.compact();
            chars.flip();
            text.append(chars);
            chars.clear();
            if (text.length() > maxChars + 1) break;
        }
        if (text.length() > 0 && text.charAt(0) == '\uFEFF') text.deleteCharAt(0);
        if (text.length() > maxChars) throw fail(name, "is longer than " + maxChars + " characters, the most procsim reads from one file");
        int nul = text.indexOf("\0");
        if (nul >= 0) {
            String before = text.substring(0, nul);
            throw new InputException(List.of(new InputError(name, line(before), column(before), null,
                    "NUL character (byte 0x00): the file must be UTF-8 text")));
        }
        return text.toString();
    }

    /** 1-based line of the position just after {@code before}. */
    private static int line(CharSequence before) {
        int n = 1;
        for (int i = 0; i < before.length(); i++) if (before.charAt(i) == '\n') n++;
        return n;
    }

    /** 1-based column of the position just after {@code before}. */
    private static int column(CharSequence before) {
        int i = before.length();
        while (i > 0 && before.charAt(i - 1) != '\n') i--;
        return before.length() - i + 1;
    }

    private static InputException fail(String name, String message) {
        return new InputException(List.of(new InputError(name, 0, 0, null, message)));
    }

    /** An I/O failure in words: "permission denied", "no such file or directory", or the system's own reason. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "already exists";
        if (e instanceof java.nio.file.NotDirectoryException) return "not a folder";
        if (e instanceof java.nio.file.DirectoryNotEmptyException) return "folder not empty";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

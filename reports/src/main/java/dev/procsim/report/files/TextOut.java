package dev.procsim.report.files;

import dev.procsim.report.text.Fmt;

import dev.procsim.kernel.TaskName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes text (UTF-8) straight into a byte buffer: numbers as digits, ASCII as bytes. For the
 * outputs with a line per task ({@code tasks.csv}, the trace files): with a million tasks, rows
 * built through {@code StringBuilder} and a {@code Writer} (two strings a row and a charset
 * encoder) made writing take longer than simulating. CSV cells that need quoting are quoted as
 * {@link Fmt#csv} does.
 */
final class TextOut implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int n;

    TextOut(OutputStream out) {
        this.out = out;
    }

    private void room(int k) throws IOException {
        if (n + k > buf.length) flushBuffer();
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    TextOut comma() throws IOException {
        room(1);
        buf[n++] = ',';
        return this;
    }

    TextOut newline() throws IOException {
        room(1);
        buf[n++] = '\n';
        return this;
    }

    /** A number in decimal, as {@link Long#toString(long)} writes it. */
    TextOut num(long v) throws IOException {
        room(20);
        if (v == Long.MIN_VALUE) return raw(Long.toString(v));
        if (v < 0) {
            buf[n++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) digits++;
        for (int i = n + digits - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        n += digits;
        return this;
    }

    TextOut ch(char c) throws IOException {
        if (c >= 0x80) return raw(String.valueOf(c));
        room(1);
        buf[n++] = (byte) c;
        return this;
    }

    /** Non-negative nanoseconds as microseconds with exactly three decimals ({@code 1234.567}). */
    TextOut micros(long ns) throws IOException {
        if (ns < 0) return raw(TraceExport.micros(ns));
        num(ns / 1000);
        room(4);
        long f = ns % 1000;
        buf[n++] = '.';
        buf[n++] = (byte) ('0' + f / 100);
        buf[n++] = (byte) ('0' + f / 10 % 10);
        buf[n++] = (byte) ('0' + f % 10);
        return this;
    }

    /** A JSON string, quoted and escaped. */
    TextOut json(String s) throws IOException {
        ch('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                raw(s.substring(from, i));
                if (c < 0x20) raw(String.format("\\u%04x", (int) c));
                else ch('\\').ch(c);
                from = i + 1;
            }
        }
        raw(from == 0 ? s : s.substring(from));
        return ch('"');
    }

    /** A number, or nothing when it is negative (not applicable). */
    TextOut opt(long v) throws IOException {
        return v < 0 ? this : num(v);
    }

    /** Text written as it is (UTF-8). */
    TextOut raw(String s) throws IOException {
        int len = s.length();
        if (len > buf.length / 2) return bytes(s.getBytes(StandardCharsets.UTF_8));
        room(len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // rare: encode the rest properly
                return bytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            buf[n++] = (byte) c;
        }
        return this;
    }

    /** A cell: quoted when it holds a comma, quote or line break ({@link Fmt#csv}). */
    TextOut text(String s) throws IOException {
        return raw(Fmt.csv(s));
    }

    /** A task's name as a cell, without building {@code base-serial} as a string. */
    TextOut name(TaskName t) throws IOException {
        String base = t.base();
        if (t.serial() < 0 || !Fmt.csv(base).equals(base)) return text(t.toString()); // quoted names are joined first
        raw(base);
        room(1);
        buf[n++] = '-';
        return num(t.serial());
    }

    private TextOut bytes(byte[] b) throws IOException {
        if (b.length > buf.length) {
            flushBuffer();
            out.write(b);
            return this;
        }
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return this;
    }

    /** Writes what is buffered to the stream (which stays open). */
    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flushBuffer();
        out.close();
    }
}

package dev.procsim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** What the trace commands (import, compare) share: opening a trace (.gz read as gzip) and the --only pattern. */
final class TraceFiles {
    private TraceFiles() {}

    /** The trace as text, buffered; gzip when its name ends in .gz. */
    static BufferedReader open(Path f) throws IOException {
        InputStream raw = Files.newInputStream(f);
        try {
            InputStream in = f.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** {@code --only}'s regular expression, or null without one; a bad one is a usage error (exit 2). */
    static Pattern only(String regex) {
        if (regex == null) return null;
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new Main.BadOption("--only: not a regular expression: " + e.getDescription() + " in '" + regex + "'");
        }
    }
}

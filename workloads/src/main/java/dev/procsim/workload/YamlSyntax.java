package dev.procsim.workload;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in words, at the place the scanner stopped (SnakeYAML's problem mark, not the
 * last good token Jackson reports), with the reason rather than only its context ("while scanning
 * for the next token"). A tab where YAML wants spaces, the usual case, gets its own message.
 */
final class YamlSyntax {
    static final String TAB_INDENT = "a tab is used for indentation; YAML allows only spaces: replace the tab with spaces";
    static final String TAB_SEPARATOR = "a tab separates values here; YAML allows only spaces outside quotes and comments:"
            + " replace the tab with a space";

    private YamlSyntax() {}

    static InputError error(String file, String text, Throwable e) {
        MarkedYAMLException m = marked(e);
        Mark at = m == null ? null : m.getProblemMark();
        int line = 0;
        int col = 0;
        if (at != null) {
            line = at.getLine() + 1;
            col = at.getColumn() + 1;
        } else if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            JsonLocation l = j.getLocation();
            line = Math.max(0, l.getLineNr());
            col = Math.max(0, l.getColumnNr());
        }
        String lineText = line > 0 ? lineOf(text, line) : null;
        if (lineText != null) {
            int tab = col > 0 && col <= lineText.length() && lineText.charAt(col - 1) == '\t' ? col - 1
                    : m != null && String.valueOf(m.getProblem()).contains("(TAB)") ? lineText.indexOf('\t') : -1;
            if (tab >= 0) {
                boolean indentation = lineText.substring(0, tab).isBlank();
                return new InputError(file, line, tab + 1, null, indentation ? TAB_INDENT : TAB_SEPARATOR);
            }
        }
        return new InputError(file, line, col, null, "not valid YAML: " + reason(m, e, line));
    }

    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYAMLException m) return m;
        }
        return null;
    }

    /** The scanner's or parser's reason, with where the construct it was reading began when that is elsewhere. */
    private static String reason(MarkedYAMLException m, Throwable e, int line) {
        if (m != null && m.getProblem() != null) {
            String r = firstLine(m.getProblem());
            Mark c = m.getContextMark();
            if (m.getContext() != null) {
                r += " (" + firstLine(m.getContext()) + (c != null && c.getLine() + 1 != line ? " started at line " + (c.getLine() + 1) : "") + ")";
            }
            return r;
        }
        String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return msg == null || msg.isBlank() ? "the file could not be read as YAML" : firstLine(msg);
    }

    private static String lineOf(String text, int line) {
        int start = 0;
        for (int i = 1; i < line; i++) {
            start = text.indexOf('\n', start) + 1;
            if (start == 0) return null;
        }
        int end = text.indexOf('\n', start);
        String s = text.substring(start, end < 0 ? text.length() : end);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

package dev.procsim.report.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of a Markdown file, each under the heading above it (its text without the
 * {@code #}s): per row, the name in backticks that is its first cell, and the row's other cells.
 * Strict, for a data dictionary: a row whose first cell is not one `name`, a name given twice
 * in a table, or two tables under one heading are errors.
 */
final class MarkdownTables {
    private MarkdownTables() {}

    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    /** Heading -> (name -> the other cells, trimmed), names in the order of the rows. */
    static Map<String, Map<String, List<String>>> read(Path md) throws IOException {
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        String heading = "";
        Map<String, List<String>> table = null;
        boolean header = false;
        int lineNo = 0;
        for (String line : Files.readAllLines(md, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+", "").trim();
                table = null;
                continue;
            }
            if (!line.startsWith("|")) {
                table = null;
                continue;
            }
            if (table == null) { // a table's first row: its column names
                table = new LinkedHashMap<>();
                if (tables.put(heading, table) != null) throw new IllegalArgumentException(md + ":" + lineNo + ": a second table under " + heading);
                header = true;
                continue;
            }
            List<String> cells = cells(line);
            if (header && cells.stream().allMatch(c -> c.matches(":?-+:?"))) { // the separator row
                header = false;
                continue;
            }
            Matcher m = NAME.matcher(cells.get(0));
            if (!m.matches()) throw new IllegalArgumentException(md + ":" + lineNo + ": the first cell is not one `name`: " + cells.get(0));
            if (table.put(m.group(1), cells.subList(1, cells.size())) != null) {
                throw new IllegalArgumentException(md + ":" + lineNo + ": " + m.group(1) + " twice under " + heading);
            }
        }
        return tables;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> out = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) out.add(c.trim());
        return out;
    }
}

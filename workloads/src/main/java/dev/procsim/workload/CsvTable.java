package dev.procsim.workload;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The simple CSV of procsim's task lists: a header line naming the columns, one row per line,
 * commas between cells (standard CSV quoting: {@code "a, b"}, {@code ""} for a quote), blank lines and {@code #} comments ignored, and one optional
 * {@code # unit: ms} comment giving the time unit of every duration in the file (default ms).
 * Problems are collected, not thrown one at a time, each with its line and column; after
 * {@link InputException#MAX_PER_FILE} of them the rest are only counted ({@link Budget}).
 */
final class CsvTable {
    static final int MAX_ROWS = 1_000_000;
    static final int MAX_LINE = 10_000;

    /** A cell: its text (trimmed) and the 1-based column where it starts. */
    record Cell(String text, int column) {}

    /** A data row: its line number and its cells by column name. */
    record Row(int line, Map<String, Cell> cells) {
        Cell get(String name) {
            return cells.get(name);
        }
    }

    final String file;
    final long unitNanos;
    final String unit;
    final List<Row> rows = new ArrayList<>();

    private CsvTable(String file, long unitNanos, String unit) {
        this.file = file;
        this.unitNanos = unitNanos;
        this.unit = unit;
    }

    /** One row read into the process it stands for and that process's program. */
    record Task(ProcessSpec process, List<Action> program) {}

    /**
     * Reads the values of one row (reporting problems to {@code errors}) and returns how to build
     * its task, which is called only if the row had no problems.
     */
    interface RowReader {
        Supplier<Task> read(CsvTable t, Row row, String name, List<InputError> errors);
    }

    /**
     * A task-list workload: every row named uniquely and read by {@code reader}, each process
     * running its own program named after it; all problems of the file at once, or no tasks, are
     * an {@link InputException}.
     */
    static Workload workload(String file, String text, List<String> required, List<String> optional, RowReader reader) {
        List<InputError> errors = new ArrayList<>();
        Budget budget = new Budget(errors);
        CsvTable t = parse(file, text, required, optional, errors, budget);
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        List<ProcessSpec> processes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Row row : t.rows) {
            int before = errors.size();
            String name = t.name(row, names, errors);
            Supplier<Task> task = reader.read(t, row, name, errors);
            budget.settle();
            if (errors.size() > before || budget.failed()) continue; // the file is refused: no need to build its tasks
            Task k = task.get();
            programs.put(name, k.program());
            processes.add(k.process());
        }
        if (budget.omitted > 0) errors.add(InputError.more(file, budget.omitted));
        if (!errors.isEmpty()) throw new InputException(errors);
        if (processes.isEmpty()) throw new InputException(List.of(new InputError(file, 0, 0, null, "no tasks")));
        return new Workload(programs, processes, t.unit, t.unitNanos);
    }

    /** The file's text; a file that cannot be read is bad input too, named as such. */
    static String readText(Path file) {
        return readText(file, InputFiles.DISK);
    }

    /** As {@link #readText(Path)}, from {@code inputs}. */
    static String readText(Path file, InputFiles inputs) {
        return inputs.read(file, (long) MAX_ROWS * 100);
    }

    /**
     * Keeps the errors of a file up to {@link InputException#MAX_PER_FILE}, a line or row at a time,
     * and only counts those after: a file with a million bad rows costs no more memory than one bad
     * row, and is still reported with how many errors it has.
     */
    static final class Budget {
        private final List<InputError> errors;
        private int kept;
        long omitted;

        Budget(List<InputError> errors) {
            this.errors = errors;
            this.kept = errors.size();
        }

        /** After each line or row: its errors are kept while fewer than the cap were kept before it, else counted. */
        void settle() {
            int n = errors.size();
            if (n > kept && kept >= InputException.MAX_PER_FILE) {
                omitted += n - kept;
                errors.subList(kept, n).clear();
            }
            kept = errors.size();
        }

        boolean failed() {
            return !errors.isEmpty() || omitted > 0;
        }
    }

    /** The header and rows of the file; problems go to {@code errors}, within {@code budget}. */
    static CsvTable parse(String file, String text, List<String> required, List<String> optional, List<InputError> errors,
            Budget budget) {
        String[] lines = text.split("\r?\n", -1);
        String unit = "ms";
        int unitLine = 0;
        List<String> header = null;
        List<Integer> headerColumns = null;
        List<Row> rows = new ArrayList<>();
        boolean missingRequired = false;
        List<String> known = new ArrayList<>(required);
        known.addAll(optional);
        for (int i = 0; i < lines.length; i++) {
            budget.settle();
            int lineNo = i + 1;
            String raw = lines[i];
            if (raw.length() > MAX_LINE) {
                errors.add(new InputError(file, lineNo, 0, null, "line is longer than " + MAX_LINE + " characters"));
                continue;
            }
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                String c = line.substring(1).strip();
                if (c.toLowerCase(Locale.ROOT).startsWith("unit:")) {
                    String u = c.substring(5).strip();
                    if (SimTime.unitNanos(u) < 0) {
                        errors.add(new InputError(file, lineNo, raw.indexOf(u) + 1, "unit",
                                "expected one of ns, us, ms, s, min, found '" + u + "'"));
                    } else if (unitLine > 0 && !u.equalsIgnoreCase(unit)) {
                        errors.add(new InputError(file, lineNo, 0, "unit", "a second, different unit line (line " + unitLine
                                + " says " + unit + ")"));
                    } else {
                        unit = u.toLowerCase(Locale.ROOT);
                        unitLine = lineNo;
                    }
                }
                continue;
            }
            List<Cell> cells = split(raw, file, lineNo, errors);
            if (cells == null) continue;
            if (header == null) {
                header = new ArrayList<>();
                headerColumns = new ArrayList<>();
                for (Cell c : cells) {
                    String name = c.text().toLowerCase(Locale.ROOT);
                    if (!known.contains(name)) {
                        errors.add(new InputError(file, lineNo, c.column(), null, "unknown column '" + c.text() + "'"
                                + Suggest.hint(c.text(), known) + "; columns: " + String.join(", ", known)));
                    } else if (header.contains(name)) {
                        errors.add(new InputError(file, lineNo, c.column(), null, "column '" + name + "' appears twice"));
                    }
                    header.add(name);
                    headerColumns.add(c.column());
                }
                for (String r : required) {
                    if (!header.contains(r)) {
                        missingRequired = true;
                        errors.add(new InputError(file, lineNo, 0, null, "missing column '" + r + "'; the header must have "
                                + String.join(", ", required)));
                    }
                }
                continue;
            }
            if (missingRequired) continue; // the header error says it all; rows cannot be read without it
            if (cells.size() != header.size()) {
                errors.add(new InputError(file, lineNo, 0, null, "expected " + header.size() + " cells as in the header, found "
                        + cells.size()));
                continue;
            }
            if (rows.size() == MAX_ROWS) {
                errors.add(new InputError(file, lineNo, 0, null, "more than " + MAX_ROWS + " rows"));
                break;
            }
            Map<String, Cell> byName = new LinkedHashMap<>();
            for (int c = 0; c < cells.size(); c++) byName.put(header.get(c), cells.get(c));
            rows.add(new Row(lineNo, byName));
        }
        budget.settle();
        if (header == null) errors.add(new InputError(file, 0, 0, null, "no header line; expected " + String.join(",", required)));
        CsvTable t = new CsvTable(file, SimTime.unitNanos(unit), unit);
        t.rows.addAll(rows);
        return t;
    }

    /**
     * The cells of a line, by standard CSV quoting (RFC 4180): a cell may be written in double
     * quotes, inside which a comma is text and {@code ""} is one quote; spaces around a cell are
     * dropped. Null after adding an error (a quote left open, text after a closing quote).
     */
    static List<Cell> split(String raw, String file, int lineNo, List<InputError> errors) {
        List<Cell> cells = new ArrayList<>();
        int i = 0, n = raw.length();
        while (true) {
            while (i < n && raw.charAt(i) != ',' && Character.isWhitespace(raw.charAt(i))) i++;
            int col = i + 1;
            String text;
            if (i < n && raw.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                int k = i + 1;
                while (true) {
                    if (k >= n) {
                        errors.add(new InputError(file, lineNo, col, null, "a quoted value is not closed on its line (a value cannot span lines)"));
                        return null;
                    }
                    char c = raw.charAt(k++);
                    if (c != '"') b.append(c);
                    else if (k < n && raw.charAt(k) == '"') {
                        b.append('"');
                        k++;
                    } else break;
                }
                while (k < n && raw.charAt(k) != ',' && Character.isWhitespace(raw.charAt(k))) k++;
                if (k < n && raw.charAt(k) != ',') {
                    errors.add(new InputError(file, lineNo, k + 1, null, "expected a comma after the closing quote, found '" + raw.charAt(k) + "'"));
                    return null;
                }
                text = b.toString();
                i = k;
            } else {
                int comma = raw.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                text = raw.substring(i, end).strip();
                int q = text.indexOf('"');
                if (q >= 0) {
                    errors.add(new InputError(file, lineNo, i + q + 1, null, "a quote inside an unquoted value; quote the whole value"
                            + " and double the quote (\"a\"\"b\")"));
                    return null;
                }
                i = end;
            }
            cells.add(new Cell(text, col));
            if (i >= n) break;
            i++; // the comma
        }
        return cells;
    }

    /** A non-negative duration in the file's unit, or -1 after adding an error. */
    long duration(Row row, String column, boolean positive, List<InputError> errors) {
        Cell c = row.get(column);
        if (c == null || c.text().isEmpty()) {
            errors.add(new InputError(file, row.line(), c == null ? 0 : c.column(), column, "expected a duration in " + unit + ", found nothing"));
            return -1;
        }
        if (!isNonNegativeNumber(c.text())) {
            errors.add(new InputError(file, row.line(), c.column(), column, "expected a non-negative number (" + unit + "), found '"
                    + c.text() + "'"));
            return -1;
        }
        long v;
        try {
            v = SimTime.toNanos(c.text(), unitNanos, c.text() + " " + unit);
        } catch (IllegalArgumentException e) { // a non-negative number fails only by being too large
            errors.add(new InputError(file, row.line(), c.column(), column, "expected at most " + SimTime.largestNumber(unitNanos)
                    + " " + unit + " (about 292 years), found '" + c.text() + "', which is too large"));
            return -1;
        }
        if (positive && v == 0) {
            errors.add(new InputError(file, row.line(), c.column(), column, "must be greater than 0, found '" + c.text() + "'"));
            return -1;
        }
        return v;
    }

    private static boolean isNonNegativeNumber(String text) {
        try {
            return new BigDecimal(text).signum() >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An integer in [min, max], or {@code fallback} when the column is absent or empty. */
    int integer(Row row, String column, int min, int max, int fallback, List<InputError> errors) {
        Cell c = row.get(column);
        if (c == null || c.text().isEmpty()) return fallback;
        try {
            int v = Integer.parseInt(c.text());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // not a whole number, or one beyond int: said below
        }
        String problem = Fields.wholeNumberProblem(c.text(), min, max);
        errors.add(new InputError(file, row.line(), c.column(), column,
                problem != null ? problem : "expected a whole number, found '" + c.text() + "'"));
        return fallback;
    }

    /** The row's task name, checked non-empty and unique within the file ({@code seen} collects them); null after an error. */
    String name(Row row, java.util.Set<String> seen, List<InputError> errors) {
        Cell c = row.get("name");
        if (c.text().isEmpty()) {
            errors.add(new InputError(file, row.line(), c.column(), "name", "a task needs a name"));
            return null;
        }
        if (!seen.add(c.text())) {
            errors.add(new InputError(file, row.line(), c.column(), "name", "task '" + c.text() + "' appears twice"));
            return null;
        }
        return c.text();
    }

    boolean has(Row row, String column) {
        Cell c = row.get(column);
        return c != null && !c.text().isEmpty();
    }
}

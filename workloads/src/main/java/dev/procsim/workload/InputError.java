package dev.procsim.workload;

/**
 * One problem in a user's input, with where it is: file, line and column (1-based; 0 when not
 * known) and the field or key path. Rendered as {@code file:line:column: field: message}.
 *
 * <p>An error with {@code more > 0} is not a problem of its own but the summary of that many
 * further errors of its file that are not listed ({@link #more(String, long)}); it sorts after
 * every error of its file.
 */
public record InputError(String file, int line, int column, String field, String message, long more) {
    /** The line given to a summary, so that it sorts after every error of its file. */
    static final int AFTER_LAST_LINE = Integer.MAX_VALUE;

    public InputError(String file, int line, int column, String field, String message) {
        this(file, line, column, field, message, 0);
    }

    /** The summary of {@code count} errors of {@code file} not listed. */
    public static InputError more(String file, long count) {
        return new InputError(file, AFTER_LAST_LINE, 0, null, "... and " + count + (count == 1 ? " more error" : " more errors")
                + " (only the first " + InputException.MAX_PER_FILE + " of a file are listed)", count);
    }

    /** Whether this stands for errors not listed rather than for one problem. */
    public boolean isSummary() {
        return more > 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0 && line != AFTER_LAST_LINE) b.append(':').append(line);
        if (column > 0) b.append(':').append(column);
        b.append(": ");
        if (field != null && !field.isEmpty()) b.append(field).append(": ");
        return b.append(message).toString();
    }
}

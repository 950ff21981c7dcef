package dev.procsim.workload;

/**
 * One problem in a user's input, with where it is: file, line and column (1-based; 0 when not
 * known) and the field or key path. Rendered as {@code file:line:column: field: message}.
 */
public record InputError(String file, int line, int column, String field, String message) {
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) b.append(':').append(line);
        if (column > 0) b.append(':').append(column);
        b.append(": ");
        if (field != null && !field.isEmpty()) b.append(field).append(": ");
        return b.append(message).toString();
    }
}

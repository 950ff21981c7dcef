package dev.procsim.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Bad input: every problem found, each with its position. The command line exits with status 2. */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<InputError> errors;

    /** The errors are reported in file order (by file, line, then column), whatever order they were found in. */
    public InputException(List<InputError> errors) {
        this(sorted(errors), true);
    }

    private InputException(List<InputError> sorted, boolean ignored) {
        super(render(sorted));
        this.errors = sorted;
    }

    private static List<InputError> sorted(List<InputError> errors) {
        List<InputError> s = new ArrayList<>(errors);
        s.sort(Comparator.comparing(InputError::file).thenComparingInt(InputError::line).thenComparingInt(InputError::column));
        return List.copyOf(s);
    }

    public List<InputError> errors() {
        return errors;
    }

    private static String render(List<InputError> errors) {
        StringBuilder b = new StringBuilder();
        for (InputError e : errors) {
            if (b.length() > 0) b.append('\n');
            b.append(e);
        }
        return b.toString();
    }
}

package dev.procsim.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bad input: every problem found, each with its position. The command line exits with status 2.
 * At most {@link #MAX_PER_FILE} errors of one file are kept and listed; the rest are counted in one
 * last line for that file, {@code file: ... and N more errors}, so that a file with thousands of bad
 * rows gives a screenful, not thousands of lines.
 */
public final class InputException extends RuntimeException {
    /** Errors listed per file; readers may stop collecting after this many (counting the rest). */
    public static final int MAX_PER_FILE = 20;

    private static final long serialVersionUID = 1L;
    private final transient List<InputError> errors;

    /**
     * The errors are reported in file order (by file, line, then column), whatever order they were
     * found in; beyond {@link #MAX_PER_FILE} of a file, they are summed up in its summary
     * ({@link InputError#more}), which also takes in the summaries among {@code errors}.
     */
    public InputException(List<InputError> errors) {
        this(capped(errors), true);
    }

    private InputException(List<InputError> capped, boolean ignored) {
        super(render(capped));
        this.errors = capped;
    }

    private static List<InputError> capped(List<InputError> errors) {
        List<InputError> s = new ArrayList<>(errors);
        s.sort(Comparator.comparing(InputError::file).thenComparingInt(InputError::line).thenComparingInt(InputError::column));
        List<InputError> out = new ArrayList<>(Math.min(s.size(), 4 * MAX_PER_FILE));
        int i = 0;
        while (i < s.size()) {
            String file = s.get(i).file();
            int listed = 0;
            long more = 0;
            for (; i < s.size() && s.get(i).file().equals(file); i++) {
                InputError e = s.get(i);
                if (e.isSummary()) {
                    more += e.more();
                } else if (listed < MAX_PER_FILE) {
                    out.add(e);
                    listed++;
                } else {
                    more++;
                }
            }
            if (more > 0) out.add(InputError.more(file, more));
        }
        return List.copyOf(out);
    }

    /** The errors listed, in file order, each file's summary of the others last. */
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

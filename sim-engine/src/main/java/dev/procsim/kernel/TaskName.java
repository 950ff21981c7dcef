package dev.procsim.kernel;

/**
 * A task's name: a plain name, or a generator's prefix and serial ({@code prefix-serial}, the
 * n-th process of a generator) joined only when printed. A workload of many arrivals would
 * otherwise build a string per process that only the output reads (about 6% of an M/M/1 run);
 * one reference to this is what a task, its record and its schedule segments keep.
 */
public final class TaskName {
    private final String base;
    private final int serial; // -1: none

    private TaskName(String base, int serial) {
        this.base = base;
        this.serial = serial;
    }

    public static TaskName of(String name) {
        return new TaskName(name, -1);
    }

    /** {@code prefix-serial}; a serial of -1 means the plain name {@code prefix}. */
    public static TaskName numbered(String prefix, int serial) {
        if (serial < -1) throw new IllegalArgumentException("serial must be >= 0, or -1 for none, was " + serial);
        return new TaskName(prefix, serial);
    }

    /** The plain name, or the prefix of a numbered one. */
    public String base() {
        return base;
    }

    /** The serial of a numbered name ({@code base-serial}), or -1 for a plain one. */
    public int serial() {
        return serial;
    }

    /** The name as printed. */
    @Override
    public String toString() {
        return serial < 0 ? base : base + "-" + serial;
    }

    /** Names are equal when they print the same. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof TaskName n)) return false;
        return serial == n.serial && base.equals(n.base) || toString().equals(n.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}

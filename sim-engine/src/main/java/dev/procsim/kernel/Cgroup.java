package dev.procsim.kernel;

/**
 * A pids cgroup: counts the tasks charged to it (live and zombie) against {@code pids.max}.
 * Children inherit their parent's group.
 */
public final class Cgroup {
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final String name;
    private final long pidsMax;
    int tasks;

    public Cgroup(String name, long pidsMax) {
        if (pidsMax < 0) throw new IllegalArgumentException("pids.max must be >= 0, was " + pidsMax);
        this.name = name;
        this.pidsMax = pidsMax;
    }

    public String name() {
        return name;
    }

    public long pidsMax() {
        return pidsMax;
    }

    /** Tasks currently charged (pids.current). */
    public int tasks() {
        return tasks;
    }
}

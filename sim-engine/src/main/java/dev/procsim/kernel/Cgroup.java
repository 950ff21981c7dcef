package dev.procsim.kernel;

/**
 * A cgroup: the pids controller counts the tasks charged to it (live and zombie) against
 * {@code pids.max}; the cpuset controller confines its tasks to {@link #cpus} (a child group to its
 * parent's). Children inherit their parent's group.
 */
public final class Cgroup {
    public static final long UNLIMITED = Long.MAX_VALUE;

    private final String name;
    private final long pidsMax;
    /** The enclosing group, whose limit applies too (cgroups are hierarchical); null at the top. */
    final Cgroup parent;
    int tasks;
    /** cpuset.cpus: the CPUs its tasks may run on (a task's own affinity within them); null: every CPU. */
    CpuSet cpus;

    public Cgroup(String name, long pidsMax) {
        this(name, pidsMax, null);
    }

    public Cgroup(String name, long pidsMax, Cgroup parent) {
        if (pidsMax < 0) throw new IllegalArgumentException("pids.max must be >= 0, was " + pidsMax);
        this.name = name;
        this.pidsMax = pidsMax;
        this.parent = parent;
        this.cpus = parent == null ? null : parent.cpus;
    }

    /** Whether one more task would exceed pids.max here or in an enclosing group. */
    boolean full() {
        for (Cgroup g = this; g != null; g = g.parent) if (g.tasks + 1L > g.pidsMax) return true;
        return false;
    }

    /** Charges (+1) or uncharges (-1) a task here and in every enclosing group. */
    void charge(int delta) {
        for (Cgroup g = this; g != null; g = g.parent) g.tasks += delta;
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

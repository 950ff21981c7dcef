package dev.procsim.kernel;

/**
 * A process the workload starts: a child of init that arrives at {@code at} running
 * {@code program}, with {@code memoryBytes} of untouched private memory.
 *
 * <p>Its name is {@code baseName}, or with a {@code serial} of 0 or more {@code baseName-serial}
 * (the n-th process of a generator), kept in two parts: its task's {@link TaskName} joins them
 * only when the name is printed.
 */
public record ProcessSpec(String baseName, int serial, long at, String program, long memoryBytes, int nice, int priority,
        int uid, boolean autoreap, boolean subreaper, boolean inWorkloadCgroup, CpuSet cpus) {
    public ProcessSpec {
        if (baseName == null || baseName.isEmpty()) throw new IllegalArgumentException("a process needs a name");
        if (serial < -1) throw new IllegalArgumentException("serial must be >= 0, or -1 for none, was " + serial);
        if (at < 0) throw new IllegalArgumentException("arrival time must be >= 0");
        if (memoryBytes < 0) throw new IllegalArgumentException("memory must be >= 0");
        if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice must be in [-20, 19], was " + nice);
        if (uid < 0 || uid > 65535) throw new IllegalArgumentException("uid must be in [0, 65535], was " + uid);
    }

    /** Any CPU ({@code cpus} null). */
    public ProcessSpec(String baseName, int serial, long at, String program, long memoryBytes, int nice, int priority,
            int uid, boolean autoreap, boolean subreaper, boolean inWorkloadCgroup) {
        this(baseName, serial, at, program, memoryBytes, nice, priority, uid, autoreap, subreaper, inWorkloadCgroup, null);
    }

    /** The same process confined to {@code set} (null: any CPU), as taskset or a cpuset would start it. */
    public ProcessSpec withCpus(CpuSet set) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, nice, priority, uid, autoreap, subreaper, inWorkloadCgroup, set);
    }

    /** A process named {@code name} (no serial). */
    public ProcessSpec(String name, long at, String program, long memoryBytes, int nice, int priority, int uid,
            boolean autoreap, boolean subreaper, boolean inWorkloadCgroup) {
        this(name, -1, at, program, memoryBytes, nice, priority, uid, autoreap, subreaper, inWorkloadCgroup);
    }

    /** The process's name: {@code baseName}, or {@code baseName-serial}. */
    public String name() {
        return TaskName.numbered(baseName, serial).toString();
    }

    /** A plain process: nice 0, no memory, uid 1000, in the workload cgroup, not autoreaped. */
    public static ProcessSpec of(String name, long at, String program) {
        return of(name, at, program, 0, 0);
    }

    /** A plain process with memory and nice given (one object, where the with-methods make one each). */
    public static ProcessSpec of(String name, long at, String program, long memoryBytes, int nice) {
        return numbered(name, -1, at, program, memoryBytes, nice);
    }

    /** Like {@link #of(String, long, String, long, int)}, named {@code prefix-serial}. */
    public static ProcessSpec numbered(String prefix, int serial, long at, String program, long memoryBytes, int nice) {
        return new ProcessSpec(prefix, serial, at, program, memoryBytes, nice, 0, 1000, false, false, true);
    }

    public ProcessSpec withMemory(long bytes) {
        return new ProcessSpec(baseName, serial, at, program, bytes, nice, priority, uid, autoreap, subreaper, inWorkloadCgroup, cpus);
    }

    public ProcessSpec withNice(int n) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, n, priority, uid, autoreap, subreaper, inWorkloadCgroup, cpus);
    }

    public ProcessSpec withPriority(int p) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, nice, p, uid, autoreap, subreaper, inWorkloadCgroup, cpus);
    }

    public ProcessSpec withUid(int u) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, nice, priority, u, autoreap, subreaper, inWorkloadCgroup, cpus);
    }

    public ProcessSpec withAutoreap(boolean a) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, nice, priority, uid, a, subreaper, inWorkloadCgroup, cpus);
    }

    public ProcessSpec withSubreaper(boolean s) {
        return new ProcessSpec(baseName, serial, at, program, memoryBytes, nice, priority, uid, autoreap, s, inWorkloadCgroup, cpus);
    }
}

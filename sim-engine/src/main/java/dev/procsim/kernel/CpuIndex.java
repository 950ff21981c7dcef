package dev.procsim.kernel;

import java.util.Arrays;

/**
 * What the per-CPU run queues keep so that no search on the per-event path reads every CPU (a
 * 4,096-CPU machine made each fork, wake-up and end of instant cost thousands of reads): the
 * CPUs' loads in {@link LoadTree}s, and bit sets, a word of 64 CPUs, of the idle CPUs (no task
 * running or queued), of the CPUs an idle-CPU fill must visit, and of the CPUs whose policy has a
 * timer. {@link RunQueues} tells it every change; it keeps one only above
 * {@link KernelConfig#indexCpusAbove} CPUs.
 */
final class CpuIndex {
    private final int n;
    private final LoadTree loads;
    /** The loads of the CPUs with a task queued, for the busiest search ({@link LoadTree#most}). */
    private final LoadTree busy;
    private final long[] idle;
    /** A task was queued there or it became newly idle since the fill last visited it. */
    private final long[] toFill;
    /** Its policy had a timer when last asked (all at first: each is asked once). */
    private final long[] timers;

    CpuIndex(int n) {
        this.n = n;
        loads = new LoadTree(n);
        busy = new LoadTree(n);
        for (int c = 0; c < n; c++) busy.set(c, Long.MAX_VALUE);
        int words = (n + 63) >>> 6;
        idle = new long[words];
        for (int c = 0; c < n; c++) idle[c >>> 6] |= 1L << c;
        toFill = new long[words];
        timers = new long[words];
        Arrays.fill(timers, -1L);
    }

    /** CPU {@code c} now has {@code load} tasks, running and queued, {@code queued} of them queued. */
    void load(int c, int load, int queued) {
        loads.set(c, LoadTree.least(c, load));
        busy.set(c, queued > 0 ? LoadTree.most(c, load) : Long.MAX_VALUE);
        if (load == 0) idle[c >>> 6] |= 1L << c;
        else idle[c >>> 6] &= ~(1L << c);
    }

    /** The least loaded CPU of {@code [from, to)}, as {@code load << 32 | cpu} (lowest number on ties). */
    long leastLoaded(int from, int to) {
        return loads.min(from, to);
    }

    /** The most loaded CPU of {@code [from, to)} with a task queued (lowest number on ties), or -1. */
    int busiest(int from, int to) {
        long m = busy.min(from, to);
        return m == Long.MAX_VALUE ? -1 : (int) m;
    }

    /** The lowest CPU of {@code [from, to)} with no task, running or queued, or -1. */
    int nextIdle(int from, int to) {
        int c = next(idle, from);
        return c >= 0 && c < to ? c : -1;
    }

    void markToFill(int c) {
        toFill[c >>> 6] |= 1L << c;
    }

    void unmarkToFill(int c) {
        toFill[c >>> 6] &= ~(1L << c);
    }

    /** The lowest CPU numbered {@code from} or more that is idle in {@code cpus} and marked to fill, or -1. */
    int nextToFill(IdleCpus cpus, int from) {
        return cpus.nextAlso(from, toFill);
    }

    void markTimer(int c) {
        timers[c >>> 6] |= 1L << c;
    }

    void unmarkTimer(int c) {
        timers[c >>> 6] &= ~(1L << c);
    }

    /** The lowest CPU numbered {@code from} or more whose policy had a timer, or -1. */
    int nextTimer(int from) {
        return next(timers, from);
    }

    /** The lowest set bit numbered {@code from} or more (below n), or -1. */
    private int next(long[] bits, int from) {
        int c = IdleCpus.nextBit(bits, from);
        return c < n ? c : -1;
    }
}

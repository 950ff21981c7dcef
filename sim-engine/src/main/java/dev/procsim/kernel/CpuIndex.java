package dev.procsim.kernel;

import java.util.Arrays;

/**
 * What the per-CPU run queues keep so that no search on the per-event path reads every CPU (a
 * 4,096-CPU machine made each fork, wake-up and end of instant cost thousands of reads): the
 * CPUs' loads in {@link LoadTree}s, and bit sets, a word of 64 CPUs, of the idle CPUs (no task
 * running or queued), of the CPUs an idle-CPU fill must visit, and of the CPUs whose policy has a
 * timer. {@link RunQueues} tells it every change; it keeps one only above
 * {@link KernelConfig#indexCpusAbove} CPUs (one), and its trees only above 64 (on fewer a scan of
 * the loads costs less than two tree updates at every change: 8 CPUs ran 5% slower with them).
 */
final class CpuIndex {
    private final int n;
    /** Null up to 64 CPUs: a scan of them costs less than keeping the tree at every change. */
    private final LoadTree loads;
    /** The loads of the CPUs with a task queued, for the busiest search ({@link LoadTree#most}); null as above. */
    private final LoadTree busy;
    private final int[] load, queued;
    private final long[] idle;
    /** A task was queued there or it became newly idle since the fill last visited it. */
    private final long[] toFill;
    /** Its policy had a timer when last asked (all at first: each is asked once). */
    private final long[] timers;

    CpuIndex(int n) {
        this.n = n;
        loads = n > 64 ? new LoadTree(n) : null;
        busy = loads == null ? null : new LoadTree(n);
        if (busy != null) for (int c = 0; c < n; c++) busy.set(c, Long.MAX_VALUE);
        load = loads == null ? new int[n] : null;
        queued = loads == null ? new int[n] : null;
        int words = (n + 63) >>> 6;
        idle = new long[words];
        for (int c = 0; c < n; c++) idle[c >>> 6] |= 1L << c;
        toFill = new long[words];
        timers = new long[words];
        Arrays.fill(timers, -1L);
    }

    /** CPU {@code c} now has {@code load} tasks, running and queued, {@code queued} of them queued. */
    void load(int c, int load, int queued) {
        if (loads != null) {
            loads.set(c, LoadTree.least(c, load));
            busy.set(c, queued > 0 ? LoadTree.most(c, load) : Long.MAX_VALUE);
        } else {
            this.load[c] = load;
            this.queued[c] = queued;
        }
        if (load == 0) idle[c >>> 6] |= 1L << c;
        else idle[c >>> 6] &= ~(1L << c);
    }

    /** The least loaded CPU of {@code [from, to)}, as {@code load << 32 | cpu} (lowest number on ties). */
    long leastLoaded(int from, int to) {
        if (loads != null) return loads.min(from, to);
        long m = Long.MAX_VALUE;
        for (int c = from; c < to; c++) m = Math.min(m, LoadTree.least(c, load[c]));
        return m;
    }

    /** The most loaded CPU of {@code [from, to)} with a task queued (lowest number on ties), or -1. */
    int busiest(int from, int to) {
        long m = Long.MAX_VALUE;
        if (busy != null) {
            m = busy.min(from, to);
        } else {
            for (int c = from; c < to; c++) if (queued[c] > 0) m = Math.min(m, LoadTree.most(c, load[c]));
        }
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

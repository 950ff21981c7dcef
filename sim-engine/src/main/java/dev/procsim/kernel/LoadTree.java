package dev.procsim.kernel;

import java.util.Arrays;

/**
 * A key per CPU in a tournament tree, so that the least key of any range of CPUs (a topology
 * domain: the CPUs of a core, an LLC, a node are numbered together) is found in O(log n) instead
 * of a scan of every CPU: placing a new task on a 4,096-CPU machine read 4,096 loads per fork. The
 * keys put the CPU number in their low 32 bits (see {@link #least} and {@link #most}), so ties go to
 * the lowest number.
 */
final class LoadTree {
    private final int leaves;
    private final long[] tree;

    /** The key of a CPU whose load counts for the least loaded. */
    static long least(int cpu, int load) {
        return (long) load << 32 | cpu;
    }

    /** The key of a CPU whose load counts for the most loaded ({@code Integer.MAX_VALUE - load} ascending). */
    static long most(int cpu, int load) {
        return (long) (Integer.MAX_VALUE - load) << 32 | cpu;
    }

    /** {@code n} CPUs, each keyed {@code least(cpu, 0)}. */
    LoadTree(int n) {
        int s = 1;
        while (s < n) s <<= 1;
        leaves = s;
        tree = new long[2 * s];
        Arrays.fill(tree, Long.MAX_VALUE);
        for (int c = 0; c < n; c++) tree[s + c] = c;
        for (int i = s - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
    }

    /** CPU {@code cpu}'s key; {@code Long.MAX_VALUE}: it takes no part. */
    void set(int cpu, long key) {
        int i = leaves + cpu;
        if (tree[i] == key) return;
        tree[i] = key;
        for (i >>>= 1; i >= 1; i >>>= 1) {
            long m = Math.min(tree[2 * i], tree[2 * i + 1]);
            if (tree[i] == m) break; // the minimum above does not change
            tree[i] = m;
        }
    }

    /** The least key of CPUs {@code [from, to)} ({@code Long.MAX_VALUE} if none takes part): its CPU is {@code (int) key}. */
    long min(int from, int to) {
        long m = Long.MAX_VALUE;
        for (int lo = from + leaves, hi = to + leaves; lo < hi; lo >>>= 1, hi >>>= 1) {
            if ((lo & 1) == 1) m = Math.min(m, tree[lo++]);
            if ((hi & 1) == 1) m = Math.min(m, tree[--hi]);
        }
        return m;
    }
}

package dev.procsim.kernel;

import java.util.Arrays;

/**
 * Each CPU's load in a tournament tree of keys {@code load << 32 | cpu}, so that the least loaded
 * CPU of any range of CPUs (a topology domain: the CPUs of a core, an LLC, a node are numbered
 * together), lowest number first on ties, is found in O(log n) instead of a scan of every CPU:
 * placing a new task on a 4,096-CPU machine read 4,096 loads per fork.
 */
final class LoadTree {
    private final int leaves;
    private final long[] tree;

    /** {@code n} CPUs, all with load 0. */
    LoadTree(int n) {
        int s = 1;
        while (s < n) s <<= 1;
        leaves = s;
        tree = new long[2 * s];
        Arrays.fill(tree, Long.MAX_VALUE);
        for (int c = 0; c < n; c++) tree[s + c] = c;
        for (int i = s - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i], tree[2 * i + 1]);
    }

    void set(int cpu, int load) {
        int i = leaves + cpu;
        long key = (long) load << 32 | cpu;
        if (tree[i] == key) return;
        tree[i] = key;
        for (i >>>= 1; i >= 1; i >>>= 1) {
            long m = Math.min(tree[2 * i], tree[2 * i + 1]);
            if (tree[i] == m) break; // the minimum above does not change
            tree[i] = m;
        }
    }

    /** The least key of CPUs {@code [from, to)}: its CPU is {@code (int) key}, its load {@code key >>> 32}. */
    long min(int from, int to) {
        long m = Long.MAX_VALUE;
        for (int lo = from + leaves, hi = to + leaves; lo < hi; lo >>>= 1, hi >>>= 1) {
            if ((lo & 1) == 1) m = Math.min(m, tree[lo++]);
            if ((hi & 1) == 1) m = Math.min(m, tree[--hi]);
        }
        return m;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;

/**
 * EEVDF's run queue: tasks ordered by (virtual runtime, order of entry), each subtree knowing its
 * task with the earliest (virtual deadline, order of entry), so that "the earliest deadline among
 * the tasks whose virtual runtime is at most V" is found in one walk from the root (as Linux's
 * augmented rbtree with {@code min_vruntime}/{@code min_deadline}). A treap on primitive arrays:
 * node priorities are a hash of the node's entry number (deterministic), so the expected depth is
 * O(log n) whatever the keys; insert, remove and pick are O(log n) and allocate nothing once grown.
 * Recursive on purpose: an iterative split and merge on a path stack measured 12-18% slower in
 * SchedulerBenchmark (eevdf, 10 to 100,000 tasks; benchmarks/README.md).
 * A queued task's {@code schedIndex} is its node.
 */
final class EligibilityTree {
    private long[] vr = new long[16], dl = new long[16], seq = new long[16];
    private int[] left = new int[16], right = new int[16], best = new int[16];
    private long[] prio = new long[16];
    private Task[] task = new Task[16];
    private int[] free = new int[16];
    private int freeCount, used, root = -1, size;
    /** The node with the least key, -1 when empty, STALE after it was removed (found again on demand). */
    private int least = -1;
    private static final int STALE = -2;
    private long nextSeq;

    int size() {
        return size;
    }

    /** Inserts a task with its current vruntime ({@code schedKey}) and deadline ({@code schedKey2}). */
    void add(Task t) {
        int n = freeCount > 0 ? free[--freeCount] : grow();
        vr[n] = t.schedKey;
        dl[n] = t.schedKey2;
        seq[n] = nextSeq++;
        prio[n] = mix(seq[n]);
        left[n] = right[n] = -1;
        best[n] = n;
        task[n] = t;
        t.schedIndex = n;
        root = insert(root, n);
        size++;
        if (least == -1 || least != STALE && keyLess(n, least)) least = n;
    }

    /** Removes a queued task. */
    void remove(Task t) {
        int n = t.schedIndex;
        root = delete(root, n);
        if (size == 1) least = -1;
        else if (n == least) least = STALE;
        task[n] = null;
        t.schedIndex = -1;
        free[freeCount++] = n;
        size--;
    }

    /**
     * For tests: whether the tree is a treap of its {@link #size()} nodes: keys in order, each
     * node's priority at least its children's, each {@code best} the earliest deadline below.
     */
    boolean wellFormed() {
        int[] count = {0};
        return wellFormed(root, -1, -1, count) && count[0] == size;
    }

    private boolean wellFormed(int n, int lo, int hi, int[] count) {
        if (n < 0) return true;
        count[0]++;
        if (lo >= 0 && !keyLess(lo, n) || hi >= 0 && !keyLess(n, hi)) return false;
        int l = left[n], r = right[n];
        if (l >= 0 && prio[l] > prio[n] || r >= 0 && prio[r] > prio[n]) return false;
        int b = n;
        if (l >= 0 && before(best[l], b)) b = best[l];
        if (r >= 0 && before(best[r], b)) b = best[r];
        return best[n] == b && wellFormed(l, lo, n, count) && wellFormed(r, n, hi, count);
    }

    /** Height of the tree (for tests: expected O(log n)). */
    int depth() {
        return depth(root);
    }

    private int depth(int n) {
        return n < 0 ? 0 : 1 + Math.max(depth(left[n]), depth(right[n]));
    }

    /** The task with the smallest vruntime, or null. */
    Task leftmost() {
        if (least == STALE) {
            int n = root;
            while (left[n] >= 0) n = left[n];
            least = n;
        }
        return least < 0 ? null : task[least];
    }

    /**
     * The task with the earliest deadline among those that {@code eligible} accepts, where
     * eligibility is monotone in vruntime (every task left of an eligible one is eligible); null
     * when none is.
     */
    Task pick(Eligibility eligible) {
        int cand = -1;
        int n = root;
        while (n >= 0) {
            if (eligible.test(vr[n])) {
                // n and its whole left subtree are eligible; the right subtree may be in part
                if (cand < 0 || before(n, cand)) cand = n;
                int l = left[n];
                if (l >= 0 && before(best[l], cand)) cand = best[l];
                n = right[n];
            } else {
                n = left[n];
            }
        }
        return cand < 0 ? null : task[cand];
    }

    /**
     * {@link #pick} among the tasks {@code ok} accepts, with eligibility as it stands for the whole
     * queue: the earliest deadline among the eligible ones, else the one with the smallest
     * vruntime; null when {@code ok} accepts none. Visits every node (O(n)): only tasks confined to
     * some CPUs of a queue shared by several need it.
     */
    Task pick(Eligibility eligible, java.util.function.Predicate<Task> ok) {
        okBest = -1;
        okLeast = -1;
        visit(root, eligible, ok);
        int n = okBest >= 0 ? okBest : okLeast;
        return n < 0 ? null : task[n];
    }

    private int okBest, okLeast;

    private void visit(int n, Eligibility eligible, java.util.function.Predicate<Task> ok) {
        if (n < 0) return;
        visit(left[n], eligible, ok);
        if (ok.test(task[n])) {
            if (eligible.test(vr[n]) && (okBest < 0 || before(n, okBest))) okBest = n;
            if (okLeast < 0) okLeast = n; // in-order: the first accepted has the least key
        }
        visit(right[n], eligible, ok);
    }

    /** Whether the vruntime test says a task with vruntime {@code v} is eligible. */
    interface Eligibility {
        boolean test(long v);
    }

    private boolean before(int a, int b) {
        return dl[a] < dl[b] || dl[a] == dl[b] && seq[a] < seq[b];
    }

    private boolean keyLess(int a, int b) {
        return vr[a] < vr[b] || vr[a] == vr[b] && seq[a] < seq[b];
    }

    private void pull(int n) {
        int b = n;
        int l = left[n], r = right[n];
        if (l >= 0 && before(best[l], b)) b = best[l];
        if (r >= 0 && before(best[r], b)) b = best[r];
        best[n] = b;
    }

    private int insert(int t, int n) {
        if (t < 0) return n;
        if (prio[n] > prio[t]) { // n becomes the root of this subtree: split t around n's key
            int[] lr = split(t, n);
            left[n] = lr[0];
            right[n] = lr[1];
            pull(n);
            return n;
        }
        if (keyLess(n, t)) left[t] = insert(left[t], n);
        else right[t] = insert(right[t], n);
        pull(t);
        return t;
    }

    private final int[] splitOut = new int[2];

    /** Splits subtree t into keys before n and after n. */
    private int[] split(int t, int n) {
        if (t < 0) {
            splitOut[0] = splitOut[1] = -1;
            return splitOut;
        }
        if (keyLess(t, n)) {
            split(right[t], n);
            right[t] = splitOut[0];
            pull(t);
            splitOut[0] = t;
        } else {
            split(left[t], n);
            left[t] = splitOut[1];
            pull(t);
            splitOut[1] = t;
        }
        return splitOut;
    }

    private int delete(int t, int n) {
        if (t == n) return merge(left[t], right[t]);
        if (keyLess(n, t)) left[t] = delete(left[t], n);
        else right[t] = delete(right[t], n);
        pull(t);
        return t;
    }

    private int merge(int a, int b) {
        if (a < 0) return b;
        if (b < 0) return a;
        if (prio[a] > prio[b]) {
            right[a] = merge(right[a], b);
            pull(a);
            return a;
        }
        left[b] = merge(a, left[b]);
        pull(b);
        return b;
    }

    private int grow() {
        if (used == vr.length) {
            int c = used * 2;
            vr = Arrays.copyOf(vr, c);
            dl = Arrays.copyOf(dl, c);
            seq = Arrays.copyOf(seq, c);
            prio = Arrays.copyOf(prio, c);
            left = Arrays.copyOf(left, c);
            right = Arrays.copyOf(right, c);
            best = Arrays.copyOf(best, c);
            task = Arrays.copyOf(task, c);
            free = Arrays.copyOf(free, c);
        }
        return used++;
    }

    /** SplitMix64's finaliser: treap priorities from entry numbers, the same in every run. */
    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

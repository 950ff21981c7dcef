package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;

/**
 * EEVDF's run queue: tasks ordered by (virtual runtime, order of entry), each subtree knowing its
 * task with the earliest (virtual deadline, order of entry), so that "the earliest deadline among
 * the tasks whose virtual runtime is at most V" is found in one walk from the root (as Linux's
 * augmented rbtree with {@code min_vruntime}/{@code min_deadline}). A treap on primitive arrays:
 * node priorities are a hash of the node's entry number (deterministic), so the expected depth is
 * O(log n) whatever the keys; insert, remove and pick are O(log n), iterative (a path stack, no
 * recursion), and allocate nothing once grown.
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
        insert(n);
        size++;
        if (least == -1 || least != STALE && keyLess(n, least)) least = n;
    }

    /** Removes a queued task. */
    void remove(Task t) {
        int n = t.schedIndex;
        delete(n);
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

    /** Ancestors of the node being inserted or removed, root first; and the nodes a split or merge rebuilt, in the order visited. */
    private int[] path = new int[64], rebuilt = new int[64];
    private int pathLen, rebuiltLen;

    private void pushPath(int n) {
        if (pathLen == path.length) path = Arrays.copyOf(path, pathLen * 2);
        path[pathLen++] = n;
    }

    private void pushRebuilt(int n) {
        if (rebuiltLen == rebuilt.length) rebuilt = Arrays.copyOf(rebuilt, rebuiltLen * 2);
        rebuilt[rebuiltLen++] = n;
    }

    /** Brings {@code best} up to date on the rebuilt nodes, deepest first, then on the path's, deepest first. */
    private void pullRebuiltThenPath() {
        while (rebuiltLen > 0) pull(rebuilt[--rebuiltLen]);
        while (pathLen > 0) pull(path[--pathLen]);
    }

    /** Puts {@code child} where {@code old} hung: under the last node of the path, or as the root. */
    private void replaceOnPath(int old, int child) {
        if (pathLen == 0) root = child;
        else if (left[path[pathLen - 1]] == old) left[path[pathLen - 1]] = child;
        else right[path[pathLen - 1]] = child;
    }

    /**
     * Inserts node {@code n} without recursion: down from the root while the nodes there have a
     * higher priority; there {@code n} takes the place of the subtree below, which is split around
     * n's key into n's two children (the left part's right spine and the right part's left spine
     * grow as the split walks down).
     */
    private void insert(int n) {
        pathLen = rebuiltLen = 0;
        int t = root;
        while (t >= 0 && prio[t] >= prio[n]) {
            pushPath(t);
            t = keyLess(n, t) ? left[t] : right[t];
        }
        int lTail = -1, rTail = -1; // the last node put in the left part (its right child is open), in the right part (its left)
        left[n] = right[n] = -1;
        while (t >= 0) {
            pushRebuilt(t);
            if (keyLess(t, n)) {
                if (lTail < 0) left[n] = t;
                else right[lTail] = t;
                lTail = t;
                t = right[t];
            } else {
                if (rTail < 0) right[n] = t;
                else left[rTail] = t;
                rTail = t;
                t = left[t];
            }
        }
        if (lTail >= 0) right[lTail] = -1;
        if (rTail >= 0) left[rTail] = -1;
        if (pathLen == 0) root = n;
        else if (keyLess(n, path[pathLen - 1])) left[path[pathLen - 1]] = n;
        else right[path[pathLen - 1]] = n;
        pushRebuilt(n); // after the split's nodes: n's children are below it
        pullRebuiltThenPath();
    }

    /**
     * Removes node {@code n} without recursion: down from the root to it, then its two subtrees
     * merged in its place (the merged tree's spine grows as the merge walks down, taking the root
     * of higher priority each step).
     */
    private void delete(int n) {
        pathLen = rebuiltLen = 0;
        int t = root;
        while (t != n) {
            pushPath(t);
            t = keyLess(n, t) ? left[t] : right[t];
        }
        int a = left[n], b = right[n]; // every key of a is before every key of b
        int top = -1, tail = -1;
        boolean tailRight = false; // which child of tail the merge fills next
        while (a >= 0 && b >= 0) {
            int take = prio[a] > prio[b] ? a : b;
            if (tail < 0) top = take;
            else if (tailRight) right[tail] = take;
            else left[tail] = take;
            tail = take;
            if (take == a) { // a's root stays on top; the merge goes on in its right subtree
                a = right[a];
                tailRight = true;
            } else { // b's root stays on top; the merge goes on in its left subtree
                b = left[b];
                tailRight = false;
            }
            pushRebuilt(take);
        }
        int rest = a >= 0 ? a : b;
        if (tail < 0) top = rest;
        else if (tailRight) right[tail] = rest;
        else left[tail] = rest;
        replaceOnPath(n, top);
        pullRebuiltThenPath();
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

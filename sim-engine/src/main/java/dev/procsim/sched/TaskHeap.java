package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A binary min-heap of tasks ordered by ({@code schedKey}, {@code enqueueSeq}) as they were when
 * the task was added: the key the policy sets, then earlier entry into the ready queue (sequence
 * numbers are unique per scheduler, so the PID is never needed as a last tie-break). The keys sit
 * in the heap's own arrays, so comparisons never touch the task objects: a large queue stays
 * cache-friendly and pick/add are O(log n) array operations.
 *
 * <p>Removal of an arbitrary task (a task killed while ready) is lazy: the task is marked out of
 * the queue ({@code schedIndex = -1}) and its entry, recognised as stale by its sequence number,
 * is skipped when it reaches the top, or dropped in a rebuild once stale entries outnumber live
 * ones. No allocation once grown.
 */
final class TaskHeap {
    private long[] keys = new long[16];
    private long[] seqs = new long[16];
    private Task[] tasks = new Task[16];
    private int entries;
    private int live;

    int size() {
        return live;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Adds a task with the key and sequence number already set in {@code schedKey} and {@code enqueueSeq}. */
    void add(Task t) {
        if (entries == keys.length) {
            int cap = entries * 2;
            keys = Arrays.copyOf(keys, cap);
            seqs = Arrays.copyOf(seqs, cap);
            tasks = Arrays.copyOf(tasks, cap);
        }
        t.schedIndex = 1;
        siftUp(entries++, t.schedKey, t.enqueueSeq, t);
        live++;
    }

    Task peek() {
        dropStaleTop();
        return entries == 0 ? null : tasks[0];
    }

    Task poll() {
        dropStaleTop();
        if (entries == 0) return null;
        Task t = tasks[0];
        removeTop();
        t.schedIndex = -1;
        live--;
        return t;
    }

    void remove(Task t) {
        if (t.schedIndex != 1) throw new IllegalStateException(t + " is not in this run queue");
        t.schedIndex = -1;
        live--;
        if (entries - live > live + 64) rekeyAll(x -> {});
    }

    /** Lets the policy change every queued task's key ({@code update} sets schedKey), then restores order in O(n). */
    void rekeyAll(Consumer<Task> update) {
        int j = 0;
        for (int i = 0; i < entries; i++) {
            Task t = tasks[i];
            if (valid(i)) {
                update.accept(t);
                keys[j] = t.schedKey;
                seqs[j] = seqs[i];
                tasks[j] = t;
                j++;
            }
        }
        for (int i = j; i < entries; i++) tasks[i] = null;
        entries = j;
        for (int i = (entries >>> 1) - 1; i >= 0; i--) siftDown(i, keys[i], seqs[i], tasks[i]);
    }

    private boolean valid(int i) {
        Task t = tasks[i];
        return t.schedIndex == 1 && t.enqueueSeq == seqs[i];
    }

    private void dropStaleTop() {
        while (entries > 0 && !valid(0)) removeTop();
    }

    private void removeTop() {
        int n = --entries;
        long k = keys[n];
        long s = seqs[n];
        Task t = tasks[n];
        tasks[n] = null;
        if (n > 0) siftDown(0, k, s, t);
    }

    private static boolean before(long k1, long s1, long k2, long s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }

    private void siftUp(int i, long k, long s, Task t) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(k, s, keys[p], seqs[p])) break;
            keys[i] = keys[p];
            seqs[i] = seqs[p];
            tasks[i] = tasks[p];
            i = p;
        }
        keys[i] = k;
        seqs[i] = s;
        tasks[i] = t;
    }

    private void siftDown(int i, long k, long s, Task t) {
        int n = entries;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) break;
            if (c + 1 < n && before(keys[c + 1], seqs[c + 1], keys[c], seqs[c])) c++;
            if (!before(keys[c], seqs[c], k, s)) break;
            keys[i] = keys[c];
            seqs[i] = seqs[c];
            tasks[i] = tasks[c];
            i = c;
        }
        keys[i] = k;
        seqs[i] = s;
        tasks[i] = t;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A 4-ary min-heap of tasks ordered by ({@code schedKey}, {@code enqueueSeq}) as they were when
 * the task was added: the key the policy sets, then earlier entry into the ready queue (sequence
 * numbers are unique per scheduler, so the PID is never needed as a last tie-break). Key and
 * sequence sit side by side in one array, so comparisons never touch the task objects and the four
 * children of a node share a cache line or two: a large queue stays cache-friendly and pick/add
 * are O(log n) array operations.
 *
 * <p>Removal of an arbitrary task (a task killed while ready) is lazy: the task is marked out of
 * the queue ({@code schedIndex = -1}) and its entry, recognised as stale by its sequence number,
 * is skipped when it reaches the top, or dropped in a rebuild once stale entries outnumber live
 * ones. No allocation once grown.
 */
final class TaskHeap {
    // ks[2i] = key, ks[2i+1] = sequence of entry i; children of i are 4i+1 .. 4i+4.
    private long[] ks = new long[32];
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
        if (entries == tasks.length) {
            ks = Arrays.copyOf(ks, 4 * entries);
            tasks = Arrays.copyOf(tasks, 2 * entries);
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
                ks[2 * j] = t.schedKey;
                ks[2 * j + 1] = ks[2 * i + 1];
                tasks[j] = t;
                j++;
            }
        }
        for (int i = j; i < entries; i++) tasks[i] = null;
        entries = j;
        for (int i = (entries - 2) >> 2; i >= 0; i--) siftDown(i, ks[2 * i], ks[2 * i + 1], tasks[i]);
    }

    private boolean valid(int i) {
        Task t = tasks[i];
        return t.schedIndex == 1 && t.enqueueSeq == ks[2 * i + 1];
    }

    private void dropStaleTop() {
        // Only removals leave stale entries; without any, the root needs no look at its task.
        while (entries > live && entries > 0 && !valid(0)) removeTop();
    }

    private void removeTop() {
        int n = --entries;
        long k = ks[2 * n];
        long s = ks[2 * n + 1];
        Task t = tasks[n];
        tasks[n] = null;
        if (n > 0) siftDown(0, k, s, t);
    }

    private static boolean before(long k1, long s1, long k2, long s2) {
        return k1 < k2 || (k1 == k2 && s1 < s2);
    }

    private void siftUp(int i, long k, long s, Task t) {
        long[] a = ks;
        while (i > 0) {
            int p = (i - 1) >>> 2;
            if (!before(k, s, a[2 * p], a[2 * p + 1])) break;
            a[2 * i] = a[2 * p];
            a[2 * i + 1] = a[2 * p + 1];
            tasks[i] = tasks[p];
            i = p;
        }
        a[2 * i] = k;
        a[2 * i + 1] = s;
        tasks[i] = t;
    }

    private void siftDown(int i, long k, long s, Task t) {
        long[] a = ks;
        int n = entries;
        while (true) {
            int c = 4 * i + 1;
            if (c >= n) break;
            int end = Math.min(c + 4, n);
            int m = c;
            for (int j = c + 1; j < end; j++) {
                if (before(a[2 * j], a[2 * j + 1], a[2 * m], a[2 * m + 1])) m = j;
            }
            if (!before(a[2 * m], a[2 * m + 1], k, s)) break;
            a[2 * i] = a[2 * m];
            a[2 * i + 1] = a[2 * m + 1];
            tasks[i] = tasks[m];
            i = m;
        }
        a[2 * i] = k;
        a[2 * i + 1] = s;
        tasks[i] = t;
    }
}

package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;

/**
 * A binary min-heap of tasks ordered by ({@code schedKey}, {@code enqueueSeq}, pid): the key the
 * policy sets, then earlier entry into the ready queue, then lower PID (design.md section 5).
 * Indexed through {@code schedIndex}, so removing any task is O(log n). No allocation once grown.
 */
final class TaskHeap {
    private Task[] heap = new Task[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Task peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Task t) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        siftUp(size++, t);
    }

    Task poll() {
        if (size == 0) return null;
        Task top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(Task t) {
        int i = t.schedIndex;
        if (i < 0 || i >= size || heap[i] != t) throw new IllegalStateException(t + " is not in this run queue");
        removeAt(i);
    }

    boolean contains(Task t) {
        int i = t.schedIndex;
        return i >= 0 && i < size && heap[i] == t;
    }

    /** Re-establishes order after {@code t.schedKey} changed. */
    void update(Task t) {
        int i = t.schedIndex;
        siftUp(i, t);
        siftDown(t.schedIndex, t);
    }

    Task get(int i) {
        return heap[i];
    }

    /** Restores heap order after many keys changed at once (Floyd, O(n)). */
    void rebuild() {
        for (int i = (size >>> 1) - 1; i >= 0; i--) siftDown(i, heap[i]);
    }

    static boolean before(Task a, Task b) {
        if (a.schedKey != b.schedKey) return a.schedKey < b.schedKey;
        if (a.enqueueSeq != b.enqueueSeq) return a.enqueueSeq < b.enqueueSeq;
        return a.pid() < b.pid();
    }

    private void removeAt(int i) {
        Task t = heap[i];
        t.schedIndex = -1;
        Task last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftUp(i, last);
            siftDown(last.schedIndex, last);
        }
    }

    private void siftUp(int i, Task t) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            Task pt = heap[p];
            if (!before(t, pt)) break;
            heap[i] = pt;
            pt.schedIndex = i;
            i = p;
        }
        heap[i] = t;
        t.schedIndex = i;
    }

    private void siftDown(int i, Task t) {
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && before(heap[c + 1], heap[c])) c++;
            if (!before(heap[c], t)) break;
            heap[i] = heap[c];
            heap[i].schedIndex = i;
            i = c;
        }
        heap[i] = t;
        t.schedIndex = i;
    }
}

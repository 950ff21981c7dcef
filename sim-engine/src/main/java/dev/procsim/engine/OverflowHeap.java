package dev.procsim.engine;

import java.util.Arrays;

/**
 * The calendar queue's overflow: a 4-ary min-heap of (time, key) pairs in one long array, ordered
 * by time, then key. {@link EventQueue} keeps here the events that fall before its cursor or a
 * year or more past it, with {@code key = seq << 32 | slot}, so ties come out in scheduling order.
 * It knows nothing of slots or cancellation: the queue drops cancelled entries as they reach the
 * top or in a {@link #compact} pass.
 */
final class OverflowHeap {
    private long[] h = new long[8]; // entry i: time at 2i, key at 2i + 1
    private int size;

    int size() {
        return size;
    }

    long topTime() {
        return h[0];
    }

    long topKey() {
        return h[1];
    }

    /** The key of entry {@code i} (in heap order, for passes over every entry). */
    long keyAt(int i) {
        return h[2 * i + 1];
    }

    void push(long time, long key) {
        if (2 * size == h.length) h = Arrays.copyOf(h, h.length << 1);
        siftUp(size++, time, key);
    }

    void removeTop() {
        int n = --size;
        if (n > 0) siftDown(0, h[2 * n], h[2 * n + 1]);
    }

    void clear() {
        size = 0;
    }

    /** Keeps the entries whose key {@code keep} accepts (in one pass, in order) and re-heapifies in O(n). */
    void compact(java.util.function.LongPredicate keep) {
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (keep.test(h[2 * i + 1])) {
                h[2 * j] = h[2 * i];
                h[2 * j + 1] = h[2 * i + 1];
                j++;
            }
        }
        size = j;
        for (int i = (size - 2) >> 2; i >= 0; i--) siftDown(i, h[2 * i], h[2 * i + 1]);
    }

    private void siftUp(int pos, long time, long key) {
        long[] a = h;
        while (pos > 0) {
            int parent = (pos - 1) >>> 2;
            long pt = a[2 * parent];
            if (time > pt || (time == pt && key > a[2 * parent + 1])) break;
            a[2 * pos] = pt;
            a[2 * pos + 1] = a[2 * parent + 1];
            pos = parent;
        }
        a[2 * pos] = time;
        a[2 * pos + 1] = key;
    }

    private void siftDown(int pos, long time, long key) {
        long[] a = h;
        int c;
        while ((c = (pos << 2) + 1) < size) {
            int m = c;
            int end = Math.min(c + 4, size);
            for (int k = c + 1; k < end; k++) {
                if (a[2 * k] < a[2 * m] || (a[2 * k] == a[2 * m] && a[2 * k + 1] < a[2 * m + 1])) m = k;
            }
            long mt = a[2 * m];
            if (mt > time || (mt == time && a[2 * m + 1] > key)) break;
            a[2 * pos] = mt;
            a[2 * pos + 1] = a[2 * m + 1];
            pos = m;
        }
        a[2 * pos] = time;
        a[2 * pos + 1] = key;
    }
}

package dev.procsim.bench;

import java.util.Arrays;

/**
 * The yardstick of the event-queue benchmark: the simplest fast event queue a Java programmer
 * would write, a 4-ary min-heap of (time, seq << 32 | payload) pairs in one long array. It has no
 * cancellation, no handlers and no tie rule beyond the sequence number, so procsim's queue, which
 * has all three, is measured against a floor rather than a straw man.
 */
final class PlainFourAryHeap {
    private long[] h;
    private int size;
    private long seq;

    PlainFourAryHeap(int capacity) {
        h = new long[2 * Math.max(capacity, 4)];
    }

    void add(long time, int payload) {
        if (2 * size == h.length) h = Arrays.copyOf(h, h.length << 1);
        long key = seq++ << 32 | (payload & 0xFFFF_FFFFL);
        long[] a = h;
        int pos = size++;
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

    /** Removes the earliest event and returns its time. */
    long poll() {
        long[] a = h;
        long top = a[0];
        int n = --size;
        long time = a[2 * n];
        long key = a[2 * n + 1];
        int pos = 0;
        int c;
        while ((c = (pos << 2) + 1) < n) {
            int m = c;
            int end = Math.min(c + 4, n);
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
        return top;
    }
}

package dev.procsim.metrics;

import java.util.Arrays;

/**
 * A step function of time kept as its change points: (time, value) pairs, value holding from its
 * time until the next pair's. Several changes at one instant collapse into the last value, and
 * a change to the value already held is not stored.
 */
public final class StepSeries {
    // Change points in chunks of 2^12 (time, value) pairs, interleaved (one write stream per
    // series): a long run appends without ever copying what it has recorded (growing one array
    // would copy it again and again, in the hot path). The chunk being filled is kept at hand.
    private static final int SHIFT = 12, CHUNK = 1 << SHIFT, MASK = CHUNK - 1;

    private final String name;
    private long[][] chunks = new long[4][];
    private long[] tail;
    private int size;
    private long lastTime, lastValue, beforeLastValue;
    private long peak = Long.MIN_VALUE;
    private boolean peakOnly;

    public StepSeries(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * From now on keeps only the peak, not the change points: for runs whose
     * series nobody reads (a {@code procsim realtime} run of 100,000 s would otherwise keep
     * millions of ready-queue changes, and its memory would grow with the horizon).
     */
    public void keepPeakOnly() {
        peakOnly = true;
    }

    public void record(long time, long value) {
        if (value > peak) peak = value;
        if (peakOnly) return;
        if (size > 0) {
            if (lastTime == time) {
                set(size - 1, value);
                if (size > 1 && beforeLastValue == value) {
                    size--;
                    lastTime = time(size - 1);
                    lastValue = value;
                    beforeLastValue = size > 1 ? value(size - 2) : 0;
                }
                return;
            }
            if (lastValue == value) return;
            if (time < lastTime) throw new IllegalArgumentException("time went backwards in series " + name);
        }
        int j = size & MASK;
        if (j == 0) tail = chunk(size >>> SHIFT);
        tail[2 * j] = time;
        tail[2 * j + 1] = value;
        beforeLastValue = lastValue;
        lastTime = time;
        lastValue = value;
        size++;
    }

    /** Chunk c, made if needed (the chunks before it exist). */
    private long[] chunk(int c) {
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        if (chunks[c] == null) chunks[c] = new long[2 * CHUNK];
        return chunks[c];
    }

    private void set(int i, long value) {
        chunks[i >>> SHIFT][2 * (i & MASK) + 1] = value;
        lastValue = value;
    }

    /** Change points kept (none when only the peak is kept). */
    public int size() {
        return size;
    }

    public long time(int i) {
        return chunks[i >>> SHIFT][2 * (i & MASK)];
    }

    public long value(int i) {
        return chunks[i >>> SHIFT][2 * (i & MASK) + 1];
    }

    /** The value in force at {@code time} (0 before the first change). */
    public long valueAt(long time) {
        int lo = 0, hi = size - 1, found = -1; // the last change at or before time
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : value(found);
    }

    /** Largest value ever recorded (0 if none). */
    public long peak() {
        return peak == Long.MIN_VALUE ? 0 : peak;
    }
}

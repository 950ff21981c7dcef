package dev.procsim.metrics;

import java.util.Arrays;

/**
 * A step function of time kept as its change points: (time, value) pairs, value holding from its
 * time until the next pair's. Several changes at one instant collapse into the last value, and
 * a change to the value already held is not stored.
 */
public final class StepSeries {
    private final String name;
    private long[] times = new long[16];
    private long[] values = new long[16];
    private int size;
    private long peak = Long.MIN_VALUE;

    public StepSeries(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void record(long time, long value) {
        if (value > peak) peak = value;
        if (size > 0) {
            if (times[size - 1] == time) {
                values[size - 1] = value;
                if (size > 1 && values[size - 2] == value) size--;
                return;
            }
            if (values[size - 1] == value) return;
            if (time < times[size - 1]) throw new IllegalArgumentException("time went backwards in series " + name);
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = time;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public long value(int i) {
        return values[i];
    }

    /** The value in force at {@code time} (0 before the first change). */
    public long valueAt(long time) {
        int i = Arrays.binarySearch(times, 0, size, time);
        if (i < 0) i = -i - 2;
        return i < 0 ? 0 : values[i];
    }

    /** Largest value ever recorded (0 if none). */
    public long peak() {
        return size == 0 ? 0 : peak;
    }
}

package dev.procsim.memory;

import java.util.Arrays;

/**
 * Physical frames with reference counts. Frame ids start at 1 (0 means "no frame" in a page
 * table). Freed ids are reused last-in first-out. Counts frames in use and their peak.
 */
final class FrameTable {
    private int[] ref = new int[1024];
    private int next = 1;
    private int[] free = new int[256];
    private int freeCount;
    private long inUse;
    private long peak;

    int allocate() {
        int f;
        if (freeCount > 0) {
            f = free[--freeCount];
        } else {
            if (next == Integer.MAX_VALUE) throw new IllegalStateException("out of simulated frames (8 TiB)");
            f = next++;
            // Grow by half: a table of a large address space wastes at most a third of its size.
            if (f >= ref.length) ref = Arrays.copyOf(ref, (int) Math.min(Integer.MAX_VALUE - 8L, ref.length + (ref.length >> 1) + 16L));
        }
        ref[f] = 1;
        if (++inUse > peak) peak = inUse;
        return f;
    }

    /** Makes room for {@code n} more frames at once (eager copy of a large parent). */
    void reserve(long n) {
        long need = next + n - freeCount;
        if (need >= ref.length) ref = Arrays.copyOf(ref, (int) Math.min(Integer.MAX_VALUE - 8L, need + 1));
    }

    int refCount(int f) {
        return ref[f];
    }

    void retain(int f) {
        ref[f]++;
    }

    /** Drops one reference; the frame is free when none is left. */
    void release(int f) {
        if (--ref[f] == 0) {
            if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
            free[freeCount++] = f;
            inUse--;
        }
    }

    long inUse() {
        return inUse;
    }

    long peak() {
        return peak;
    }
}

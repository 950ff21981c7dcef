package dev.procsim.kernel;

/**
 * PID allocation as Linux {@code alloc_pid} does it with {@code idr_alloc_cyclic}: the search
 * starts at the cursor (one past the last PID handed out) and runs to {@code pid_max - 1}; then it
 * wraps to {@link #RESERVED_PIDS} (300) once the cursor has passed 300, or to 1 before that, and
 * runs up to the cursor. A PID is freed only when its task is reaped, and may be handed out again
 * at once. No free PID: {@code -1} ({@code EAGAIN} for the caller).
 *
 * <p>Data structure: a bitmap of 64-bit words (bit set = PID in use) and a summary bitmap with one
 * bit per word (set = word full). Finding the next free PID inspects the current word, then
 * skips full words 64 at a time through the summary with {@link Long#numberOfTrailingZeros}: at
 * most {@code pid_max / 4096} summary words (1024 at the largest pid_max), and in practice one or
 * two, even at 99% occupancy.
 */
public final class PidAllocator {
    public static final int RESERVED_PIDS = 300;
    public static final int DEFAULT_PID_MAX = 32768;
    public static final int MIN_PID_MAX = 301;
    /** PID_MAX_LIMIT on 64-bit Linux. */
    public static final int MAX_PID_MAX = 4 * 1024 * 1024;

    private final int pidMax;
    private final long[] words;
    private final long[] full;
    private int cursor = 1;
    private int inUse;

    public PidAllocator(int pidMax) {
        if (pidMax < MIN_PID_MAX || pidMax > MAX_PID_MAX) {
            throw new IllegalArgumentException("pid_max must be in [" + MIN_PID_MAX + ", " + MAX_PID_MAX + "], was " + pidMax);
        }
        this.pidMax = pidMax;
        int nWords = (pidMax + 63) >>> 6;
        words = new long[nWords];
        full = new long[(nWords + 63) >>> 6];
        // PID 0 (the idle tasks) and everything at or above pid_max are never handed out: mark them used.
        words[0] |= 1L;
        for (int p = pidMax; p < nWords << 6; p++) words[p >>> 6] |= 1L << p;
        for (int w = 0; w < nWords; w++) if (words[w] == -1L) full[w >>> 6] |= 1L << w;
        // Summary bits past the last word count as full so the search never runs past the end.
        for (int w = nWords; w < full.length << 6; w++) full[w >>> 6] |= 1L << w;
    }

    public int pidMax() {
        return pidMax;
    }

    /** PIDs currently held (live tasks and zombies). */
    public int inUse() {
        return inUse;
    }

    public boolean isInUse(int pid) {
        return pid > 0 && pid < pidMax && (words[pid >>> 6] & (1L << pid)) != 0;
    }

    /** Allocates the next PID in cyclic order, or returns -1 when none is free. */
    public int allocate() {
        int pid = findFree(cursor, pidMax);
        if (pid < 0) {
            int min = cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;
            pid = findFree(min, Math.min(cursor, pidMax));
            if (pid < 0) return -1;
        }
        int w = pid >>> 6;
        long bits = words[w] | (1L << pid);
        words[w] = bits;
        if (bits == -1L) full[w >>> 6] |= 1L << w;
        cursor = pid + 1;
        inUse++;
        return pid;
    }

    /** Frees a PID (at reap). Freeing a PID that is not in use is a bug in the caller. */
    public void free(int pid) {
        if (!isInUse(pid)) throw new IllegalStateException("PID " + pid + " is not in use");
        int w = pid >>> 6;
        words[w] &= ~(1L << pid);
        full[w >>> 6] &= ~(1L << w);
        inUse--;
    }

    /** The lowest free PID in [from, to), or -1. */
    private int findFree(int from, int to) {
        if (from >= to) return -1;
        int w = from >>> 6;
        long free = ~words[w] & (-1L << from);
        if (free == 0) {
            w = nextNonFullWord(w + 1);
            if (w < 0) return -1;
            free = ~words[w];
        }
        int pid = (w << 6) + Long.numberOfTrailingZeros(free);
        return pid < to ? pid : -1;
    }

    /** The first word at index >= {@code from} that has a free bit, or -1. */
    private int nextNonFullWord(int from) {
        int s = from >>> 6;
        if (s >= full.length) return -1;
        long notFull = ~full[s] & (-1L << from);
        while (notFull == 0) {
            if (++s >= full.length) return -1;
            notFull = ~full[s];
        }
        return (s << 6) + Long.numberOfTrailingZeros(notFull);
    }
}

package dev.procsim.kernel;

/**
 * The CPUs with no task, as a bit set, so that filling idle CPUs at the end of an instant visits
 * those only, lowest first, a word of 64 CPUs at a time (a run of 4,096 CPUs reads 64 words, not
 * 4,096 CPUs). The dispatch loop, which alone changes a CPU's task, keeps it.
 */
final class IdleCpus {
    private final long[] words;

    /** {@code n} CPUs, all idle. */
    IdleCpus(int n) {
        words = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) words[i >>> 6] |= 1L << i;
    }

    void busy(int cpu) {
        words[cpu >>> 6] &= ~(1L << cpu);
    }

    void idle(int cpu) {
        words[cpu >>> 6] |= 1L << cpu;
    }

    /** The lowest idle CPU numbered {@code from} or more, or -1. */
    int next(int from) {
        return nextBit(words, from);
    }

    /** The lowest set bit numbered {@code from} or more of a bit set of 64 a word, or -1. */
    static int nextBit(long[] words, int from) {
        int w = from >>> 6;
        if (w >= words.length) return -1;
        long bits = words[w] & (-1L << from);
        while (bits == 0) {
            if (++w == words.length) return -1;
            bits = words[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(bits);
    }

    /** The lowest CPU numbered {@code from} or more that is idle and in {@code also} (a bit set of as many words), or -1. */
    int nextAlso(int from, long[] also) {
        int w = from >>> 6;
        if (w >= words.length) return -1;
        long bits = words[w] & also[w] & (-1L << from);
        while (bits == 0) {
            if (++w == words.length) return -1;
            bits = words[w] & also[w];
        }
        return (w << 6) + Long.numberOfTrailingZeros(bits);
    }
}

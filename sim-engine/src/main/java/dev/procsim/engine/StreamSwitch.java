package dev.procsim.engine;

import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * One xoshiro256++ generator object through which many streams are drawn, each stream's state
 * kept by its owner in a {@code long[]} ({@link #WORDS} words at an offset): {@link #load} a
 * stream, draw, {@link #store} it back. A kernel draws every task's durations this way, so that a
 * task that draws costs one small array instead of a generator and a sampler (for most
 * distributions also a distribution object), and the samplers, bound to this object, are made once
 * per program instead of once per task.
 *
 * <p>The numbers are exactly those of a {@link XoShiRo256PlusPlus} per stream: the state is the
 * generator's four words plus the two words of bits {@code LongProvider} caches for
 * {@code nextInt} and {@code nextBoolean}, which this class keeps in its own fields (the
 * originals are private) with the same rules. Samplers bound to it must keep no state of their
 * own between draws (Commons RNG's "shared state" samplers, which all of {@link Distribution}'s
 * are).
 */
public final class StreamSwitch extends XoShiRo256PlusPlus {
    /** Words of state per stream. */
    public static final int WORDS = 6;
    // As in LongProvider: no cached bits.
    private static final long EMPTY_INT_SOURCE = -1, EMPTY_BOOL_SOURCE = 1;

    private long intSource = EMPTY_INT_SOURCE;
    private long booleanSource = EMPTY_BOOL_SOURCE;

    public StreamSwitch() {
        super(1, 2, 3, 4); // replaced by the first load
    }

    /** Writes the state of a stream at its start, seeded with four words, at {@code s[off..off+5]}. */
    public static void seed(long[] s, int off, long w0, long w1, long w2, long w3) {
        put(s, off, w0, w1, w2, w3, EMPTY_INT_SOURCE, EMPTY_BOOL_SOURCE);
    }

    /** Makes the stream whose state is at {@code s[off..off+5]} the one this generator draws from. */
    public void load(long[] s, int off) {
        state0 = s[off];
        state1 = s[off + 1];
        state2 = s[off + 2];
        state3 = s[off + 3];
        intSource = s[off + 4];
        booleanSource = s[off + 5];
    }

    /** Saves the current stream's state to {@code s[off..off+5]}. */
    public void store(long[] s, int off) {
        put(s, off, state0, state1, state2, state3, intSource, booleanSource);
    }

    /** The layout of a stream's state: the generator's four words, then the int and boolean caches. */
    private static void put(long[] s, int off, long w0, long w1, long w2, long w3, long ints, long booleans) {
        s[off] = w0;
        s[off + 1] = w1;
        s[off + 2] = w2;
        s[off + 3] = w3;
        s[off + 4] = ints;
        s[off + 5] = booleans;
    }

    /** LongProvider's rule: the low half of a fresh long, then its high half. */
    @Override
    public int nextInt() {
        long bits = intSource;
        if (bits < 0) {
            bits = next();
            intSource = bits >>> 32;
            return (int) bits;
        }
        intSource = EMPTY_INT_SOURCE;
        return (int) bits;
    }

    /** LongProvider's rule: the bits of a fresh long from the lowest up, with a marker bit above the unused ones. */
    @Override
    public boolean nextBoolean() {
        long bits = booleanSource;
        if (bits == EMPTY_BOOL_SOURCE) {
            bits = next();
            booleanSource = Long.MIN_VALUE | (bits >>> 1);
            return (bits & 1) == 1;
        }
        booleanSource = bits >>> 1;
        return (bits & 1) == 1;
    }
}

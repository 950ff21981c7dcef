package dev.procsim.engine;

import java.nio.charset.StandardCharsets;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * Independent named random streams derived from one master seed (design.md section 1).
 *
 * <p>A stream is identified by (master seed, name, replication). Its generator (xoshiro256++, from
 * Commons RNG) is seeded with four 64-bit words obtained by hashing that triple with SplitMix64
 * mixing, so a stream's numbers depend only on the triple: not on which other streams exist, the
 * order in which they are asked for, or the thread that asks. This is what gives common random
 * numbers across the factors of a comparison and thread-count-independent results.
 *
 * <p>Each call returns a fresh generator at the start of its stream; the caller keeps it.
 */
public final class RandomStreams {
    private final long masterSeed;
    private final int replication;
    /** The parts of every keyed stream's hash that depend only on the seed and the replication, computed once (issue 36). */
    private final long seedMix, replicationMix;

    public RandomStreams(long masterSeed) {
        this(masterSeed, 0);
    }

    public RandomStreams(long masterSeed, int replication) {
        if (replication < 0) throw new IllegalArgumentException("replication must be >= 0, was " + replication);
        this.masterSeed = masterSeed;
        this.replication = replication;
        this.seedMix = mix64(masterSeed ^ 0xA54FF53A5F1D36F1L);
        this.replicationMix = replication + 0x5BE0CD19137E2179L;
    }

    public long masterSeed() {
        return masterSeed;
    }

    public int replication() {
        return replication;
    }

    /** The same streams for another replication of the same experiment. */
    public RandomStreams forReplication(int r) {
        return new RandomStreams(masterSeed, r);
    }

    /**
     * A new generator at the start of the stream {@code name} of this replication (xoshiro256++,
     * built directly: the same generator as {@code RandomSource.XO_SHI_RO_256_PP.create(words)},
     * without its reflective factory).
     */
    public UniformRandomProvider stream(String name) {
        return new XoShiRo256PlusPlus(seedWords(masterSeed, name, replication));
    }

    /**
     * A new generator at the start of the keyed stream ({@code nameHash}, {@code key}) of this
     * replication: one stream per task (key = the task's identity) of a family named by
     * {@link #nameHash}, with no string built per task. It is a different stream from every
     * named one, and depends only on (master seed, name, key, replication).
     */
    public UniformRandomProvider stream(long nameHash, long key) {
        long w = keyedHash(nameHash, key);
        return new XoShiRo256PlusPlus(word(w, 1), word(w, 2), word(w, 3), word(w, 4)); // as words(w), without the array
    }

    /**
     * The keyed stream ({@code nameHash}, {@code key}) at its start as state for a
     * {@link StreamSwitch}, written to {@code s[off..off + StreamSwitch.WORDS - 1]}: the same
     * numbers as {@link #stream(long, long)}, with no generator object.
     */
    public void seedStream(long nameHash, long key, long[] s, int off) {
        long w = keyedHash(nameHash, key);
        StreamSwitch.seed(s, off, word(w, 1), word(w, 2), word(w, 3), word(w, 4));
    }

    /**
     * {@link #seedStream} for each of {@code nameHashes} with one {@code key}, stream i at
     * {@code s[i * StreamSwitch.WORDS ..]}: the same states, the key's part of the hash computed once.
     */
    public void seedStreams(long[] nameHashes, long key, long[] s) {
        long keyMix = mix64(key + 0x1F83D9ABFB41BD6BL);
        for (int i = 0; i < nameHashes.length; i++) {
            long w = mix64(mix64(mix64(seedMix ^ nameHashes[i]) ^ keyMix) ^ replicationMix);
            StreamSwitch.seed(s, i * StreamSwitch.WORDS, word(w, 1), word(w, 2), word(w, 3), word(w, 4));
        }
    }

    private long keyedHash(long nameHash, long key) {
        long h = mix64(seedMix ^ nameHash);
        h = mix64(h ^ mix64(key + 0x1F83D9ABFB41BD6BL));
        return mix64(h ^ replicationMix);
    }

    /** The hash of a stream family name for {@link #stream(long, long)} (compute once, use per task). */
    public static long nameHash(String name) {
        long h = 0x9B05688C2B3E6C1FL;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) h = mix64(h ^ (b & 0xFF) ^ 0x100L);
        return mix64(h ^ name.length());
    }

    /** The four seed words of stream (master, name, replication); public for tests and tools. */
    public static long[] seedWords(long master, String name, int replication) {
        long h = mix64(master ^ 0x6A09E667F3BCC908L);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix64(h ^ (b & 0xFF) ^ 0x100L);
        }
        // Separate the name from the replication so ("a", 1) and ("a\u0001", 0) cannot collide by construction.
        h = mix64(h ^ 0xBB67AE8584CAA73BL ^ name.length());
        return words(mix64(h ^ (replication + 0x3C6EF372FE94F82BL)));
    }

    /** Four seed words from one 64-bit hash (a SplitMix64 sequence: never all zero in practice). */
    private static long[] words(long h) {
        return new long[] {word(h, 1), word(h, 2), word(h, 3), word(h, 4)};
    }

    /** Seed word {@code i} (1..4) of hash {@code h}: the i-th output of a SplitMix64 sequence started at h. */
    private static long word(long h, int i) {
        return mix64(h + i * 0x9E3779B97F4A7C15L);
    }

    /**
     * Derives a 64-bit identity from a parent identity and an index (a task forked as its parent's
     * n-th child): deterministic, and independent of when or on which thread it is computed.
     */
    public static long deriveKey(long parent, long index) {
        return mix64(mix64(parent ^ 0x510E527FADE682D1L) + index * 0x9E3779B97F4A7C15L + 1);
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijective 64-bit mixer. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package dev.procsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
    private static long[] draw(UniformRandomProvider rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = rng.nextLong();
        return out;
    }

    @Test
    void sameSeedAndNameGiveSameNumbers() {
        long[] a = draw(new RandomStreams(7).stream("arrivals"), 1000);
        long[] b = draw(new RandomStreams(7).stream("arrivals"), 1000);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void differentNamesSeedsAndReplicationsDiffer() {
        long[] base = draw(new RandomStreams(7).stream("arrivals"), 100);
        assertThat(draw(new RandomStreams(7).stream("bursts"), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(8).stream("arrivals"), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(7, 1).stream("arrivals"), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(7).forReplication(0).stream("arrivals"), 100)).isEqualTo(base);
        // Streams share no values at all in a short window (64-bit outputs; a clash would mean a bug).
        long[] other = draw(new RandomStreams(7).stream("arrivalt"), 100);
        for (long x : other) assertThat(base).doesNotContain(x);
    }

    @Test
    void addingAnotherStreamDoesNotChangeThisOne() {
        RandomStreams alone = new RandomStreams(99);
        long[] a = draw(alone.stream("writes"), 500);
        RandomStreams crowded = new RandomStreams(99);
        UniformRandomProvider extra = crowded.stream("extra");
        draw(extra, 1234);
        UniformRandomProvider writes = crowded.stream("writes");
        draw(crowded.stream("more"), 10);
        assertThat(draw(writes, 500)).isEqualTo(a);
    }

    @Test
    void sameNumbersOnAnyThread() throws Exception {
        long[] here = draw(new RandomStreams(5, 3).stream("replication 3"), 1000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<long[]> f1 = CompletableFuture.supplyAsync(() -> draw(new RandomStreams(5, 3).stream("replication 3"), 1000), pool);
            CompletableFuture<long[]> f2 = CompletableFuture.supplyAsync(() -> draw(new RandomStreams(5, 3).stream("replication 3"), 1000), pool);
            assertThat(f1.get()).isEqualTo(here);
            assertThat(f2.get()).isEqualTo(here);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void streamsLookUniform() {
        // Chi-square over 16 buckets of nextInt(16): 15 degrees of freedom, 99.9% quantile 37.7.
        UniformRandomProvider rng = new RandomStreams(1).stream("uniformity");
        int n = 160_000;
        long[] buckets = new long[16];
        for (int i = 0; i < n; i++) buckets[rng.nextInt(16)]++;
        double expected = n / 16.0;
        double chi2 = 0;
        for (long b : buckets) chi2 += (b - expected) * (b - expected) / expected;
        assertThat(chi2).isLessThan(37.7);
    }

    /** Built directly, a stream is the generator Commons RNG's factory makes from the same seed words. */
    @Test
    void directConstructionEqualsTheLibraryFactory() {
        for (String name : new String[] {"arrivals", "", "x#1f"}) {
            long[] words = RandomStreams.seedWords(42, name, 3);
            UniformRandomProvider factory = org.apache.commons.rng.simple.RandomSource.XO_SHI_RO_256_PP.create(words.clone());
            assertThat(draw(new RandomStreams(42, 3).stream(name), 200)).isEqualTo(draw(factory, 200));
        }
    }

    @Test
    void keyedStreamsDependOnSeedNameKeyAndReplicationOnly() {
        long h = RandomStreams.nameHash("burst");
        long[] base = draw(new RandomStreams(7).stream(h, 12345), 100);
        assertThat(draw(new RandomStreams(7).stream(RandomStreams.nameHash("burst"), 12345), 100)).isEqualTo(base);
        assertThat(draw(new RandomStreams(7).stream(h, 12346), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(7).stream(RandomStreams.nameHash("bursu"), 12345), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(8).stream(h, 12345), 100)).isNotEqualTo(base);
        assertThat(draw(new RandomStreams(7, 1).stream(h, 12345), 100)).isNotEqualTo(base);
        // Neighbouring keys (tasks 0, 1, 2, ...) give unrelated streams: no shared values in a window.
        long[] next = draw(new RandomStreams(7).stream(h, 12346), 100);
        for (long x : next) assertThat(base).doesNotContain(x);
    }

    /** A task's streams seeded together (the key's hash once) are the states seeded one by one. */
    @Test
    void seedingATasksStreamsTogetherGivesTheSameStatesAsOneByOne() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            RandomStreams rs = new RandomStreams(r.nextLong(), r.nextInt(100));
            long[] names = new long[1 + r.nextInt(5)];
            for (int i = 0; i < names.length; i++) names[i] = RandomStreams.nameHash("d" + r.nextInt(1000));
            long key = r.nextLong();
            long[] together = new long[names.length * StreamSwitch.WORDS], oneByOne = new long[together.length];
            rs.seedStreams(names, key, together);
            for (int i = 0; i < names.length; i++) rs.seedStream(names[i], key, oneByOne, i * StreamSwitch.WORDS);
            org.assertj.core.api.Assertions.assertThat(together).containsExactly(oneByOne);
        }
    }
}

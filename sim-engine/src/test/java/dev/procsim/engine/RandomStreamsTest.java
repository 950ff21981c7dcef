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
}

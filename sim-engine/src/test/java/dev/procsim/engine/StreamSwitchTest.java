package dev.procsim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;
import org.junit.jupiter.api.Test;

/**
 * Streams drawn through one {@link StreamSwitch} must give exactly the numbers of one Commons RNG
 * {@link XoShiRo256PlusPlus} per stream (the reference: the library's own generator), whatever the
 * interleaving of streams and of the generator's methods, including those that cache bits between
 * calls (nextInt, nextBoolean).
 */
class StreamSwitchTest {
    private static final int STREAMS = 5;

    @Test
    void interleavedStreamsDrawWhatTheirOwnGeneratorsWould() {
        RandomStreams rs = new RandomStreams(42, 3);
        long family = RandomStreams.nameHash("bursts");
        long[] state = new long[STREAMS * StreamSwitch.WORDS];
        List<UniformRandomProvider> own = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            rs.seedStream(family, 1000 + i, state, i * StreamSwitch.WORDS);
            own.add(rs.stream(family, 1000 + i));
        }
        StreamSwitch sw = new StreamSwitch();
        SplittableRandom choice = new SplittableRandom(7); // the test's own choices, not a stream under test
        for (int step = 0; step < 20_000; step++) {
            int i = choice.nextInt(STREAMS);
            UniformRandomProvider ref = own.get(i);
            sw.load(state, i * StreamSwitch.WORDS);
            int calls = 1 + choice.nextInt(4);
            for (int c = 0; c < calls; c++) {
                switch (choice.nextInt(6)) {
                    case 0 -> assertThat(sw.nextLong()).isEqualTo(ref.nextLong());
                    case 1 -> assertThat(sw.nextInt()).isEqualTo(ref.nextInt());
                    case 2 -> assertThat(sw.nextBoolean()).isEqualTo(ref.nextBoolean());
                    case 3 -> assertThat(sw.nextDouble()).isEqualTo(ref.nextDouble());
                    case 4 -> assertThat(sw.nextInt(37)).isEqualTo(ref.nextInt(37));
                    default -> assertThat(sw.nextFloat()).isEqualTo(ref.nextFloat());
                }
            }
            sw.store(state, i * StreamSwitch.WORDS);
        }
    }

    @Test
    void everyDistributionSamplesAsWithItsOwnGenerator() {
        List<Distribution> all = List.of(Distribution.exponential(3e6), Distribution.uniform(1e6, 5e6),
                Distribution.normal(4e6, 1e6), Distribution.lognormal(2e6, 0.5), Distribution.pareto(1e6, 1.5),
                Distribution.weibull(1.5, 2e6), Distribution.weibull(1, 2e6), Distribution.empirical(1, 2, 3, 5, 8, 13));
        RandomStreams rs = new RandomStreams(9);
        StreamSwitch sw = new StreamSwitch();
        for (Distribution d : all) {
            DoubleSampler shared = d.sampler(sw); // one sampler for every stream, as a kernel has per program duration
            long family = RandomStreams.nameHash("d");
            long[] state = new long[STREAMS * StreamSwitch.WORDS];
            List<DoubleSampler> own = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                rs.seedStream(family, i, state, i * StreamSwitch.WORDS);
                own.add(d.sampler(rs.stream(family, i)));
            }
            SplittableRandom choice = new SplittableRandom(11);
            for (int step = 0; step < 5_000; step++) {
                int i = choice.nextInt(STREAMS);
                sw.load(state, i * StreamSwitch.WORDS);
                assertThat(shared.sample()).as("%s, stream %d, step %d", d, i, step).isEqualTo(own.get(i).sample());
                sw.store(state, i * StreamSwitch.WORDS);
            }
        }
    }
}

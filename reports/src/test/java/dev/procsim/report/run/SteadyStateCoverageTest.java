package dev.procsim.report.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Stats;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The coverage of procsim's intervals against queueing theory: an M/M/1 queue (Poisson arrivals at
 * lambda, exponential service at mu = 1000/s, one CPU, FCFS, no kernel costs) started empty has the
 * mean response time 1 / (mu - lambda) in steady state (the turnaround: arrival to finish). With
 * statistics.warmup: auto and 10 replications, the 95% Student-t interval of mean_turnaround_ns
 * must cover the exact value in at least 93 of 100 seeds, at rho = 0.5, 0.8 and 0.9 (issue 38).
 * Runs get longer as rho grows: 2,000, 20,000 and 40,000 customers. Shorter runs undercover, and
 * not for the start-up bias (measured over these 100 seeds at rho = 0.8 with 6,000 customers: mean
 * relative bias -0.8% against a half-width of 8%; 90 of 100 covered with the cut, 90 without):
 * each replication's mean is skewed (long busy periods), and a t-interval of 10 skewed values is
 * too narrow. With 20,000 customers 96 of 100 cover; at rho = 0.9, 94 with 30,000 and 96 with 40,000.
 * The cut MSER-5 chose averaged 0.34 s (rho = 0.8) and 1.15 s (rho = 0.9) of arrivals.
 */
class SteadyStateCoverageTest {
    static Experiment mm1(double lambda, int customers, String warmup) {
        String text = """
                name: mm1
                seed: 1
                replications: 10
                costs: none
                cpus: 1
                compare: {scheduler: [fcfs], fork: [cow]}
                statistics: {warmup: %s}
                workload:
                  arrivals: [{poisson: {rate: %s/s, count: %d, burst: {exp: 1ms}}}]
                """.formatted(warmup, Double.toString(lambda), customers);
        return ExperimentParser.parse("mm1.yaml", text, Path.of("."));
    }

    /** Seeds 1..100 whose interval covers the exact mean. */
    static int covered(double lambda, int customers) {
        Experiment x = mm1(lambda, customers, "auto");
        double exact = 1e9 / (1000 - lambda); // ns
        int hits = 0;
        for (long seed = 1; seed <= 100; seed++) {
            ExperimentRunner.Result r = ExperimentRunner.run(x.with(seed, 10), 2, 1, 1, i -> {}, new AtomicBoolean());
            Stats s = Aggregate.of(r).get(0).stats.get("mean_turnaround_ns");
            if (s.ciLow() <= exact && exact <= s.ciHigh()) hits++;
        }
        return hits;
    }

    @Test
    void intervalsCoverTheExactMeanAtRhoHalf() {
        assertThat(covered(500, 2_000)).isGreaterThanOrEqualTo(93);
    }

    @Test
    void intervalsCoverTheExactMeanAtRhoPointEight() {
        assertThat(covered(800, 20_000)).isGreaterThanOrEqualTo(93);
    }

    @Test
    void intervalsCoverTheExactMeanAtRhoPointNine() {
        assertThat(covered(900, 40_000)).isGreaterThanOrEqualTo(93);
    }
}

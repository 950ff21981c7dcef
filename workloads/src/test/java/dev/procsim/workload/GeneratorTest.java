package dev.procsim.workload;

import static dev.procsim.workload.ExperimentTestSupport.parse;
import static dev.procsim.workload.ExperimentTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.ForkFailure;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.memory.Sizes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {
    @TempDir
    Path dir;

    @Test
    void everyGeneratorIsRegisteredByName() {
        assertThat(GeneratorRegistry.all().keySet()).containsExactly("poisson", "uniform", "interactive", "batch", "mixed", "uunifast",
                "shell", "prefork-server", "snapshot", "fork-bomb", "zombie-leaker", "orphan-maker", "pipeline");
        GeneratorRegistry.all().values().forEach(g -> assertThat(g.description()).isNotBlank());
    }

    /** UUniFast: the utilisations sum to U and each lies in [0, 1] (U <= 1), over many draws. */
    @Test
    void uunifastSumsToUWithEachShareInTheUnitInterval() {
        for (int seed = 0; seed < 500; seed++) {
            UniformRandomProvider rng = new RandomStreams(seed).stream("u");
            int n = 1 + seed % 20;
            double u = 0.05 + (seed % 19) * 0.05;
            double[] us = UUniFastGenerator.utilisations(n, u, rng);
            assertThat(us).hasSize(n);
            assertThat(java.util.Arrays.stream(us).sum()).isCloseTo(u, org.assertj.core.data.Offset.offset(1e-12));
            for (double x : us) assertThat(x).isBetween(0.0, 1.0);
        }
    }

    @Test
    void uunifastTasksHaveTheirUtilisationAndRoundedLogUniformPeriods() {
        Experiment x = parse("horizon: 1s\nworkload: {generate: [{uunifast: {n: 10, utilization: 0.8, period_min: 10ms, period_max: 100ms, round: 5ms}}]}", dir);
        var w = x.resolve(x.points().get(0), 0).workload();
        double total = 0;
        for (var e : w.sources().values()) {
            var p = (dev.procsim.kernel.Action.Periodic) e.get(0);
            assertThat(p.period() % (5 * SimTime.MS)).isZero();
            assertThat(p.period()).isBetween(10 * SimTime.MS, 100 * SimTime.MS);
            assertThat(p.deadline()).isEqualTo(p.period());
            total += (double) p.wcet() / p.period();
        }
        // Rounding periods to 5 ms moves each share by less than 2.5/10 of itself; the sum stays near U.
        assertThat(total).isBetween(0.8 * 0.75, 0.8 * 1.25);
    }

    /** Poisson arrivals: the mean gap is 1/rate and the coefficient of variation 1 (exponential gaps). */
    @Test
    void poissonArrivalsHaveExponentialGaps() {
        Experiment x = parse("workload: {arrivals: [{poisson: {rate: 100/s, count: 20000, burst: 1ms}}]}", dir);
        List<ProcessSpec> ps = x.resolve(x.points().get(0), 0).workload().processes();
        assertThat(ps).hasSize(20000);
        double sum = 0, sumSq = 0;
        long prev = 0;
        for (ProcessSpec p : ps) {
            double gap = p.at() - prev;
            prev = p.at();
            sum += gap;
            sumSq += gap * gap;
        }
        double mean = sum / ps.size();
        double sd = Math.sqrt(sumSq / ps.size() - mean * mean);
        // Standard error of the mean of 20000 exponential gaps: 10ms / sqrt(20000) = 0.071 ms; allow 4 of them.
        assertThat(mean).isCloseTo(10 * SimTime.MS, org.assertj.core.data.Offset.offset(0.28 * SimTime.MS));
        assertThat(sd / mean).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.04));
    }

    @Test
    void uniformArrivalsWithoutJitterAreEvenlySpaced() {
        Experiment x = parse("workload: {arrivals: [{uniform: {mean_interarrival: 3ms, count: 5, jitter: 0, start: 1ms, burst: 1ms}}]}", dir);
        List<ProcessSpec> ps = x.resolve(x.points().get(0), 0).workload().processes();
        assertThat(ps).extracting(ProcessSpec::at).containsExactly(4_000_000L, 7_000_000L, 10_000_000L, 13_000_000L, 16_000_000L);
    }

    @Test
    void mixedProfileSplitsByPosition() {
        Experiment x = parse("workload: {generate: [{mixed: {count: 10, interactive_fraction: 0.3}}]}", dir);
        List<ProcessSpec> ps = x.resolve(x.points().get(0), 0).workload().processes();
        assertThat(ps.stream().filter(p -> p.program().endsWith(".interactive")).count()).isEqualTo(3);
        assertThat(ps.stream().filter(p -> p.program().endsWith(".batch")).count()).isEqualTo(7);
    }

    /**
     * Common random numbers: every scheduler of a compare sees the same arrivals and the same
     * bursts (same CPU demand per task), and another replication sees different ones.
     */
    @Test
    void everySchedulerSeesTheSameArrivalsAndBursts() {
        Experiment x = parse("""
                seed: 9
                compare: {scheduler: [time-sharing, non-preemptive, fcfs, {name: rr, quantum: 2ms}, cfs], fork: [cow, eager]}
                workload: {arrivals: [{poisson: {rate: 50/s, count: 300, program: mixed}}]}
                """, dir);
        Map<String, long[]> reference = null;
        for (Experiment.Point p : x.points()) {
            var r = run(x, p, 0);
            Map<String, long[]> seen = new HashMap<>();
            for (TaskRecord t : r.tasks()) seen.put(t.name(), new long[] {t.arrival(), t.demand()});
            assertThat(seen).hasSize(300);
            if (reference == null) {
                reference = seen;
            } else {
                for (var e : reference.entrySet()) assertThat(seen.get(e.getKey())).as(p.label() + " " + e.getKey()).isEqualTo(e.getValue());
            }
        }
        // Another replication draws other numbers: nearly every task's arrival and demand differ.
        var other = run(x, x.points().get(0), 1);
        final Map<String, long[]> ref = reference;
        assertThat(other.tasks().stream().filter(t -> ref.get(t.name())[1] != t.demand()).count()).isGreaterThan(250);
        assertThat(other.tasks().stream().filter(t -> ref.get(t.name())[0] != t.arrival()).count()).isGreaterThan(250);
    }

    /** prefork-server under cow: each worker copies exactly its written share; eager copies the parent W times. */
    @Test
    void preforkServerCopiesWhatTheWorkersWrite() {
        Experiment x = parse("""
                compare: {fork: [cow, eager]}
                workload: {generate: [{prefork-server: {memory: 64MiB, workers: 3, write_fraction: 0.25, requests: 7}}]}
                """, dir);
        long pages = Sizes.pages(64L << 20);
        var cow = run(x, x.points().get(0), 0);
        assertThat(cow.instance().memory().metrics().pageCopies()).isEqualTo(3 * Math.round(0.25 * pages));
        var eager = run(x, x.points().get(1), 0);
        assertThat(eager.instance().memory().metrics().pageCopies()).isEqualTo(3 * pages);
        assertThat(eager.instance().kernel().metrics().forks()).isEqualTo(3);
    }

    /**
     * pipeline of three stages at 1 ms per chunk each, one CPU per stage, no costs: gen writes
     * chunk k at k ms (k = 1..10), filter passes it on at k + 1 ms, sink is done with it at k + 2;
     * gen exits at 10 ms, filter reads end of file at 11, sink at 12 ms: the run ends at 12 ms.
     */
    @Test
    void aPipelineMovesEveryByteThroughEachStageAndEndsByEndOfFile() {
        Experiment x = parse("""
                cpus: 4
                costs: none
                workload: {generate: [{pipeline: {per_chunk: [1ms, 1ms, 1ms], bytes: 40KiB, chunk: 4KiB}}]}
                """, dir);
        var r = run(x, x.points().get(0), 0);
        var k = r.instance().kernel();
        assertThat(k.now()).isEqualTo(12 * SimTime.MS);
        assertThat(k.metrics().pipes()).hasSize(2).allSatisfy(p -> assertThat(p.bytes()).isEqualTo(40 * 1024));
        assertThat(k.metrics().forks()).isEqualTo(3);
        assertThat(k.metrics().execs()).isEqualTo(3);
        assertThat(k.metrics().tasks()).allSatisfy(t -> assertThat(t.exitStatus()).isZero());
        assertThat(k.metrics().tasks()).hasSize(4);
        assertThat(k.taskCount()).as("the shell reaped every stage and init the shell").isEqualTo(1);
    }

    /** snapshot: the child's reads copy nothing; under cow only the parent's writes to still-shared pages copy. */
    @Test
    void snapshotCopiesOnlyWhatTheParentWritesWhileTheChildLives() {
        Experiment x = parse("""
                compare: {fork: [cow, eager]}
                workload: {generate: [{snapshot: {memory: 16MiB, duration: 100ms, write_rate: 10000/s, tick: 10ms}}]}
                """, dir);
        long pages = Sizes.pages(16L << 20);
        var cow = run(x, x.points().get(0), 0);
        long copies = cow.instance().memory().metrics().pageCopies();
        // The parent writes 100 random pages per tick for 10 ticks: at most 1000 distinct pages, at least 100.
        assertThat(copies).isBetween(100L, 1000L);
        assertThat(cow.instance().memory().metrics().cowFaultsCopy()).isEqualTo(copies);
        var eager = run(x, x.points().get(1), 0);
        assertThat(eager.instance().memory().metrics().pageCopies()).isEqualTo(pages);
    }

    @Test
    void shellForksExecsAndWaitsForEachCommand() {
        Experiment x = parse("workload: {generate: [{shell: {commands: 12, think: 1ms, command: 2ms}}]}", dir);
        var r = run(x, x.points().get(0), 0);
        assertThat(r.instance().kernel().metrics().forks()).isEqualTo(12);
        assertThat(r.instance().kernel().metrics().execs()).isEqualTo(12);
        assertThat(r.instance().kernel().metrics().reaps()).isGreaterThanOrEqualTo(12);
        assertThat(r.result().stuck()).isEmpty();
    }

    /** A zombie leaker exhausts pid_max: PIDs 1..999 exist; init and the leaker hold two, leaving 997 for children. */
    @Test
    void zombieLeakerRunsOutOfPidsAndTheReapingParentDoesNot() {
        Experiment x = parse("""
                horizon: 5s
                kernel: {pid_max: 1000}
                sweep: {reap: [false, true]}
                workload: {generate: [{zombie-leaker: {children: 1500, interval: 1ms, reap: "${reap}"}}]}
                """, dir);
        var leak = run(x, x.points().get(0), 0);
        var km = leak.instance().kernel().metrics();
        assertThat(km.forks()).isEqualTo(997);
        assertThat(km.forkFailures(ForkFailure.PID_EXHAUSTED)).isEqualTo(1500 - 997);
        assertThat(km.zombies().peak()).isEqualTo(997);
        var reap = run(x, x.points().get(1), 0);
        assertThat(reap.instance().kernel().metrics().forks()).isEqualTo(1500);
        assertThat(reap.instance().kernel().metrics().forkFailuresTotal()).isZero();
        assertThat(reap.instance().kernel().metrics().zombies().peak()).isLessThanOrEqualTo(1);
    }

    @Test
    void orphansGoToInitOrToTheSubreaper() {
        Experiment x = parse("sweep: {s: [false, true]}\nworkload: {generate: [{orphan-maker: {children: 5, subreaper: \"${s}\"}}]}", dir);
        var toInit = run(x, x.points().get(0), 0);
        assertThat(toInit.tasks().stream().filter(t -> t.program().endsWith(".child")))
                .hasSize(5).allSatisfy(t -> assertThat(t.ppid()).isEqualTo(1));
        var toSub = run(x, x.points().get(1), 0);
        int subPid = toSub.task("orphans-subreaper").pid();
        assertThat(toSub.tasks().stream().filter(t -> t.program().endsWith(".child")))
                .hasSize(5).allSatisfy(t -> assertThat(t.ppid()).isEqualTo(subPid));
        assertThat(toSub.result().stuck()).isEmpty();
    }

    @Test
    void forkBombIsStoppedByTheLowestLimit() {
        Experiment x = parse("horizon: 300ms\nkernel: {pids_max: 50, rlimit_nproc: 100}\nworkload: {generate: [fork-bomb: {}]}", dir);
        var r = run(x, x.points().get(0), 0);
        var km = r.instance().kernel().metrics();
        assertThat(km.forks()).isEqualTo(49); // 50 in the cgroup: the first bomb and 49 children
        assertThat(km.forkFailures(ForkFailure.PIDS_MAX)).isPositive();
        assertThat(km.forkFailures(ForkFailure.NPROC)).isZero();
    }
}

package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.SchedulerRegistry;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-CPU queues' index (trees and bit sets, {@link CpuIndex}) must give the answers of the
 * scans it replaces: the same run with and without it (KernelConfig.indexCpusAbove 0 and never)
 * has the same schedule, task records and balancing counts, on random topologies and workloads
 * (forks, waits, sleeps, nice values), with and without tasks confined to some CPUs, for the fair
 * policies, time-sharing, FCFS and SCHED_DEADLINE (its replenishment timers).
 */
class CpuIndexEquivalenceTest {
    @Test
    void runsWithAndWithoutTheIndexAreTheSame() {
        for (String policy : List.of("cfs", "eevdf", "time-sharing", "fcfs", "sched-deadline")) {
            for (int seed = 0; seed < 6; seed++) {
                Kernel indexed = run(policy, seed, 0), scanned = run(policy, seed, Integer.MAX_VALUE);
                String what = policy + " seed " + seed;
                assertThat(indexed.scheduleLog().segments()).as(what).isEqualTo(scanned.scheduleLog().segments());
                assertThat(indexed.metrics().tasks()).as(what).isEqualTo(scanned.metrics().tasks());
                assertThat(indexed.metrics().newidlePulls()).as(what).isEqualTo(scanned.metrics().newidlePulls());
                assertThat(indexed.metrics().periodicPulls()).as(what).isEqualTo(scanned.metrics().periodicPulls());
                assertThat(indexed.metrics().migrations()).as(what).isEqualTo(scanned.metrics().migrations());
                assertThat(indexed.scheduleLog().segments()).as(what).isNotEmpty();
            }
        }
    }

    private static Kernel run(String policy, int seed, int indexCpusAbove) {
        SplittableRandom r = new SplittableRandom(seed * 7919L + policy.hashCode());
        // seeds 4 and 5: 160 CPUs, past the 64 where the index keeps its load trees (below it scans the loads)
        Topology topo = seed >= 4 ? new Topology(2, 2, 20, 2) : new Topology(1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(4), 1 + r.nextInt(2));
        KernelConfig cfg = new KernelConfig();
        cfg.topology = topo;
        cfg.cpus = topo.cpus();
        cfg.runQueue = KernelConfig.RunQueue.PER_CPU;
        cfg.indexCpusAbove = indexCpusAbove;
        cfg.maxScheduleSegments = 1_000_000;
        Dur burst = Dur.random(Distribution.exponential(2 * SimTime.MS), "bursts");
        Dur io = Dur.random(Distribution.uniform(SimTime.MS / 2, 4 * SimTime.MS), "io");
        ProgramSet programs = ProgramSet.of(Map.of(
                "cpu", List.of(new Action.Compute(Dur.random(Distribution.exponential(30 * SimTime.MS), "long"))),
                "io", List.of(new Action.Repeat(20, List.of(new Action.Compute(burst), new Action.Io(io)))),
                "forker", List.of(new Action.Compute(burst), new Action.Fork("io"), new Action.Fork("cpu"),
                        new Action.Wait(Action.Wait.ANY, false), new Action.Wait(Action.Wait.ANY, false)),
                "server", List.of(new Action.SetDeadline(new DeadlineParams(SimTime.MS, 10 * SimTime.MS, 10 * SimTime.MS)),
                        new Action.Compute(Dur.of(40 * SimTime.MS)))));
        Kernel k = new Kernel(cfg, () -> SchedulerRegistry.create(policy), new FixedCostMemory(), programs, new RandomStreams(seed));
        String[] kinds = {"cpu", "io", "forker", "server"};
        boolean confine = seed % 2 == 1; // odd seeds: some tasks confined, so the searches that assume none is fall back to scans
        int n = seed >= 4 ? 200 + r.nextInt(100) : 6 + r.nextInt(20); // enough tasks to load 160 CPUs
        for (int i = 0; i < n; i++) {
            ProcessSpec p = ProcessSpec.of("t" + i, r.nextInt(20) * SimTime.MS, kinds[r.nextInt(kinds.length)]).withNice(r.nextInt(40) - 20);
            if (confine && r.nextInt(4) == 0) p = p.withCpus(CpuSet.of(r.nextInt(cfg.cpus)));
            k.addProcess(p);
        }
        k.run(200 * SimTime.MS);
        return k;
    }
}

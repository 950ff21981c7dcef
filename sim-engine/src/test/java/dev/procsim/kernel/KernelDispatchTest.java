package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.FcfsScheduler;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Multi-CPU dispatch, cross-CPU kill, random durations and their common random numbers. */
class KernelDispatchTest {
    private static TaskRecord rec(Kernel k, String name) {
        return k.metrics().tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void twoCpusTakeTasksInQueueOrderLowestCpuFirst() {
        // A 4, B 3, C 2 (ms) all at 0 on 2 CPUs, FCFS: A on CPU 0 (0-4), B on CPU 1 (0-3),
        // C waits for the first free CPU: CPU 1 at 3, runs 3-5.
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = 2;
        Kernel k = fcfs(cfg, set("a", List.of(compute(4)), "b", List.of(compute(3)), "c", List.of(compute(2))));
        k.addProcess(ProcessSpec.of("A", 0, "a"));
        k.addProcess(ProcessSpec.of("B", 0, "b"));
        k.addProcess(ProcessSpec.of("C", 0, "c"));
        k.run(SimTime.NEVER);
        long ms = SimTime.MS;
        assertThat(rec(k, "A").finish()).isEqualTo(4 * ms);
        assertThat(rec(k, "B").finish()).isEqualTo(3 * ms);
        assertThat(rec(k, "C").firstRun()).isEqualTo(3 * ms);
        assertThat(rec(k, "C").finish()).isEqualTo(5 * ms);
        assertThat(k.scheduleLog().segments()).extracting(s -> s.task() + "@" + s.cpu())
                .containsExactlyInAnyOrder("A@0", "B@1", "C@1");
        assertThat(k.metrics().cpuBusy(0)).isEqualTo(4 * ms);
        assertThat(k.metrics().cpuBusy(1)).isEqualTo(5 * ms);
        assertThat(k.metrics().cpuIdle(0)).isEqualTo(1 * ms); // the run ends at 5 ms
        assertThat(k.metrics().cpuIdle(1)).isZero();
    }

    @Test
    void killStopsATaskRunningOnAnotherCpu() {
        // The killer forks and sleeps at 0, so at the end of that instant both CPUs are idle and
        // CPU 0 (the lowest) takes the victim (10 ms of work). The killer wakes at 2 ms on CPU 1
        // and kills it there: the victim dies at 2 ms with 2 ms of CPU and status 137.
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = 2;
        Kernel k = fcfs(cfg, set(
                "killer", List.of(fork("victim"), sleep(2), killChild(0, Signals.SIGKILL), waitAny()),
                "victim", List.of(compute(10))));
        Task killer = k.addProcess(ProcessSpec.of("killer", 0, "killer"));
        k.run(SimTime.NEVER);
        TaskRecord v = rec(k, "victim");
        assertThat(v.finish()).isEqualTo(2 * SimTime.MS);
        assertThat(v.cpuTime()).isEqualTo(2 * SimTime.MS);
        assertThat(v.exitStatus()).isEqualTo(137);
        assertThat(killer.lastWaitStatus()).isEqualTo(137);
        assertThat(k.metrics().cpuBusy(0)).isEqualTo(2 * SimTime.MS);
        assertThat(k.scheduleLog().segments()).extracting(s -> s.task() + "@" + s.cpu()).contains("victim@0");
    }

    private static Map<String, Long> cpuByTask(long seed, boolean withNeighbour) {
        Dur burst = Dur.random(Distribution.exponential(3 * SimTime.MS), "bursts");
        Dur think = Dur.random(Distribution.uniform(SimTime.MS, 5 * SimTime.MS), "think");
        ProgramSet programs = ProgramSet.of(Map.of(
                "worker", List.<Action>of(repeat(20, new Action.Compute(burst), new Action.Io(think))),
                "parent", List.of(fork("worker"), fork("worker"), waitAny(), waitAny())));
        Kernel k = new Kernel(new KernelConfig(), new FcfsScheduler(), new FixedCostMemory(), programs, new RandomStreams(seed));
        k.addProcess(ProcessSpec.of("p1", 0, "parent"));
        if (withNeighbour) k.addProcess(ProcessSpec.of("p2", SimTime.MS, "parent"));
        k.run(SimTime.NEVER);
        return k.metrics().tasks().stream().filter(t -> t.program().equals("worker") && t.ppid() == 2)
                .collect(Collectors.toMap(t -> t.name() + "#" + t.pid(), TaskRecord::cpuTime));
    }

    @Test
    void randomDurationsArePerTaskAndUnchangedByOtherTasks() {
        Map<String, Long> alone = cpuByTask(11, false);
        Map<String, Long> crowded = cpuByTask(11, true);
        assertThat(alone).hasSize(2);
        // The first parent's two workers draw the same bursts whether or not another family runs
        // alongside and changes the interleaving (PIDs may differ, so compare the values).
        assertThat(crowded.values()).containsExactlyInAnyOrderElementsOf(alone.values());
        // The two workers of one parent draw different numbers (their own streams)...
        assertThat(alone.values().stream().distinct().count()).isEqualTo(2);
        // ...and another seed gives other numbers.
        assertThat(cpuByTask(12, false).values()).doesNotContainAnyElementsOf(alone.values());
    }

    @Test
    void randomDurationsHaveTheDistributionsMean() {
        // 2000 exponential bursts of mean 3 ms in one task: total within 5 standard errors of 6 s.
        Dur burst = Dur.random(Distribution.exponential(3 * SimTime.MS), "bursts");
        ProgramSet programs = ProgramSet.of(Map.of("w", List.<Action>of(repeat(2000, new Action.Compute(burst)))));
        Kernel k = new Kernel(new KernelConfig(), new FcfsScheduler(), new FixedCostMemory(), programs, new RandomStreams(5));
        Task t = k.addProcess(ProcessSpec.of("w", 0, "w"));
        k.run(SimTime.NEVER);
        double mean = 2000 * 3e6;
        double se = Math.sqrt(2000) * 3e6;
        assertThat((double) t.cpuTime()).isBetween(mean - 5 * se, mean + 5 * se);
    }

    @Test
    void numberedNamesJoinInRecordsAndScheduleAndSegmentsStillMerge() {
        // Round robin, 2 ms quantum. job-0 (5 ms) alone from 0: its quantum expires at 2 and 4 with
        // nothing else ready, so it keeps the CPU and its run is one segment 0-5. job-1 (1 ms)
        // arrives at 5 and runs 5-6; "job" (no serial) runs 6-7, and a plain "job-1" runs 7-8.
        ProgramSet programs = set("five", List.of(compute(5)), "one", List.of(compute(1)));
        Kernel k = new Kernel(new KernelConfig(), new dev.procsim.sched.RoundRobinScheduler(2 * SimTime.MS),
                new FixedCostMemory(), programs, new RandomStreams(1));
        k.addArrival(ProcessSpec.numbered("job", 0, 0, "five", 0, 0));
        k.addArrival(ProcessSpec.numbered("job", 1, 5 * SimTime.MS, "one", 0, 0));
        k.addArrival(ProcessSpec.of("job", 5 * SimTime.MS, "one"));
        k.addArrival(ProcessSpec.of("job-1", 5 * SimTime.MS, "one"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().tasks()).extracting(TaskRecord::name).containsExactly("job-0", "job-1", "job", "job-1");
        assertThat(k.scheduleLog().segments()).extracting(g -> g.task() + "@" + g.start() / SimTime.MS + "-" + g.end() / SimTime.MS)
                .containsExactly("job-0@0-5", "job-1@5-6", "job@6-7", "job-1@7-8");
        assertThat(ProcessSpec.numbered("job", 12, 0, "one", 0, 0).name()).isEqualTo("job-12");
        assertThat(ProcessSpec.numbered("job", -1, 0, "one", 0, 0).name()).isEqualTo("job");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessSpec.numbered("job", -2, 0, "one", 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        // Names are equal when they print the same, however they are kept.
        assertThat(TaskName.numbered("job", 1)).isEqualTo(TaskName.of("job-1")).hasSameHashCodeAs(TaskName.of("job-1"))
                .isNotEqualTo(TaskName.numbered("job", 2)).isNotEqualTo(TaskName.of("job"));
    }

    @Test
    void aTaskKeptOnItsCpuContinuesItsSegmentWithManyCpus() {
        // 100 CPUs, 100 tasks of 10 ms, round robin with a 2 ms quantum: at each expiry every
        // task is requeued and, as nothing else is ready, each CPU takes its own task back (lowest
        // CPU first, queue order = expiry order). Each task ran 0-10 on one CPU: one segment each,
        // although 99 other CPUs log a segment between two of its quanta.
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = 100;
        ProgramSet programs = set("ten", List.of(compute(10)));
        Kernel k = new Kernel(cfg, new dev.procsim.sched.RoundRobinScheduler(2 * SimTime.MS), new FixedCostMemory(), programs,
                new RandomStreams(1));
        for (int i = 0; i < 100; i++) k.addArrival(ProcessSpec.numbered("t", i, 0, "ten", 0, 0));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().tasks()).hasSize(100).allSatisfy(r -> assertThat(r.migrations()).isZero());
        assertThat(k.scheduleLog().segments()).hasSize(100)
                .allSatisfy(g -> assertThat(g.end() - g.start()).isEqualTo(10 * SimTime.MS));
    }
}

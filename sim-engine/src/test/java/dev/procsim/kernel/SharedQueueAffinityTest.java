package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.compute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.FcfsScheduler;
import dev.procsim.sched.RoundRobinScheduler;
import dev.procsim.sched.SchedulerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Tasks confined to some CPUs with one run queue shared by all of them (the textbook model): a
 * CPU takes the first task in the policy's order that it may run, and every other task keeps its
 * place. The reference is OSTEP's multi.py, whose central queue works that way (get_job).
 */
class SharedQueueAffinityTest {
    static final long MS = SimTime.MS;

    static KernelConfig shared(int cpus) {
        KernelConfig c = new KernelConfig();
        c.cpus = cpus;
        c.runQueue = KernelConfig.RunQueue.GLOBAL;
        return c;
    }

    static Kernel kernel(KernelConfig cfg, Supplier<Scheduler> policy, ProgramSet ps) {
        return new Kernel(cfg, policy, new FixedCostMemory(), ps, new RandomStreams(1));
    }

    /** Per CPU, the tasks it ran in order as "task@start-end" (ms), adjacent segments of one task merged. */
    static Map<Integer, List<String>> runs(Kernel k) {
        Map<Integer, List<String>> out = new TreeMap<>();
        Map<Integer, long[]> open = new TreeMap<>();
        Map<Integer, String> who = new TreeMap<>();
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) {
            if (s.end() <= s.start()) continue;
            long[] o = open.get(s.cpu());
            if (o != null && who.get(s.cpu()).equals(s.task()) && o[1] == s.start()) {
                o[1] = s.end();
                continue;
            }
            if (o != null) out.computeIfAbsent(s.cpu(), c -> new ArrayList<>()).add(who.get(s.cpu()) + "@" + o[0] / MS + "-" + o[1] / MS);
            open.put(s.cpu(), new long[] {s.start(), s.end()});
            who.put(s.cpu(), s.task());
        }
        open.forEach((c, o) -> out.computeIfAbsent(c, x -> new ArrayList<>()).add(who.get(c) + "@" + o[0] / MS + "-" + o[1] / MS));
        return out;
    }

    static long finish(Kernel k, String name) {
        return k.metrics().tasks().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().finish();
    }

    /**
     * OSTEP multi.py, central queue, 2 CPUs, quantum 10, no cache effects:
     * {@code ./multi.py -n 2 -L a:30:10,b:50:10,c:40:10,d:20:10 -A a:0,c:0 -q 10 -r 1 -w 0 -M 100 -t -c}
     * traces CPU 0: a c a c a c c, CPU 1: b d b d b b b (one column per 10 ticks), finished at 70.
     * At 10 the queue is c d a b: CPU 0 takes c, CPU 1 passes over c (pinned to 0) and takes d.
     */
    @Test
    void roundRobinOnTwoCpusWithPinnedJobsMatchesOstepMulti() {
        ProgramSet ps = Programs.set("a", List.of(compute(30)), "b", List.of(compute(50)), "c", List.of(compute(40)), "d", List.of(compute(20)));
        Kernel k = kernel(shared(2), () -> new RoundRobinScheduler(10 * MS), ps);
        k.addProcess(ProcessSpec.of("a", 0, "a").withCpus(CpuSet.of(0)));
        k.addProcess(ProcessSpec.of("b", 0, "b"));
        k.addProcess(ProcessSpec.of("c", 0, "c").withCpus(CpuSet.of(0)));
        k.addProcess(ProcessSpec.of("d", 0, "d"));
        k.run(SimTime.NEVER);
        assertThat(runs(k).get(0)).containsExactly("a@0-10", "c@10-20", "a@20-30", "c@30-40", "a@40-50", "c@50-70");
        assertThat(runs(k).get(1)).containsExactly("b@0-10", "d@10-20", "b@20-30", "d@30-40", "b@40-70");
        assertThat(finish(k, "a")).isEqualTo(50 * MS);
        assertThat(finish(k, "b")).isEqualTo(70 * MS);
        assertThat(finish(k, "c")).isEqualTo(70 * MS);
        assertThat(finish(k, "d")).isEqualTo(40 * MS);
    }

    /**
     * FCFS, 2 CPUs: P (10 ms, pinned to CPU 1) is first in the queue but CPU 0 passes it over for
     * Q (20 ms); CPU 1 takes P, then R (5 ms), the next in order it may run. Nothing migrates.
     */
    @Test
    void aCpuPassesOverWhatItMayNotRunAndTheOrderIsKept() {
        ProgramSet ps = Programs.set("w10", List.of(compute(10)), "w20", List.of(compute(20)), "w5", List.of(compute(5)));
        Kernel k = kernel(shared(2), FcfsScheduler::new, ps);
        k.addProcess(ProcessSpec.of("P", 0, "w10").withCpus(CpuSet.of(1)));
        k.addProcess(ProcessSpec.of("Q", 0, "w20"));
        k.addProcess(ProcessSpec.of("R", 0, "w5"));
        k.run(SimTime.NEVER);
        assertThat(runs(k).get(0)).containsExactly("Q@0-20");
        assertThat(runs(k).get(1)).containsExactly("P@0-10", "R@10-15");
        assertThat(k.metrics().migrations()).isZero();
    }

    /**
     * EEVDF on 2 CPUs, equal weights: H0 and H1 run from 0; W (pinned to CPU 1) wakes at 4 ms after
     * 1 ms of work and waits on CPU 1 only. Every segment of W is on CPU 1, and its CPU time is its
     * demand; the filtered pick keeps eligibility as computed over the whole queue (EligibilityTree).
     */
    @Test
    void eevdfKeepsAPinnedTaskOnItsCpu() {
        ProgramSet ps = Programs.set("h", List.of(compute(40)), "w", List.of(compute(1), Programs.sleep(3), compute(6)));
        Kernel k = kernel(shared(2), () -> SchedulerRegistry.create("eevdf"), ps);
        k.addProcess(ProcessSpec.of("H0", 0, "h"));
        k.addProcess(ProcessSpec.of("H1", 0, "h"));
        k.addProcess(ProcessSpec.of("W", 0, "w").withCpus(CpuSet.of(1)));
        k.run(SimTime.NEVER);
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) if (s.task().equals("W")) assertThat(s.cpu()).isEqualTo(1);
        long total = 0;
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) total += s.end() - s.start();
        assertThat(total).isEqualTo(87 * MS); // every task ran its demand: 40 + 40 + 7
    }

    /** The workload's cpuset {1} with one shared queue: everything runs on CPU 1, one after the other. */
    @Test
    void aCpusetWorksWithOneSharedQueue() {
        KernelConfig cfg = shared(2);
        cfg.workloadCpuset = CpuSet.of(1);
        Kernel k = kernel(cfg, FcfsScheduler::new, Programs.set("w", List.of(compute(5))));
        k.addProcess(ProcessSpec.of("A", 0, "w"));
        k.addProcess(ProcessSpec.of("B", 0, "w"));
        k.run(SimTime.NEVER);
        assertThat(runs(k)).containsOnlyKeys(1);
        assertThat(runs(k).get(1)).containsExactly("A@0-5", "B@5-10");
    }

    /**
     * Policies that cannot pick among the tasks a CPU may run are refused, with per-CPU queues
     * named: SCHED_DEADLINE (Linux refuses an affinity narrower than the root domain to it, EBUSY),
     * and the O(1) scheduler (its active/expired arrays swap when the active one is empty, which
     * has no meaning for a CPU that may run only some tasks).
     */
    @Test
    void policiesThatCannotPickAmongAllowedTasksAreRefused() {
        for (Map.Entry<String, Map<String, String>> e : Map.of("sched-deadline", Map.<String, String>of(),
                "time-sharing", Map.of("preset", "linux-o1")).entrySet()) {
            Kernel k = kernel(shared(2), () -> SchedulerRegistry.create(e.getKey(), e.getValue()), Programs.set("a", List.of(compute(1))));
            assertThatThrownBy(() -> k.addProcess(ProcessSpec.of("A", 0, "a").withCpus(CpuSet.of(1))))
                    .as(e.getKey()).hasMessageContaining("per-CPU run queues").hasMessageContaining("cannot pick");
            KernelConfig cfg = shared(2);
            cfg.workloadCpuset = CpuSet.of(1);
            assertThatThrownBy(() -> kernel(cfg, () -> SchedulerRegistry.create(e.getKey(), e.getValue()), Programs.set("a", List.of(compute(1)))))
                    .as(e.getKey()).hasMessageContaining("a cpuset needs per-CPU run queues");
        }
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.compute;
import static dev.procsim.kernel.Programs.exit;
import static dev.procsim.kernel.Programs.fork;
import static dev.procsim.kernel.Programs.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.CfsScheduler;
import dev.procsim.sched.FcfsScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU run queues (RunQueues' class comment): each rule on a case worked by hand. FCFS per CPU
 * where only placement matters (a task runs its burst through, so the schedule shows where it was
 * put); CFS where sharing matters.
 */
class PerCpuRunQueuesTest {
    static final long MS = SimTime.MS;

    static KernelConfig perCpu(Topology t) {
        KernelConfig c = new KernelConfig();
        c.topology = t;
        c.cpus = t.cpus();
        c.runQueue = KernelConfig.RunQueue.PER_CPU;
        return c;
    }

    static Kernel kernel(KernelConfig cfg, Supplier<Scheduler> policy, ProgramSet programs) {
        return new Kernel(cfg, policy, new FixedCostMemory(), programs, new RandomStreams(1));
    }

    static ProcessSpec proc(String name, long at, String program, int... cpus) {
        ProcessSpec s = ProcessSpec.of(name, at, program);
        return cpus.length == 0 ? s : s.withCpus(CpuSet.of(cpus));
    }

    /** The CPUs {@code task} ran on, segment by segment, with start times: "cpu@ms". */
    static List<String> where(Kernel k, String task) {
        List<String> out = new ArrayList<>();
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) {
            if (s.task().equals(task) && s.end() > s.start()) out.add(s.cpu() + "@" + s.start() / (double) MS);
        }
        return out;
    }

    @Test
    void aWokenTaskGoesBackToItsIdlePreviousCpu() {
        // A arrives first: CPU 0 (all idle, lowest number); B: CPU 1 (CPU 0 has A). A sleeps 5 ms; CPU 0 is idle when it wakes.
        ProgramSet ps = Programs.set("a", List.of(compute(10), sleep(5), compute(10)), "b", List.of(compute(50)));
        Kernel k = kernel(perCpu(Topology.flat(2)), FcfsScheduler::new, ps);
        k.addProcess(proc("A", 0, "a"));
        k.addProcess(proc("B", 0, "b"));
        k.run(SimTime.NEVER);
        assertThat(where(k, "A")).containsExactly("0@0.0", "0@15.0");
        assertThat(where(k, "B")).containsExactly("1@0.0");
        assertThat(k.metrics().migrations()).isZero();
        // run-queue length over time: CPU 0 holds one task for 10 + 10 ms, CPU 1 one task for 50 ms
        assertThat(k.metrics().cpuRunnable(0)).isEqualTo(20 * MS);
        assertThat(k.metrics().cpuRunnable(1)).isEqualTo(50 * MS);
        // the imbalance (busiest minus idlest CPU) through the run: 1 and 1 from 0, 0 and 1 while A sleeps (10-15 ms) and after
        // it exits (25 ms), none after 50 ms
        var imb = k.metrics().loadImbalance();
        assertThat(List.of(imb.valueAt(5 * MS), imb.valueAt(12 * MS), imb.valueAt(20 * MS), imb.valueAt(30 * MS), imb.valueAt(51 * MS)))
                .containsExactly(0L, 1L, 0L, 1L, 0L);
    }

    @Test
    void aWokenTaskWhosePreviousCpuIsBusyTakesAnIdleCpuOfItsLlc() {
        // 2 LLCs of 2 CPUs: {0,1}, {2,3}. S runs on CPU 0, sleeps; H (pinned to CPU 0) takes CPU 0; when S wakes, CPU 1 (same LLC)
        // is idle and so are 2 and 3: it goes to CPU 1, the next CPU of its LLC.
        ProgramSet ps = Programs.set("s", List.of(compute(1), sleep(10), compute(5)), "h", List.of(compute(50)));
        Kernel k = kernel(perCpu(new Topology(1, 2, 2, 1)), FcfsScheduler::new, ps);
        k.addProcess(proc("S", 0, "s"));
        k.addProcess(proc("H", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        assertThat(where(k, "S")).containsExactly("0@0.0", "1@11.0");
        assertThat(k.metrics().migrations(Topology.LLC)).isEqualTo(1);
        assertThat(k.metrics().migrations()).isEqualTo(1);
    }

    @Test
    void anIdleCoreIsPreferredToTheIdleSiblingOfABusyCore() {
        // One LLC of 2 cores with 2 threads: core 0 = {0,1}, core 1 = {2,3}. S ran on CPU 0, now busy with H; CPU 1 is idle but its
        // sibling is busy; core 1 is wholly idle: S goes to CPU 2 (select_idle_core before select_idle_cpu).
        ProgramSet ps = Programs.set("s", List.of(compute(1), sleep(10), compute(5)), "h", List.of(compute(50)));
        Kernel k = kernel(perCpu(new Topology(1, 1, 2, 2)), FcfsScheduler::new, ps);
        k.addProcess(proc("S", 0, "s"));
        k.addProcess(proc("H", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        assertThat(where(k, "S")).containsExactly("0@0.0", "2@11.0");
        assertThat(k.metrics().migrations(Topology.LLC)).isEqualTo(1);
    }

    @Test
    void forkedChildrenGoToTheLeastLoadedCpus() {
        // The parent runs on CPU 0 (load 1); its three children go to CPUs 1, 2, 3 in turn (each then has one queued).
        ProgramSet ps = Programs.set("p", List.of(fork("c"), fork("c"), fork("c"), compute(20)), "c", List.of(compute(10)));
        Kernel k = kernel(perCpu(Topology.flat(4)), FcfsScheduler::new, ps);
        k.addProcess(proc("P", 0, "p"));
        k.run(SimTime.NEVER);
        List<Integer> cpus = new ArrayList<>();
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) if (s.task().equals("c")) cpus.add(s.cpu());
        assertThat(cpus).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(where(k, "P")).containsExactly("0@0.0");
    }

    @Test
    void aNewlyIdleCpuPullsFromItsOwnNodeBeforeABusierRemoteOne() {
        // Two nodes of 2 CPUs: {0,1}, {2,3}. Pinned tasks shape the loads: CPU 0 runs A0 with X queued; CPU 2 runs A2 with Y2 and Y1
        // queued (Y1 may run on 1 or 2); CPU 3 runs A3; CPU 1 runs three 1 ms tasks and goes idle at 3 ms with nothing queued.
        // Newidle looks at its node first: X moves from CPU 0 to CPU 1, though CPU 2 is busier and Y1 may run on CPU 1; only when
        // CPU 1 idles again with its node empty does it reach across.
        ProgramSet ps = Programs.set("long", List.of(compute(50)), "short", List.of(compute(1)), "x", List.of(compute(5)));
        Kernel k = kernel(perCpu(new Topology(2, 1, 2, 1)), FcfsScheduler::new, ps);
        k.addProcess(proc("A0", 0, "long", 0));
        k.addProcess(proc("A2", 0, "long", 2));
        k.addProcess(proc("A3", 0, "long", 3));
        k.addProcess(proc("B1", 0, "short", 1));
        k.addProcess(proc("B2", 0, "short", 1));
        k.addProcess(proc("B3", 0, "short", 1));
        k.addProcess(proc("X", 0, "x"));
        k.addProcess(proc("Y2", 0, "x", 2));
        k.addProcess(proc("Y1", 0, "x", 1, 2));
        k.run(SimTime.NEVER);
        assertThat(where(k, "X")).containsExactly("1@3.0");
        // when X ends (8 ms) CPU 1 is idle again and its node has nothing queued: it pulls Y1 across nodes
        assertThat(where(k, "Y1")).containsExactly("1@8.0");
        assertThat(where(k, "Y2")).containsExactly("2@50.0");
        // (8 ms is also a tick: the periodic balance, which runs before the end of the instant, makes that second pull)
        assertThat(k.metrics().newidlePulls()).isEqualTo(1);
        assertThat(k.metrics().periodicPulls()).isEqualTo(1);
    }

    @Test
    void thePeriodicBalanceMovesTheOldestQueuedTaskWhenOneCpuHasTwoMore() {
        // CPU 0: P0 (pinned, 100 ms) running, Q1 and Q2 queued; CPU 1: B (pinned, 1 ms) then P1 (pinned, 100 ms), loads 3 and 1 at
        // the first tick (4 ms). CPU 1 pulls Q1, the oldest queued, and runs it after P1; Q2 stays and runs after P0. Loads are then
        // 2 and 2: nothing more moves.
        ProgramSet ps = Programs.set("long", List.of(compute(100)), "short", List.of(compute(1)), "q", List.of(compute(10)));
        Kernel k = kernel(perCpu(Topology.flat(2)), FcfsScheduler::new, ps);
        k.addProcess(proc("P0", 0, "long", 0));
        k.addProcess(proc("B", 0, "short", 1));
        k.addProcess(proc("P1", 0, "long", 1));
        k.addProcess(proc("Q1", 0, "q"));
        k.addProcess(proc("Q2", 0, "q"));
        k.run(SimTime.NEVER);
        assertThat(where(k, "Q1")).containsExactly("1@101.0");
        assertThat(where(k, "Q2")).containsExactly("0@100.0");
        assertThat(k.metrics().periodicPulls()).isEqualTo(1);
    }

    @Test
    void threeHogsOnTwoCpusTakeTurnsAndEachGetsAboutTwoThirds() {
        // With one more task on one CPU the balancer moves one only after a balance that moved nothing: the three hogs rotate, as
        // on Linux (tools/linux-checks/smp_hogs.c), instead of one keeping a CPU to itself.
        ProgramSet ps = Programs.set("hog", List.of(compute(3000)));
        Kernel k = kernel(perCpu(Topology.flat(2)), () -> new CfsScheduler(6 * MS, 750_000, MS), ps);
        for (String n : List.of("A", "B", "C")) k.addProcess(proc(n, 0, "hog"));
        k.run(3 * SimTime.S);
        for (Task t : k.tasks()) {
            if (t == k.init()) continue;
            assertThat((double) t.cpuTime / (3 * SimTime.S)).as(t.name()).isBetween(0.55, 0.78);
        }
        assertThat(k.metrics().periodicPulls()).isPositive();
        // three tasks runnable all along, wherever they are queued: the CPUs' run-queue lengths add up to 3 over the 3 s
        assertThat(k.metrics().cpuRunnable(0) + k.metrics().cpuRunnable(1)).isEqualTo(3 * 3 * SimTime.S);
        // and the one with two tasks changes: neither CPU holds one or two all along
        assertThat(k.metrics().cpuRunnable(0)).isStrictlyBetween(3 * SimTime.S, 2 * 3 * SimTime.S);
    }

    @Test
    void hogsAtNiceZeroFiveAndTenSettleAsOnLinuxWithLoadsWeightedByNice() {
        // 2 CPUs, CFS. A (nice 0) arrives first: CPU 0; B (nice 5): CPU 1; C (nice 10): a tie, CPU 0. Loads weighted by nice
        // (1024, 335, 110): CPU 0 holds 1134, CPU 1 335; CPU 1's balance pulls C (110, within half the difference, 399)
        // before C has run (not counted as a migration: C never ran elsewhere). Then CPU 0 holds 1024 and CPU 1 445: nothing
        // more moves. A runs alone, B and C share CPU 1 by weight, 335 : 110: 1.0, 0.753, 0.247 (Linux 6.18 on this machine,
        // tools/trace-workloads/hogs_nice.c: 0.996, 0.752, 0.243). Unweighted, CPU 0's two tasks against CPU 1's one would
        // keep a task moving back and forth.
        ProgramSet ps = Programs.set("hog", List.of(compute(3000)));
        Kernel k = kernel(perCpu(Topology.flat(2)), () -> new CfsScheduler(6 * MS, 750_000, MS), ps);
        k.addProcess(proc("A", 0, "hog").withNice(0));
        k.addProcess(proc("B", 0, "hog").withNice(5));
        k.addProcess(proc("C", 0, "hog").withNice(10));
        k.run(2 * SimTime.S);
        java.util.Map<String, Double> share = new java.util.HashMap<>();
        for (Task t : k.tasks()) if (t != k.init()) share.put(t.name(), (double) t.cpuTime / (2 * SimTime.S));
        assertThat(share.get("A")).isGreaterThan(0.99);
        assertThat(share.get("B")).isCloseTo(335.0 / 445, org.assertj.core.api.Assertions.within(0.02));
        assertThat(share.get("C")).isCloseTo(110.0 / 445, org.assertj.core.api.Assertions.within(0.02));
        assertThat(k.metrics().migrations()).isZero();
    }

    @Test
    void aShortPeriodicTaskDoesNotMakeItsCpuLookOverloaded() {
        // Linux 6.18 on 2 CPUs (tools/linux-checks/smp_waker.c): 2 hogs and a 1 ms job every 10 ms; the job shares one hog's CPU,
        // nothing migrates in 5 s, shares 0.89, 0.99 and 0.10. Its runnable average is about a tenth of a hog's, so the CPU it
        // shares is 110% loaded against 100%: within imbalance_pct, no pull.
        ProgramSet ps = Programs.set("hog", List.of(compute(100_000)),
                "per", List.of(new Action.Periodic(10 * MS, MS, 10 * MS, 0, -1)));
        Kernel k = kernel(perCpu(Topology.flat(2)), () -> dev.procsim.sched.SchedulerRegistry.create("eevdf"), ps);
        k.addProcess(proc("hog0", 0, "hog"));
        k.addProcess(proc("hog1", 0, "hog"));
        k.addProcess(proc("periodic", 0, "per"));
        k.run(5 * SimTime.S);
        // At most one, at the start: a new task counts as fully runnable until its average decays (init_entity_runnable_average),
        // so its first job can make its CPU look overloaded once (Linux's figure leaves out the first 100 ms). Counting the
        // periodic task as a whole task, as before the runnable average, moved a hog 13 times.
        assertThat(k.metrics().migrations()).isLessThanOrEqualTo(1);
        for (Task t : k.tasks()) {
            if (t.name().equals("periodic")) assertThat((double) t.cpuTime / (5 * SimTime.S)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.005));
        }
    }

    @Test
    void theRunnableAverageHalvesEvery32Periods() {
        long period = 1L << RunnableAverage.PERIOD_SHIFT;
        assertThat(RunnableAverage.decay(1024, 0)).isEqualTo(1024);
        assertThat(RunnableAverage.decay(1024, 32 * period)).isEqualTo(512);
        assertThat(RunnableAverage.decay(1024, 64 * period)).isEqualTo(256);
        assertThat(RunnableAverage.decay(1024, 16 * period)).isBetween(723L, 724L); // 1024 / sqrt(2) = 724.08
        assertThat(RunnableAverage.decay(1024, period - 1)).isEqualTo(1024); // what is left of a period is not counted
    }

    @Test
    void aTaskThatExecsOnACpuWithOthersQueuedMovesToAnIdleCpu() {
        // A runs on CPU 0 with C (pinned to CPU 0) queued behind it; B runs on CPU 1 and exits at 1 ms (nothing CPU 1 may pull:
        // C is pinned). At 2 ms A execs: CPU 1 is idle, so the new program starts there (sched_exec) and C gets CPU 0.
        ProgramSet ps = Programs.set("a", List.of(compute(2), Programs.exec("after")), "after", List.of(compute(10)),
                "b", List.of(compute(1)), "c", List.of(compute(5)));
        Kernel k = kernel(perCpu(Topology.flat(2)), FcfsScheduler::new, ps);
        k.addProcess(proc("A", 0, "a"));
        k.addProcess(proc("B", 0, "b", 1));
        k.addProcess(proc("C", 0, "c", 0));
        k.run(SimTime.NEVER);
        assertThat(where(k, "A")).containsExactly("0@0.0", "1@2.0");
        assertThat(where(k, "C")).containsExactly("0@2.0");
    }

    @Test
    void aRealTimeTaskIsPushedToTheCpuOfTheLatestDeadlineAsGlobalEdfWouldRunIt() {
        // EDF per CPU on 2 CPUs. A (deadline 10, 8 ms) takes CPU 0, B (deadline 20, 8 ms) CPU 1. At 2 ms C arrives (deadline 12,
        // 4 ms): placed on CPU 0 (loads equal, lowest number), it cannot preempt A (10 < 12); it outranks B, so it is pushed to
        // CPU 1 and preempts B (push_dl_task). Global EDF runs the same: the two earliest deadlines, A and C. C ends at 6 ms and
        // B resumes there; B ends at 12 ms.
        ProgramSet ps = Programs.set("a", List.of(new Action.Periodic(10 * MS, 8 * MS, 10 * MS, 0, 1)),
                "b", List.of(new Action.Periodic(20 * MS, 8 * MS, 20 * MS, 0, 1)),
                "c", List.of(new Action.Periodic(10 * MS, 4 * MS, 10 * MS, 0, 1)));
        Kernel k = kernel(perCpu(Topology.flat(2)), () -> dev.procsim.sched.SchedulerRegistry.create("edf"), ps);
        k.addProcess(proc("A", 0, "a"));
        k.addProcess(proc("B", 0, "b"));
        k.addProcess(proc("C", 2 * MS, "c"));
        k.run(SimTime.NEVER);
        assertThat(where(k, "C")).containsExactly("1@2.0");
        assertThat(where(k, "B")).containsExactly("1@0.0", "1@6.0");
        assertThat(where(k, "A")).containsExactly("0@0.0");
    }

    @Test
    void aCpuPullsAQueuedRealTimeTaskThatOutranksItsOwnNext() {
        // EDF per CPU on 2 CPUs, all arriving at 0 and placed before any runs: A (deadline 10, 10 ms) and D15 (deadline 15) on
        // CPU 0, B (deadline 5, 2 ms) and D20 (deadline 20) on CPU 1. Global EDF runs the two earliest deadlines at every instant:
        // A and B, then from 2 ms A and D15, then from 7 ms A and D20. Without pulls, CPU 1 would run D20 at 2 ms (its own queue's
        // best) while D15 waited behind A; with them each CPU first takes a queued task that outranks its own next.
        ProgramSet ps = Programs.set("a", List.of(new Action.Periodic(10 * MS, 10 * MS, 10 * MS, 0, 1)),
                "b", List.of(new Action.Periodic(5 * MS, 2 * MS, 5 * MS, 0, 1)),
                "d15", List.of(new Action.Periodic(15 * MS, 5 * MS, 15 * MS, 0, 1)),
                "d20", List.of(new Action.Periodic(20 * MS, 5 * MS, 20 * MS, 0, 1)));
        Kernel k = kernel(perCpu(Topology.flat(2)), () -> dev.procsim.sched.SchedulerRegistry.create("edf"), ps);
        k.addProcess(proc("A", 0, "a"));
        k.addProcess(proc("B", 0, "b"));
        k.addProcess(proc("D15", 0, "d15"));
        k.addProcess(proc("D20", 0, "d20"));
        k.run(SimTime.NEVER);
        assertThat(where(k, "D15")).singleElement().asString().endsWith("@2.0");
        assertThat(where(k, "D20")).singleElement().asString().endsWith("@7.0");
        assertThat(where(k, "A")).singleElement().asString().endsWith("@0.0");
        assertThat(k.metrics().migrations()).isZero(); // each pulled before it first ran
    }

    @Test
    void aTaskConfinedByItsAffinityMovesAtOnceAndItsChildrenInheritIt() {
        ProgramSet ps = Programs.set("p", List.of(compute(1), new Action.SetAffinity(CpuSet.of(3)), compute(1), fork("c"), compute(5)),
                "c", List.of(compute(5)));
        Kernel k = kernel(perCpu(Topology.flat(4)), FcfsScheduler::new, ps);
        k.addProcess(proc("P", 0, "p"));
        k.run(SimTime.NEVER);
        assertThat(where(k, "P")).containsExactly("0@0.0", "3@1.0");
        assertThat(where(k, "c")).allMatch(s -> s.startsWith("3@"));
    }

    @Test
    void theWorkloadsCpusetConfinesEveryTaskWithinIt() {
        // cpuset {1} on 2 CPUs: A and B (no affinity of their own) both run on CPU 1, one after the other; C asks for CPUs 0-1
        // and gets 1 (its own mask within the cpuset); D asks to move to CPU 0 alone, outside the cpuset: EINVAL, it stays.
        KernelConfig cfg = perCpu(Topology.flat(2));
        cfg.workloadCpuset = CpuSet.of(1);
        ProgramSet ps = Programs.set("w", List.of(compute(5)),
                "d", List.of(new Action.SetAffinity(CpuSet.of(0)), compute(5)));
        Kernel k = kernel(cfg, FcfsScheduler::new, ps);
        k.addProcess(proc("A", 0, "w"));
        k.addProcess(proc("B", 0, "w"));
        k.addProcess(proc("C", 0, "w", 0, 1));
        Task d = k.addProcess(proc("D", 0, "d"));
        k.run(SimTime.NEVER);
        for (ScheduleLog.Segment s : k.scheduleLog().segments()) assertThat(s.cpu()).as(s.task()).isEqualTo(1);
        assertThat(d.lastResult()).isEqualTo(-Signals.EINVAL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kernel(cfg, FcfsScheduler::new, ps).addProcess(proc("E", 0, "w", 0)))
                .hasMessageContaining("no CPU of its cpuset");
    }

    @Test
    void migrationCostIsChargedByDistance() {
        // As the LLC test: S moves from CPU 0 to CPU 1 (same LLC) and pays the LLC refill, 2 ms, before its 5 ms burst.
        KernelConfig cfg = perCpu(new Topology(1, 2, 2, 1));
        cfg.migrationCost[Topology.LLC] = 2 * MS;
        cfg.migrationCost[Topology.NODE] = 7 * MS;
        ProgramSet ps = Programs.set("s", List.of(compute(1), sleep(10), compute(5)), "h", List.of(compute(50)));
        Kernel k = kernel(cfg, FcfsScheduler::new, ps);
        k.addProcess(proc("S", 0, "s"));
        k.addProcess(proc("H", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        TaskRecord s = k.metrics().tasks().stream().filter(r -> r.name().equals("S")).findFirst().orElseThrow();
        assertThat(s.finish()).isEqualTo(11 * MS + 2 * MS + 5 * MS);
        assertThat(k.metrics().migrationRefillNanos()).isEqualTo(2 * MS);
    }
}

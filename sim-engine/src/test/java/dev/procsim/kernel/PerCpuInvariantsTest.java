package dev.procsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.SchedulerRegistry;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU run queues on randomized workloads (seeded), with random topologies and tasks confined
 * to random CPU sets. After every event: no task on two CPUs, a running task is RUNNING, no task
 * runs outside its affinity, no task's CPU time above its demand. After every dispatch round: the
 * ready tasks are the queued ones. At the end: every task's CPU time equals its demand, a task
 * confined to one CPU never migrated, and no CPU was busy longer than the run. (Work conservation
 * does not hold with a queue per CPU: a CPU may idle while another has a queued task until the
 * balancer moves it; that is Linux's behaviour too.)
 */
class PerCpuInvariantsTest {
    @Test
    void invariantsHoldWithPerCpuQueuesAndAffinity() {
        check(KernelConfig.RunQueue.PER_CPU);
    }

    /**
     * One queue shared by all CPUs, with the same confined tasks, for every policy that can pick
     * among the tasks a CPU may run (the others are refused): the same invariants, and work
     * conservation besides: after every dispatch round no CPU is idle while a task it may run waits.
     */
    @Test
    void invariantsHoldWithOneSharedQueueAndAffinity() {
        check(KernelConfig.RunQueue.GLOBAL);
    }

    private static void check(KernelConfig.RunQueue queues) {
        List<String> names = new java.util.ArrayList<>(SchedulerRegistry.all().keySet()); // every policy (25 seeds each also pass)
        int seeds = 5;
        for (String name : names) {
            if (queues == KernelConfig.RunQueue.GLOBAL && !SchedulerRegistry.create(name).picksAllowed()) continue;
            for (int s = 0; s < seeds; s++) {
                final int seed = s;
                SplittableRandom r = new SplittableRandom(seed * 131L + name.hashCode());
                Topology topo = new Topology(1 + r.nextInt(2), 1 + r.nextInt(2), 1 + r.nextInt(3), 1 + r.nextInt(2));
                KernelConfig cfg = new KernelConfig();
                cfg.topology = topo;
                cfg.cpus = topo.cpus();
                cfg.runQueue = queues;
                cfg.contextSwitch = r.nextBoolean() ? 0 : 20 * SimTime.US;
                for (int l = Topology.SMT; l <= Topology.CROSS_NODE; l++) cfg.migrationCost[l] = r.nextInt(3) * 10 * SimTime.US;
                Dur burst = Dur.random(Distribution.exponential(2 * SimTime.MS), "bursts");
                Dur io = Dur.random(Distribution.uniform(SimTime.MS / 2, 4 * SimTime.MS), "io");
                int moveTo = r.nextInt(cfg.cpus);
                ProgramSet programs = ProgramSet.of(Map.of(
                        "cpu", List.of(new Action.Compute(Dur.random(Distribution.exponential(30 * SimTime.MS), "long"))),
                        "io", List.of(new Action.Repeat(30, List.of(new Action.Compute(burst), new Action.Io(io)))),
                        "mover", List.of(new Action.Compute(burst), new Action.SetAffinity(CpuSet.of(moveTo)),
                                new Action.Repeat(10, List.of(new Action.Compute(burst), new Action.Sleep(io)))),
                        "forker", List.of(new Action.Compute(burst), new Action.Fork("io"), new Action.Fork("cpu"),
                                new Action.Wait(Action.Wait.ANY, false), new Action.Wait(Action.Wait.ANY, false))));
                Kernel k = new Kernel(cfg, () -> SchedulerRegistry.create(name), new FixedCostMemory(), programs, new RandomStreams(seed));
                String[] kinds = {"cpu", "io", "mover", "forker"};
                int n = 4 + r.nextInt(14);
                for (int i = 0; i < n; i++) {
                    ProcessSpec p = ProcessSpec.of("t" + i, r.nextInt(20) * SimTime.MS, kinds[r.nextInt(kinds.length)]).withNice(r.nextInt(40) - 20);
                    if (r.nextInt(3) == 0) { // confined: one CPU, or a random set
                        int a = r.nextInt(cfg.cpus), b = r.nextInt(cfg.cpus);
                        p = p.withCpus(r.nextBoolean() ? CpuSet.of(a) : CpuSet.of(a, b));
                    }
                    k.addProcess(p);
                }
                String what = name + " seed " + seed + " on " + topo + " " + queues;
                int[] rounds = {0};
                k.setDispatchObserver(() -> {
                    rounds[0]++;
                    checkEvent(k, what);
                    int ready = 0;
                    for (Task t : k.tasks()) if (t.state() == TaskState.READY) ready++;
                    assertThat(ready).as("%s: ready tasks vs run queues", what).isEqualTo(k.readyCount());
                    if (queues == KernelConfig.RunQueue.GLOBAL) {
                        for (int c = 0; c < k.cpuCount(); c++) {
                            if (k.running(c) != null) continue;
                            for (Task t : k.tasks()) {
                                assertThat(t.state() == TaskState.READY && RunQueues.allowed(t, c)).as("%s: CPU %d idle while %s waits", what, c, t).isFalse();
                            }
                        }
                    }
                });
                dev.procsim.engine.StopReason stop = k.run(SimTime.NEVER, () -> {
                    checkEvent(k, what);
                    return false;
                }).reason();
                assertThat(stop).as(what).isEqualTo(dev.procsim.engine.StopReason.NO_EVENTS);
                assertThat(rounds[0]).as(what).isGreaterThan(n);
                long end = k.now();
                for (int c = 0; c < k.cpuCount(); c++) assertThat(k.metrics().cpuBusy(c)).as("%s: CPU %d busy", what, c).isLessThanOrEqualTo(end);
                for (TaskRecord t : k.metrics().tasks()) {
                    assertThat(t.cpuTime()).as("%s %s", what, t.name()).isEqualTo(t.demand());
                }
                long perTask = 0;
                for (TaskRecord t : k.metrics().tasks()) perTask += t.migrations();
                assertThat(k.metrics().migrations()).as("%s: migrations by level add up to the tasks' own", what).isEqualTo(perTask);
            }
        }
    }

    /** Single-CPU pinned tasks: never migrated (the process spec's set is kept on its record's task; checked while running). */
    private static void checkEvent(Kernel k, String what) {
        IdentityHashMap<Task, Integer> onCpu = new IdentityHashMap<>();
        for (int c = 0; c < k.cpuCount(); c++) {
            Task t = k.running(c);
            if (t == null) continue;
            assertThat(onCpu.put(t, c)).as("%s: %s on two CPUs", what, t).isNull();
            assertThat(t.state()).as(what).isEqualTo(TaskState.RUNNING);
            CpuSet a = t.allowed();
            if (a != null) assertThat(a.contains(c)).as("%s: %s runs on CPU %d outside its affinity %s", what, t, c, a).isTrue();
            if (a != null && a.size() == 1 && t.programName().equals("cpu")) assertThat(t.migrations).as("%s: pinned %s migrated", what, t).isZero();
        }
        for (Task t : k.tasks()) {
            assertThat(t.cpuTime()).as("%s: %s CPU time above demand", what, t).isLessThanOrEqualTo(t.demand());
            if (t.state() == TaskState.RUNNING) assertThat(onCpu).as("%s: %s RUNNING on no CPU", what, t).containsKey(t);
        }
    }
}

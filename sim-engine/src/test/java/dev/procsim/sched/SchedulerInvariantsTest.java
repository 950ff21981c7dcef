package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.Task;
import dev.procsim.kernel.TaskState;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Invariants every scheduler must keep on randomized workloads (seeded). After every event: no
 * task on two CPUs, every running task in state RUNNING and every task in state RUNNING on a CPU,
 * no task's CPU time above its demand. After every dispatch round (the end of an instant, where
 * the kernel takes its decisions, so that tasks arriving together are all queued before any is
 * picked: in the middle of an instant a CPU may be idle with work ready, by that documented rule):
 * no CPU idle while a task is ready (work conservation: none of these policies idles on purpose),
 * and every READY task in the run queue.
 */
class SchedulerInvariantsTest {
    @Test
    void invariantsHoldForEverySchedulerOnRandomWorkloads() {
        java.util.List<String> names = new java.util.ArrayList<>(SchedulerRegistry.all().keySet());
        names.add("time-sharing:bsd");
        names.add("time-sharing:linux-o1");
        for (String name : names) {
            for (int s = 0; s < 6; s++) {
                final int seed = s;
                SplittableRandom r = new SplittableRandom(seed * 31L + name.hashCode());
                int cpus = 1 + r.nextInt(3);
                KernelConfig cfg = new KernelConfig();
                cfg.cpus = cpus;
                cfg.contextSwitch = r.nextBoolean() ? 0 : 50 * SimTime.US;
                Dur burst = Dur.random(Distribution.exponential(2 * SimTime.MS), "bursts");
                Dur io = Dur.random(Distribution.uniform(SimTime.MS / 2, 4 * SimTime.MS), "io");
                ProgramSet programs = ProgramSet.of(Map.of(
                        "cpu", List.of(new Action.Compute(Dur.random(Distribution.exponential(30 * SimTime.MS), "long"))),
                        "io", List.of(new Action.Repeat(30, List.of(new Action.Compute(burst), new Action.Io(io)))),
                        "sys", List.of(new Action.Repeat(40, List.of(new Action.Compute(burst), new Action.Syscall(Dur.of(20 * SimTime.US)),
                                new Action.Yield()))),
                        "forker", List.of(new Action.Compute(burst), new Action.Fork("io"), new Action.Fork("cpu"),
                                new Action.Wait(Action.Wait.ANY, false), new Action.Wait(Action.Wait.ANY, false))));
                String[] np = name.split(":");
                Map<String, String> params = np.length > 1 ? Map.of("preset", np[1]) : Map.of();
                Kernel k = new Kernel(cfg, SchedulerRegistry.create(np[0], params), new FixedCostMemory(), programs, new RandomStreams(seed));
                String[] kinds = {"cpu", "io", "sys", "forker"};
                int n = 4 + r.nextInt(10);
                for (int i = 0; i < n; i++) {
                    long at = r.nextInt(20) * SimTime.MS;
                    k.addProcess(ProcessSpec.of("t" + i, at, kinds[r.nextInt(kinds.length)]).withNice(r.nextInt(40) - 20)
                            .withPriority(r.nextInt(5)));
                }
                int[] rounds = {0};
                long[] events = {0};
                k.setDispatchObserver(() -> {
                    rounds[0]++;
                    checkRound(k, name, seed);
                });
                long fired = k.run(SimTime.NEVER, () -> {
                    events[0]++;
                    checkEvent(k, name, seed);
                    return false;
                }).events();
                assertThat(rounds[0]).as("%s seed %d", name, seed).isGreaterThan(n);
                assertThat(events[0]).as("%s seed %d: checked after every event", name, seed).isEqualTo(fired);
                // Everything finished: every record has CPU time equal to its demand.
                k.metrics().tasks().forEach(t -> assertThat(t.cpuTime()).as("%s %s", name, t.name()).isEqualTo(t.demand()));
            }
        }
    }

    /** After every event: placement and CPU time. */
    private static void checkEvent(Kernel k, String name, int seed) {
        IdentityHashMap<Task, Integer> onCpu = new IdentityHashMap<>();
        for (int c = 0; c < k.cpuCount(); c++) {
            Task t = k.running(c);
            if (t == null) continue;
            Integer before = onCpu.put(t, c);
            assertThat(before).as("%s seed %d: %s on two CPUs", name, seed, t).isNull();
            assertThat(t.state()).as("%s seed %d", name, seed).isEqualTo(TaskState.RUNNING);
        }
        for (Task t : k.tasks()) {
            assertThat(t.cpuTime()).as("%s seed %d: %s CPU time above demand", name, seed, t).isLessThanOrEqualTo(t.demand());
            if (t.state() == TaskState.RUNNING) assertThat(onCpu).as("%s seed %d: %s RUNNING on no CPU", name, seed, t).containsKey(t);
        }
    }

    /** After every dispatch round: also work conservation and the run queue's count. */
    private static void checkRound(Kernel k, String name, int seed) {
        checkEvent(k, name, seed);
        int idle = 0;
        for (int c = 0; c < k.cpuCount(); c++) if (k.running(c) == null) idle++;
        int ready = 0;
        for (Task t : k.tasks()) if (t.state() == TaskState.READY) ready++;
        assertThat(ready).as("%s seed %d: ready tasks vs run queue", name, seed).isEqualTo(k.readyCount());
        if (idle > 0) assertThat(ready).as("%s seed %d: a CPU idles while %d tasks are ready", name, seed, ready).isZero();
    }
}

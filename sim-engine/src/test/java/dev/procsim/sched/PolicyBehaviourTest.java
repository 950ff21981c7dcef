package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour each policy promises, against answers worked out by hand or from theory. */
class PolicyBehaviourTest {
    private static final long MS = SimTime.MS;

    private static Kernel kernel(String scheduler, Map<String, String> params, Map<String, List<Action>> programs) {
        return new Kernel(new KernelConfig(), SchedulerRegistry.create(scheduler, params), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
    }

    private static List<Action> hog() {
        return List.of(new Action.Compute(Dur.of(3600 * SimTime.S)));
    }

    @Test
    void cfsSharesTheCpuByWeightNice0AgainstNice5() {
        // Weights 1024 and 335: shares 1024/1359 = 75.35% and 24.65%.
        Kernel k = kernel("cfs", Map.of(), Map.of("hog", hog()));
        Task a = k.addProcess(ProcessSpec.of("nice0", 0, "hog"));
        Task b = k.addProcess(ProcessSpec.of("nice5", 0, "hog").withNice(5));
        k.run(10 * SimTime.S);
        double total = a.cpuTime() + b.cpuTime();
        assertThat(total).isEqualTo(10.0 * SimTime.S);
        assertThat(a.cpuTime() / total).isCloseTo(1024.0 / 1359, within(0.01));
        assertThat(b.cpuTime() / total).isCloseTo(335.0 / 1359, within(0.01));
    }

    @Test
    void cfsNewcomerDoesNotMonopoliseAndEqualNicesShareEqually() {
        // Three nice-0 hogs, one arriving 1 s late: over the last 3 s each gets a third (within 2%).
        Kernel k = kernel("cfs", Map.of(), Map.of("hog", hog()));
        Task a = k.addProcess(ProcessSpec.of("a", 0, "hog"));
        Task b = k.addProcess(ProcessSpec.of("b", 0, "hog"));
        k.run(SimTime.S);
        assertThat((double) a.cpuTime() / SimTime.S).isCloseTo(0.5, within(0.01));
        assertThat((double) b.cpuTime() / SimTime.S).isCloseTo(0.5, within(0.01));
        Task c = k.addProcess(ProcessSpec.of("c", 2 * SimTime.S, "hog"));
        k.run(5 * SimTime.S);
        // From 2 s to 5 s: 3 s shared three ways. a and b ran alone from 1 s to 2 s.
        double window = 3.0 * SimTime.S;
        assertThat(c.cpuTime() / window).isCloseTo(1.0 / 3, within(0.02));
    }

    @Test
    void timeSharingNeverStarvesANice19HogWhileStaticPriorityDoes() {
        Map<String, List<Action>> programs = Map.of("hog", hog());
        for (String scheduler : List.of("time-sharing", "priority")) {
            Kernel k = kernel(scheduler, scheduler.equals("priority") ? Map.of("preemptive", "true") : Map.of(), programs);
            for (int i = 0; i < 3; i++) k.addProcess(ProcessSpec.of("n0-" + i, 0, "hog"));
            Task low = k.addProcess(ProcessSpec.of("n19", 0, "hog").withNice(19).withPriority(19));
            k.run(10 * SimTime.S);
            if (scheduler.equals("time-sharing")) {
                assertThat(low.cpuTime()).as(scheduler).isPositive();
                assertThat(low.firstRun()).isGreaterThanOrEqualTo(0);
            } else {
                assertThat(low.cpuTime()).as(scheduler).isZero();
            }
        }
    }

    @Test
    void nonPreemptiveNeverInterruptsComputation() {
        Kernel k = kernel("non-preemptive", Map.of("quantum", "10ms"), Map.of(
                "long", List.of(new Action.Compute(Dur.of(100 * MS))),
                "short", List.of(new Action.Compute(Dur.of(10 * MS)))));
        Task a = k.addProcess(ProcessSpec.of("long", 0, "long"));
        Task b = k.addProcess(ProcessSpec.of("short", 0, "short"));
        k.run(SimTime.NEVER);
        assertThat(a.finish()).isEqualTo(100 * MS);
        assertThat(a.involuntarySwitches()).isZero();
        assertThat(b.firstRun()).isEqualTo(100 * MS);
    }

    @Test
    void nonPreemptiveSwitchesAtTheFirstSystemCallAfterTheQuantum() {
        // A: compute 3 ms, syscall 0.1 ms, repeated; quantum 10 ms. Its syscalls start at 3, 6.1,
        // 9.2, 12.3 ms: the quantum expires at 10 ms during a computation, so A is switched at
        // the syscall entry at 12.3 ms; B runs 12.3-17.3 ms.
        Kernel k = kernel("non-preemptive", Map.of("quantum", "10ms"), Map.of(
                "a", List.of(new Action.Repeat(20, List.of(new Action.Compute(Dur.of(3 * MS)), new Action.Syscall(Dur.of(MS / 10))))),
                "b", List.of(new Action.Compute(Dur.of(5 * MS)))));
        Task a = k.addProcess(ProcessSpec.of("A", 0, "a"));
        Task b = k.addProcess(ProcessSpec.of("B", 0, "b"));
        k.run(SimTime.NEVER);
        assertThat(b.firstRun()).isEqualTo(12 * MS + 3 * MS / 10);
        assertThat(b.finish()).isEqualTo(17 * MS + 3 * MS / 10);
        assertThat(a.involuntarySwitches()).isEqualTo(1);
    }

    @Test
    void mlfqDemotesTheLongJobAndLetsAShortArrivalRunAtOnce() {
        // A: 200 ms from 0; it uses its 20 ms top-level allotment and drops a level. B (5 ms)
        // arrives at 50 ms at the top level and preempts A: B runs 50-55 ms; A finishes at 205 ms.
        Kernel k = kernel("mlfq", Map.of(), Map.of(
                "a", List.of(new Action.Compute(Dur.of(200 * MS))),
                "b", List.of(new Action.Compute(Dur.of(5 * MS)))));
        Task a = k.addProcess(ProcessSpec.of("A", 0, "a"));
        Task b = k.addProcess(ProcessSpec.of("B", 50 * MS, "b"));
        k.run(SimTime.NEVER);
        assertThat(b.firstRun()).isEqualTo(50 * MS);
        assertThat(b.finish()).isEqualTo(55 * MS);
        assertThat(a.finish()).isEqualTo(205 * MS);
    }

    /** CPU the hog gets between 1 s and 3 s while short top-level jobs keep arriving (3 ms every 2 ms). */
    private static long hogShareUnderJobStream(String boost) {
        Kernel k = kernel("mlfq", Map.of("boost", boost), Map.of("hog", hog(), "job", List.of(new Action.Compute(Dur.of(3 * MS)))));
        Task h = k.addProcess(ProcessSpec.of("hog", 0, "hog"));
        for (int i = 0; i < 2000; i++) k.addProcess(ProcessSpec.of("job" + i, i * 2 * MS, "job"));
        k.run(SimTime.S);
        long before = h.cpuTime();
        k.run(3 * SimTime.S);
        return h.cpuTime() - before;
    }

    @Test
    void mlfqBoostLiftsAStarvedTask() {
        // Jobs need 1.5 CPUs and never use up the 20 ms top-level allotment, so the top level is
        // never empty: the hog, demoted after its first 20 ms, starves unless the boost lifts it.
        assertThat(hogShareUnderJobStream("1000s")).isZero();
        assertThat(hogShareUnderJobStream("100ms")).isPositive();
    }

    @Test
    void registryRejectsUnknownNamesAndParameters() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerRegistry.create("roundrobin"))
                .hasMessageContaining("unknown scheduler 'roundrobin'").hasMessageContaining("rr");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerRegistry.create("rr", Map.of("quantm", "4ms")))
                .hasMessageContaining("no parameter 'quantm'").hasMessageContaining("quantum");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerRegistry.create("rr", Map.of("quantum", "4 parsecs")))
                .hasMessageContaining("rr.quantum").hasMessageContaining("parsecs");
        assertThat(SchedulerRegistry.all().keySet()).contains("fcfs", "sjf", "srtf", "rr", "priority", "mlfq", "cfs",
                "non-preemptive", "time-sharing");
    }
}

package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The bsd and linux-o1 presets against the formulas of shared/validation (time-sharing). */
class TimeSharingPresetsTest {
    private static final long MS = SimTime.MS;

    @Test
    void bsdUserPriorityFormula() {
        // min(50 + estcpu/4 + 2*nice, 127), integer division.
        assertThat(BsdScheduler.userPriority(100, 0)).isEqualTo(75);
        assertThat(BsdScheduler.userPriority(3, 0)).isEqualTo(50);
        assertThat(BsdScheduler.userPriority(0, 19)).isEqualTo(88);
        assertThat(BsdScheduler.userPriority(255, 20)).isEqualTo(127);
        assertThat(BsdScheduler.userPriority(0, -20)).isEqualTo(10);
    }

    @Test
    void bsdDecayByLoadAverage() {
        // L = 1: 2L/(2L+1) = 2/3: estcpu 90 -> 60 (+ nice). L = 0: decays to nice at once.
        assertThat(BsdScheduler.decay(90, BsdScheduler.FSCALE, 0)).isEqualTo(60);
        assertThat(BsdScheduler.decay(90, BsdScheduler.FSCALE, 4)).isEqualTo(64);
        assertThat(BsdScheduler.decay(90, 0, 0)).isZero();
        // L = 3: 6/7 of 70 = 60.
        assertThat(BsdScheduler.decay(70, 3 * BsdScheduler.FSCALE, 0)).isEqualTo(60);
    }

    @Test
    void linuxO1TimesliceAndDynamicPriority() {
        assertThat(LinuxO1Scheduler.timeslice(100)).isEqualTo(800 * MS); // nice -20
        assertThat(LinuxO1Scheduler.timeslice(120)).isEqualTo(100 * MS); // nice 0
        assertThat(LinuxO1Scheduler.timeslice(139)).isEqualTo(5 * MS); // nice 19
        assertThat(LinuxO1Scheduler.timeslice(110)).isEqualTo(600 * MS); // nice -10: 400 * 30 / 20
        // static - bonus + 5, bonus = sleep_avg (0..1000 ms) * 10 / 1000 ms.
        assertThat(LinuxO1Scheduler.dynamicPrio(120, 0)).isEqualTo(125);
        assertThat(LinuxO1Scheduler.dynamicPrio(120, 1000 * MS)).isEqualTo(115);
        assertThat(LinuxO1Scheduler.dynamicPrio(120, 500 * MS)).isEqualTo(120);
        assertThat(LinuxO1Scheduler.dynamicPrio(100, 1000 * MS)).isEqualTo(100); // clamped at 100
    }

    private static Kernel kernel(String preset, Map<String, List<Action>> programs) {
        return new Kernel(new KernelConfig(), SchedulerRegistry.create("time-sharing", Map.of("preset", preset)),
                new FixedCostMemory(), ProgramSet.of(programs), new RandomStreams(1));
    }

    @Test
    void nice19HogAgainstNice0Hogs() {
        // linux-o1: the expired array guarantees it a turn every array switch.
        // bsd: it starves. Its estcpu gains its nice (19) at every once-a-second decay even while
        // it waits, so its priority climbs to the cap, 127, while the nice-0 hogs' estcpu is capped
        // at 255: priority at most 50 + 63 = 113 (strict 4.4BSD nice).
        for (String preset : List.of("bsd", "linux-o1")) {
            Kernel k = kernel(preset, Map.of("hog", List.of(new Action.Compute(Dur.of(3600 * SimTime.S)))));
            List<Task> hogs = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) hogs.add(k.addProcess(ProcessSpec.of("n0-" + i, 0, "hog")));
            Task low = k.addProcess(ProcessSpec.of("n19", 0, "hog").withNice(19));
            k.run(120 * SimTime.S);
            if (preset.equals("bsd")) {
                assertThat(low.cpuTime()).as(preset).isZero();
                // Round robin among the equal nice-0 hogs: a third each, within 2%.
                for (Task h : hogs) assertThat(h.cpuTime() / (120.0 * SimTime.S)).isBetween(1 / 3.0 - 0.02, 1 / 3.0 + 0.02);
            } else {
                assertThat(low.cpuTime()).as(preset).isPositive();
            }
        }
    }

    @Test
    void linuxO1NiceMinus20GetsItsLongSliceFirst() {
        // Two hogs, nice -20 (800 ms slices) and nice 0 (100 ms), both at 0: neither sleeps, so
        // both are non-interactive; nice -20 (dynamic 105) runs its 800 ms slice, expires; nice 0
        // (125) runs 100 ms, expires; the arrays swap: the pattern repeats every 900 ms.
        Kernel k = kernel("linux-o1", Map.of("hog", List.of(new Action.Compute(Dur.of(3600 * SimTime.S)))));
        Task hi = k.addProcess(ProcessSpec.of("hi", 0, "hog").withNice(-20));
        Task lo = k.addProcess(ProcessSpec.of("lo", 0, "hog"));
        k.run(9 * 900 * MS);
        assertThat(hi.cpuTime()).isEqualTo(9 * 800 * MS);
        assertThat(lo.cpuTime()).isEqualTo(9 * 100 * MS);
    }

    @Test
    void linuxO1InteractiveTaskWinsOverAHog() {
        // An I/O-bound task (1 ms CPU, 9 ms sleep) earns sleep_avg only while blocked: until its
        // bonus reaches 1 (sleep_avg 100 ms, about 13 cycles, each stretched by the hog's 100 ms
        // slices: roughly 1.4 s) it ties with the hog at 125 and waits. After that it preempts the
        // hog at every wakeup and gets exactly what it asks for: 1 ms in every 10 ms.
        Kernel k = kernel("linux-o1", Map.of(
                "hog", List.of(new Action.Compute(Dur.of(3600 * SimTime.S))),
                "io", List.of(new Action.Repeat(-1, List.of(new Action.Compute(Dur.of(MS)), new Action.Io(Dur.of(9 * MS)))))));
        k.addProcess(ProcessSpec.of("hog", 0, "hog"));
        Task io = k.addProcess(ProcessSpec.of("io", 0, "io"));
        k.run(3 * SimTime.S);
        long warm = io.cpuTime();
        k.run(8 * SimTime.S);
        assertThat((double) (io.cpuTime() - warm) / (5 * SimTime.S)).isBetween(0.099, 0.1001);
    }
}

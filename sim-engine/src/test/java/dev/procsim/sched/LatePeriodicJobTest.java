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
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A periodic task whose job is late goes on to its next job without sleeping: under a fair
 * policy it is one runnable task among others, counted once. A hog and a task asking for 1.5 ms
 * every 2 ms (75%) on one CPU, both nice 0: fair sharing gives each half of the CPU, within one
 * request. (Re-queued as if woken, the periodic task was counted again at every job: after
 * 100 ms EEVDF's load was 32 times its weight and it got 75 ms of the 100.)
 */
class LatePeriodicJobTest {
    static final long MS = SimTime.MS;

    static Task[] run(Scheduler s) {
        Map<String, List<Action>> progs = new LinkedHashMap<>();
        progs.put("hog", List.of(new Action.Compute(Dur.of(3600 * SimTime.S))));
        progs.put("rt", List.of(new Action.Periodic(2 * MS, 1_500_000, 2 * MS, 0, -1)));
        Kernel k = new Kernel(new KernelConfig(), s, new FixedCostMemory(), ProgramSet.of(progs), new RandomStreams(1));
        Task hog = k.addProcess(ProcessSpec.of("hog", 0, "hog"));
        Task rt = k.addProcess(ProcessSpec.of("rt", 0, "rt"));
        k.run(100 * MS);
        return new Task[] {hog, rt};
    }

    @Test
    void eevdfSharesTheCpuEquallyWithALatePeriodicTask() {
        Task[] t = run(SchedulerRegistry.create("eevdf"));
        assertThat((double) t[1].cpuTime()).isCloseTo(50.0 * MS, within(3.0 * MS));
        assertThat(t[0].cpuTime() + t[1].cpuTime()).isEqualTo(100 * MS);
    }

    @Test
    void cfsSharesTheCpuEquallyWithALatePeriodicTask() {
        Task[] t = run(SchedulerRegistry.create("cfs"));
        assertThat((double) t[1].cpuTime()).isCloseTo(50.0 * MS, within(3.0 * MS));
        assertThat(t[0].cpuTime() + t[1].cpuTime()).isEqualTo(100 * MS);
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.compute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.SchedulerRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kernel.slice_tick}: a used-up slice is noticed at the next tick (Linux without HRTICK), else at once. */
class SliceTickTest {
    static List<Long> switchTimes(long tick) {
        KernelConfig cfg = new KernelConfig();
        cfg.sliceTick = tick;
        Kernel k = new Kernel(cfg, SchedulerRegistry.create("rr", Map.of("quantum", "1ms")), new FixedCostMemory(),
                Programs.set("hog", List.of(compute(20))), new RandomStreams(1));
        k.addProcess(ProcessSpec.of("a", 0, "hog"));
        k.addProcess(ProcessSpec.of("b", 0, "hog"));
        k.run(SimTime.NEVER);
        return k.scheduleLog().segments().stream().map(s -> s.start() / SimTime.MS).limit(5).toList();
    }

    @Test
    void aOneMillisecondQuantumLastsUntilTheNextFourMillisecondTick() {
        assertThat(switchTimes(0)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(switchTimes(4 * SimTime.MS)).containsExactly(0L, 4L, 8L, 12L, 16L);
    }
}

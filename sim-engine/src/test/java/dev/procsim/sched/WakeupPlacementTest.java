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
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A waking task is placed against the running tasks' time up to the wake-up instant: Linux's
 * enqueue_entity calls update_curr (charging the running task, moving V and min_vruntime) before
 * place_entity. Worked by hand from the rules (kernel/sched/fair.c).
 */
class WakeupPlacementTest {
    static final long MS = SimTime.MS, US = SimTime.US;

    /** One CPU: B computes {@code bRuns}, sleeps {@code bSleeps}, then computes for ever; A computes for ever. B is listed first. */
    static Task[] run(Scheduler s, long bRuns, long bSleeps, long horizon) {
        Map<String, List<Action>> progs = new LinkedHashMap<>();
        progs.put("B", List.of(new Action.Compute(Dur.of(bRuns)), new Action.Sleep(Dur.of(bSleeps)), new Action.Compute(Dur.of(3600 * SimTime.S))));
        progs.put("A", List.of(new Action.Compute(Dur.of(3600 * SimTime.S))));
        Kernel k = new Kernel(new KernelConfig(), s, new FixedCostMemory(), ProgramSet.of(progs), new RandomStreams(1));
        Task b = k.addProcess(ProcessSpec.of("B", 0, "B"));
        Task a = k.addProcess(ProcessSpec.of("A", 0, "A"));
        k.run(horizon);
        return new Task[] {a, b};
    }

    @Test
    void eevdfPlacesAWokenTaskAgainstTheAverageAtTheWakeUpInstant() {
        // EEVDF, base_slice 10 ms (one CPU: request 10 ms), nice 0 (virtual time = real time).
        // At 0: A and B placed at V = 0, deadlines 0 + 10/2 = 5 (equal: B, queued first, runs).
        // B runs 0-2 and sleeps: V = (2 + 0) / 2 = 1, its lag V - v = -1 ms. A runs from 2 (its
        // deadline 5 is 5 ms of run away). B wakes at 5 while A has run 3 ms:
        //   update_curr first: v_A = 3, V = 3; lag' = -1 x (W + w) / W = -2; v_B = 3 + 2 = 5,
        //   deadline 15; V = (3 + 5) / 2 = 4, B's lag -1 as it left. A (3 <= 4) stays eligible: no
        //   preemption (RUN_TO_PARITY); at 7 v_A = 5 reaches its deadline (next: 15), V = 5, both
        //   eligible with deadline 15: B, queued first, runs from 7. By 8: A 5 ms, B 3 ms.
        //   Placed against the stale V = 0 (A not charged yet): v_B = 0 + 2 = 2, deadline 12, and
        //   once A is charged V = 2.5 and its lag is +0.5 (it gained 1.5 ms by sleeping); A (3 > 2.5)
        //   is no longer eligible and B preempts it at once: by 8, A 3 ms and B 5 ms.
        EevdfScheduler s = new EevdfScheduler(10 * MS);
        Task[] ab = run(s, 2 * MS, 3 * MS, 5 * MS);
        assertThat(ab[0].schedKey).as("v_A").isEqualTo(3 * MS);
        assertThat(ab[1].schedKey).as("v_B").isEqualTo(5 * MS);
        assertThat(ab[1].schedKey2).as("B's deadline").isEqualTo(15 * MS);
        assertThat(s.avgVruntime()).as("V").isEqualTo(4 * MS);
        assertThat(s.lag(ab[1])).as("B's lag after joining").isEqualTo(-MS);
        ab = run(new EevdfScheduler(10 * MS), 2 * MS, 3 * MS, 8 * MS);
        assertThat(ab[0].cpuTime()).isEqualTo(5 * MS);
        assertThat(ab[1].cpuTime()).isEqualTo(3 * MS);
        assertThat(ab[1].readyWait()).as("B waited 5-7").isEqualTo(2 * MS);
    }

    @Test
    void cfsPlacesAWokenTaskAgainstMinVruntimeAtTheWakeUpInstant() {
        // CFS, latency 6 ms, min_granularity 0.75 ms, wakeup_granularity 1 ms (one CPU), nice 0.
        // At 0 (START_DEBIT): B at 0 + 6 (its slice alone) = 6, A at min_vruntime 6 + 3 (half the
        // period with two tasks) = 9. B runs 0-1 (v 7) and sleeps 20 ms; A runs alone from 1 in
        // 6 ms slices, charged at 7, 13, 19 (v 27). B wakes at 21, A having run 2 ms since 19:
        //   update_curr first: v_A = 29, min_vruntime 29; B at max(7, 29 - 6/2) = 26
        //   (GENTLE_FAIR_SLEEPERS). A leads by 3 > 1 ms: B preempts, runs 21-24 (slice 3 ms) to
        //   v 29, ties A at 29 and A (queued first) runs 24-27. By 27: B 1 + 3 = 4 ms.
        //   Against the stale min_vruntime 27: B at 24, it runs 21-24 to 27 and again 24-27
        //   (27 < 29): by 27, B 7 ms.
        CfsScheduler s = new CfsScheduler(6 * MS, 750 * US, MS);
        Task[] ab = run(s, MS, 20 * MS, 21 * MS);
        assertThat(ab[0].schedKey).as("v_A").isEqualTo(29 * MS);
        assertThat(ab[1].schedKey).as("v_B").isEqualTo(26 * MS);
        ab = run(new CfsScheduler(6 * MS, 750 * US, MS), MS, 20 * MS, 27 * MS);
        assertThat(ab[1].cpuTime()).isEqualTo(4 * MS);
        assertThat(ab[0].cpuTime()).isEqualTo(23 * MS);
    }
}

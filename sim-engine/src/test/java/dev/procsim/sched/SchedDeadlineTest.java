package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.DeadlineParams;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.Scheduler.EnqueueReason;
import dev.procsim.kernel.Signals;
import dev.procsim.kernel.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCHED_DEADLINE against answers worked out by hand from the CBS rules (kernel/sched/deadline.c). */
class SchedDeadlineTest {
    static final long MS = SimTime.MS;

    static Kernel kernel(Map<String, List<Action>> programs) {
        return new Kernel(new KernelConfig(), SchedulerRegistry.create("sched-deadline", Map.of()), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
    }

    static Action dl(long runtimeMs, long periodMs) {
        return new Action.SetDeadline(new DeadlineParams(runtimeMs * MS, periodMs * MS, periodMs * MS));
    }

    @Test
    void aServerThatOverrunsItsRuntimeIsThrottledAndCannotHurtTheOthers() {
        // One CPU. A declares 2 ms every 10 ms but computes for ever; B declares 5 ms every 10 ms
        // and has a 5 ms job every 10 ms (periodic, deadline 10 ms); C is a background hog.
        // Each period: A runs its 2 ms and is throttled until the next period, B its 5 ms, C the
        // remaining 3 ms. Over 100 ms: A 20 ms, B 50 ms, C 30 ms, and B misses nothing.
        Map<String, List<Action>> progs = new LinkedHashMap<>();
        progs.put("A", List.of(dl(2, 10), new Action.Compute(Dur.of(3600 * SimTime.S))));
        progs.put("B", List.of(dl(5, 10), new Action.Periodic(10 * MS, 5 * MS, 10 * MS, 0, 10)));
        progs.put("C", List.of(new Action.Compute(Dur.of(3600 * SimTime.S))));
        Kernel k = kernel(progs);
        Task a = k.addProcess(ProcessSpec.of("A", 0, "A"));
        Task b = k.addProcess(ProcessSpec.of("B", 0, "B"));
        Task c = k.addProcess(ProcessSpec.of("C", 0, "C"));
        k.run(100 * MS);
        assertThat(a.cpuTime()).isEqualTo(20 * MS);
        assertThat(b.cpuTime()).isEqualTo(50 * MS);
        assertThat(c.cpuTime()).isEqualTo(30 * MS);
        assertThat(b.realtime().missed()).isZero();
        assertThat(b.realtime().completed()).isEqualTo(10);
        assertThat(k.metrics().deadlineAdmitted()).isEqualTo(2);
    }

    @Test
    void admissionRefusesTheTaskThatPushesBandwidthOver95Percent() {
        // One CPU: 0.5 + 0.4 = 0.9 is admitted; a further 0.1 would make 1.0 > 0.95: EBUSY, and that
        // task runs in the background. A 0.05 then fits (0.95 exactly).
        Map<String, List<Action>> progs = new LinkedHashMap<>();
        progs.put("p", List.of(dl(5, 10), dl(5, 10), new Action.Sleep(Dur.of(MS))));
        progs.put("q", List.of(dl(4, 10), new Action.Sleep(Dur.of(MS))));
        progs.put("r", List.of(dl(1, 10), new Action.Sleep(Dur.of(MS))));
        progs.put("s", List.of(new Action.SetDeadline(new DeadlineParams(MS / 2, 10 * MS, 10 * MS)), new Action.Sleep(Dur.of(MS))));
        Kernel k = kernel(progs);
        k.addProcess(ProcessSpec.of("p", 0, "p"));
        k.addProcess(ProcessSpec.of("q", 0, "q"));
        Task r = k.addProcess(ProcessSpec.of("r", 0, "r"));
        Task s = k.addProcess(ProcessSpec.of("s", 0, "s"));
        k.run(SimTime.NEVER);
        assertThat(r.lastResult()).as("sched_deadline refused").isEqualTo(-Signals.EBUSY);
        assertThat(r.deadlineParams()).isNull();
        assertThat(s.lastResult()).isZero();
        assertThat(k.metrics().deadlineRefused()).isEqualTo(1);
        assertThat(k.metrics().deadlineAdmitted()).as("p twice (the same task: its old bandwidth is replaced), q, s").isEqualTo(4);
    }

    @Test
    void theWakeUpRuleKeepsTheDeadlineWhileTheBudgetFitsAndRenewsItOtherwise() {
        // Q 2 ms, D = P 10 ms. At 0 the server starts: d 10, q 2. It runs 1 ms (q 1) and blocks.
        // Woken at 2: q D = 10 <= (d - now) Q = 16: it keeps d 10, q 1. Had it woken at 8:
        // (10 - 8) 2 = 4 < 10: overflow, so d = 8 + 10 = 18 and q = 2.
        SchedDeadlineScheduler s = new SchedDeadlineScheduler();
        DeadlineParams p = new DeadlineParams(2 * MS, 10 * MS, 10 * MS);
        Task t = Task.detached("t", 2, 0, 0, 0, Long.MAX_VALUE, 0);
        t.setDeadlineParams(p);
        s.enqueue(t, EnqueueReason.NEW, 0);
        assertThat(s.pickNext(0, 0)).isSameAs(t);
        s.accountRun(t, MS, MS);
        s.putPrev(t, false, MS);
        s.enqueue(t, EnqueueReason.WAKEUP, 2 * MS);
        assertThat(t.schedKey3).isEqualTo(10 * MS);
        assertThat(t.schedKey2).isEqualTo(MS);
        s.dequeue(t, 2 * MS);
        s.enqueue(t, EnqueueReason.WAKEUP, 8 * MS);
        assertThat(t.schedKey3).isEqualTo(18 * MS);
        assertThat(t.schedKey2).isEqualTo(2 * MS);
    }

    @Test
    void aThrottledServerIsReplenishedAtItsNextPeriodWithItsDeadlinePostponed() {
        // Q 2, P 10: it uses its 2 ms at 0-2, is throttled until 10 (d - D + P), then q 2 and d 20.
        SchedDeadlineScheduler s = new SchedDeadlineScheduler();
        Task t = Task.detached("t", 2, 0, 0, 0, Long.MAX_VALUE, 0);
        t.setDeadlineParams(new DeadlineParams(2 * MS, 10 * MS, 10 * MS));
        s.enqueue(t, EnqueueReason.NEW, 0);
        s.pickNext(0, 0);
        assertThat(s.timeSlice(t, 0, 0)).isEqualTo(2 * MS);
        s.accountRun(t, 2 * MS, 2 * MS);
        s.putPrev(t, true, 2 * MS);
        s.enqueue(t, EnqueueReason.PREEMPTED, 2 * MS);
        assertThat(s.readyCount()).isZero();
        assertThat(s.nextTimer()).isEqualTo(10 * MS);
        List<Task> back = new java.util.ArrayList<>();
        s.timer(10 * MS, back::add);
        assertThat(back).containsExactly(t);
        assertThat(t.schedKey3).isEqualTo(20 * MS);
        assertThat(t.schedKey2).isEqualTo(2 * MS);
    }
}

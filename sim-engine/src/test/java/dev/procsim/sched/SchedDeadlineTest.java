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
    void perCpuQueuesReplenishEachThrottledServerAtItsNextPeriod() {
        // Two CPUs, a queue each: the replenishment timers are per CPU (RunQueues asks only the CPUs whose policy has one).
        // A (2 ms every 10 ms) and B (3 ms every 10 ms) compute for ever; C is a background hog. Whatever CPU each
        // server is on, CBS gives it its runtime once per period and throttles it until the next: over 100 ms, A 20 ms
        // and B 30 ms. Without the timers firing, each would stop after its first runtime.
        Map<String, List<Action>> progs = new LinkedHashMap<>();
        progs.put("A", List.of(dl(2, 10), new Action.Compute(Dur.of(3600 * SimTime.S))));
        progs.put("B", List.of(dl(3, 10), new Action.Compute(Dur.of(3600 * SimTime.S))));
        progs.put("C", List.of(new Action.Compute(Dur.of(3600 * SimTime.S))));
        KernelConfig cfg = new KernelConfig();
        cfg.topology = dev.procsim.kernel.Topology.flat(2);
        cfg.cpus = 2;
        cfg.runQueue = KernelConfig.RunQueue.PER_CPU;
        Kernel k = new Kernel(cfg, () -> SchedulerRegistry.create("sched-deadline", Map.of()), new FixedCostMemory(),
                ProgramSet.of(progs), new RandomStreams(1));
        Task a = k.addProcess(ProcessSpec.of("A", 0, "A"));
        Task b = k.addProcess(ProcessSpec.of("B", 0, "B"));
        k.addProcess(ProcessSpec.of("C", 0, "C"));
        k.run(100 * MS);
        assertThat(a.cpuTime()).isEqualTo(20 * MS);
        assertThat(b.cpuTime()).isEqualTo(30 * MS);
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

    /** One CPU, one task running {@code program}; returns the task after {@code horizon}. */
    static Task runAlone(long horizon, Action... program) {
        Kernel k = kernel(Map.of("t", List.of(program)));
        Task t = k.addProcess(ProcessSpec.of("t", 0, "t"));
        k.run(horizon);
        return t;
    }

    @Test
    void aConstrainedTaskWakingWithTooMuchBudgetKeepsItsDeadlineAndGetsWhatItsDensityAllows() {
        // Commit 3effcb4247e7's case: Q 5 ms, D 7 ms, P 1000 ms (density 5/7). At 0: d 7, q 5. It
        // computes 1 ms (q 4) and sleeps 1 ms. Woken at 2: q D = 28 > (d - now) Q = 25, overflow.
        // The original CBS gave d = 9, q = 5 (6 ms of CPU by 7 ms, more than 5 in the period);
        // the revised rule keeps d = 7 and sets q = (Q << 20) / D x (d - now) >> 20 =
        // 748,982 x 5 ms >> 20 = 3,571,424 ns (5/7 x 5 ms = 3,571,428.6 ns, rounded as Linux).
        // It computes until q is spent at 5.571424 ms, is throttled until its next period
        // d - D + P = 1000 ms, then q 5, d 1007: 5 ms more; throttled until 2000 (d - D + P), its
        // last 10 - 3.571424 - 5 = 1.428576 ms end at 2001.428576 ms (original CBS: at 1007 ms).
        assertThat(SchedDeadlineScheduler.revisedRuntime(new DeadlineParams(5 * MS, 7 * MS, 1000 * MS), 5 * MS)).isEqualTo(3_571_424);
        Action[] program = {new Action.SetDeadline(new DeadlineParams(5 * MS, 7 * MS, 1000 * MS)), new Action.Compute(Dur.of(MS)),
            new Action.Sleep(Dur.of(MS)), new Action.Compute(Dur.of(10 * MS)), new Action.Exit(0)};
        assertThat(runAlone(100 * MS, program).cpuTime()).isEqualTo(MS + 3_571_424);
        assertThat(runAlone(3 * SimTime.S, program).finish()).isEqualTo(2_001_428_576L);
    }

    @Test
    void aConstrainedTaskWakingAfterItsDeadlineWaitsForItsNextPeriod() {
        // Q 2 ms, D 5 ms, P 20 ms. At 0: d 5, q 2; it computes 1 ms and sleeps 5 ms. Woken at 6,
        // after d = 5 but before its next period d - D + P = 20: throttled until 20
        // (dl_check_constrained_dl; the original CBS gave d = 11, q = 2 at once and it ended at
        // 7.5 ms), then q = 0 + 2, d = 25: its 1.5 ms run 20-21.5.
        Action[] early = {new Action.SetDeadline(new DeadlineParams(2 * MS, 5 * MS, 20 * MS)), new Action.Compute(Dur.of(MS)),
            new Action.Sleep(Dur.of(5 * MS)), new Action.Compute(Dur.of(1500 * SimTime.US)), new Action.Exit(0)};
        assertThat(runAlone(100 * MS, early).finish()).isEqualTo(21_500 * SimTime.US);
        // Woken at 26, past its next period (20): a new deadline 31 and q 2 at once, as before.
        Action[] late = {new Action.SetDeadline(new DeadlineParams(2 * MS, 5 * MS, 20 * MS)), new Action.Compute(Dur.of(MS)),
            new Action.Sleep(Dur.of(25 * MS)), new Action.Compute(Dur.of(1500 * SimTime.US)), new Action.Exit(0)};
        assertThat(runAlone(100 * MS, late).finish()).isEqualTo(27_500 * SimTime.US);
    }

    @Test
    void theConstrainedRulesOneByOne() {
        // Q 2, D 5, P 20 (density 0.4), worked on the scheduler alone: started at 0 (d 5, q 2),
        // ran 0.5 ms (q 1.5). Woken at 1: 1.5 x 5 = 7.5 <= 4 x 2 = 8, it keeps (1.5, 5). Woken at
        // 2: 7.5 > 3 x 2 = 6: q = 0.4 x 3 ms = 1.2 ms (419,430 x 3 ms >> 20 = 1,199,998 ns), d stays 5.
        // Woken at 5 (= d): 1.2 x 5 > 0 x 2: q = 0, throttled until 20. Woken at 6 (after d,
        // before 20): throttled until 20, replenished to q 2, d 25.
        SchedDeadlineScheduler s = new SchedDeadlineScheduler();
        DeadlineParams p = new DeadlineParams(2 * MS, 5 * MS, 20 * MS);
        Task t = Task.detached("t", 2, 0, 0, 0, Long.MAX_VALUE, 0);
        t.setDeadlineParams(p);
        s.enqueue(t, EnqueueReason.NEW, 0);
        s.pickNext(0, 0);
        s.accountRun(t, MS / 2, MS / 2);
        s.putPrev(t, false, MS / 2);
        s.enqueue(t, EnqueueReason.WAKEUP, MS);
        assertThat(t.schedKey2).isEqualTo(1500 * SimTime.US);
        assertThat(t.schedKey3).isEqualTo(5 * MS);
        s.dequeue(t, MS);
        s.enqueue(t, EnqueueReason.WAKEUP, 2 * MS);
        assertThat(t.schedKey2).isEqualTo(1_199_998);
        assertThat(t.schedKey3).isEqualTo(5 * MS);
        s.dequeue(t, 2 * MS);
        s.enqueue(t, EnqueueReason.WAKEUP, 5 * MS);
        assertThat(t.schedKey2).isZero();
        assertThat(s.readyCount()).isZero();
        assertThat(s.nextTimer()).isEqualTo(20 * MS);
        s.dequeue(t, 5 * MS);
        t.schedKey2 = 1500 * SimTime.US;
        s.enqueue(t, EnqueueReason.WAKEUP, 6 * MS);
        assertThat(s.readyCount()).isZero();
        assertThat(s.nextTimer()).isEqualTo(20 * MS);
        List<Task> back = new java.util.ArrayList<>();
        s.timer(20 * MS, back::add);
        assertThat(back).containsExactly(t);
        assertThat(t.schedKey2).isEqualTo(2 * MS);
        assertThat(t.schedKey3).isEqualTo(25 * MS);
    }
}

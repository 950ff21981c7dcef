package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import dev.procsim.engine.StopReason;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Process lifecycle and PID/limit semantics, each against an answer worked out by hand from Linux's rules. */
class KernelLifecycleTest {
    private static List<Integer> pidsOf(Kernel k, String program) {
        return k.metrics().tasks().stream().filter(r -> r.program().equals(program)).map(TaskRecord::pid)
                .collect(Collectors.toList());
    }

    @Test
    void pidsRunFrom2To399ThenWrapTo300() {
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = 400;
        Kernel k = fcfs(cfg, set("parent", List.of(repeat(500, fork("child"), waitAny())), "child", List.of(exit(0))));
        Task parent = k.addProcess(ProcessSpec.of("parent", 0, "parent"));
        k.run(SimTime.NEVER);
        assertThat(parent.pid()).isEqualTo(2);
        List<Integer> children = pidsOf(k, "child");
        assertThat(children).hasSize(500);
        // 3..399 (397 PIDs), then the wrap: 300..399, and wrapping again: 300, 301, 302.
        for (int i = 0; i < 397; i++) assertThat(children.get(i)).isEqualTo(3 + i);
        for (int i = 397; i < 500; i++) assertThat(children.get(i)).isEqualTo(300 + (i - 397) % 100);
        assertThat(k.metrics().forkFailuresTotal()).isZero();
    }

    @Test
    void zombiesAbove300ExhaustPidsThenReapingOneFreesItsPid() {
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = 400;
        // 397 fork/wait rounds use PIDs 3..399; 100 more children get 300..399 and stay zombies.
        // Child number 397 + 35 = 432 holds PID 335.
        Kernel k = fcfs(cfg, set(
                "parent", List.of(
                        repeat(397, fork("exiter"), waitAny()),
                        repeat(100, fork("exiter")),
                        sleep(1),
                        fork("exiter"),
                        waitChild(432),
                        fork("stayer")),
                "exiter", List.of(exit(0)),
                "stayer", List.of(sleep(1000))));
        Task parent = k.addProcess(ProcessSpec.of("parent", 0, "parent"));
        RunResult r = k.run(SimTime.NEVER);
        assertThat(r.reason()).isEqualTo(StopReason.NO_EVENTS);
        assertThat(k.metrics().forkFailures(ForkFailure.PID_EXHAUSTED)).isEqualTo(1);
        assertThat(k.metrics().failureLog().get(0).time()).isEqualTo(SimTime.MS);
        assertThat(k.metrics().firstPidExhaustion()).isEqualTo(SimTime.MS);
        assertThat(pidsOf(k, "stayer")).containsExactly(335);
        // The reaped zombie was PID 335, and PIDs 3..299 stayed free throughout.
        assertThat(k.metrics().tasks().stream().filter(t -> t.pid() == 335 && t.program().equals("exiter")).count()).isEqualTo(2);
        assertThat(k.metrics().pidsInUse().peak()).isEqualTo(2 + 100);
        assertThat(parent.state()).isEqualTo(TaskState.DEAD); // exited, reaped by init (delay 0)
    }

    @Test
    void pidsMaxAdmitsExactlyLimitMinusOneChildrenAliveOrZombie() {
        for (String child : List.of("stayer", "exiter")) {
            KernelConfig cfg = new KernelConfig();
            cfg.pidsMax = 2000;
            // The parent is the 2000th task of the cgroup, so 1999 forks succeed.
            Kernel k = fcfs(cfg, set(
                    "parent", List.of(repeat(2100, fork(child), sleepNs(1))),
                    "stayer", List.of(sleep(10_000)),
                    "exiter", List.of(exit(0))));
            k.addProcess(ProcessSpec.of("parent", 0, "parent"));
            k.run(SimTime.NEVER);
            assertThat(k.metrics().forks()).as(child).isEqualTo(1999);
            assertThat(k.metrics().forkFailures(ForkFailure.PIDS_MAX)).as(child).isEqualTo(101);
            assertThat(k.metrics().forkFailuresTotal()).isEqualTo(101);
            if (child.equals("exiter")) {
                // Forks at 0..1998 ns, each child exits at once: 1999 zombies while the parent lives.
                assertThat(k.metrics().zombies().valueAt(2000)).isEqualTo(1999);
            }
        }
    }

    @Test
    void zombieLeakerExhaustsPidsAReaperNeverDoesAutoreapLeavesNoZombie() {
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = 400;
        ProgramSet progs = set(
                "leaker", List.of(repeat(500, fork("exiter"), sleepNs(1))),
                "reaper", List.of(repeat(500, fork("exiter"), waitAny())),
                "exiter", List.of(exit(0)));

        Kernel leak = fcfs(cfg, progs);
        leak.addProcess(ProcessSpec.of("leaker", 0, "leaker"));
        leak.run(SimTime.NEVER);
        // init 1, leaker 2, zombies 3..399: the 398th fork wraps to 300..399, all held.
        assertThat(leak.metrics().forks()).isEqualTo(397);
        assertThat(leak.metrics().forkFailures(ForkFailure.PID_EXHAUSTED)).isEqualTo(103);

        Kernel reap = fcfs(cfg, progs);
        reap.addProcess(ProcessSpec.of("reaper", 0, "reaper"));
        reap.run(SimTime.NEVER);
        assertThat(reap.metrics().forks()).isEqualTo(500);
        assertThat(reap.metrics().forkFailuresTotal()).isZero();
        assertThat(reap.metrics().zombies().peak()).isEqualTo(1);

        Kernel auto = fcfs(cfg, progs);
        auto.addProcess(ProcessSpec.of("leaker", 0, "leaker").withAutoreap(true));
        auto.run(SimTime.NEVER);
        assertThat(auto.metrics().forks()).isEqualTo(500);
        assertThat(auto.metrics().forkFailuresTotal()).isZero();
        // Reaped at exit: the zombie count never stays above 0 at the end of an instant.
        for (int i = 0; i < auto.metrics().zombies().size(); i++) {
            assertThat(auto.metrics().zombies().value(i)).isZero();
        }
    }

    @Test
    void orphanIsReapedBySubreaperElseByInitAfterItsDelay() {
        ProgramSet progs = set(
                "top", List.of(fork("middle"), waitAny(), waitAny()),
                "middle", List.of(fork("grandchild"), exit(0)),
                "grandchild", List.of(sleep(10), exit(7)));
        // With a subreaper: the grandchild's second wait in "top" reaps it.
        KernelConfig cfg = new KernelConfig();
        Kernel k = fcfs(cfg, progs);
        Task top = k.addProcess(ProcessSpec.of("top", 0, "top").withSubreaper(true));
        k.run(SimTime.NEVER);
        TaskRecord g = k.metrics().tasks().stream().filter(t -> t.program().equals("grandchild")).findFirst().orElseThrow();
        assertThat(g.ppid()).isEqualTo(top.pid());
        assertThat(top.lastWaitStatus()).isEqualTo(7);
        assertThat(top.lastResult()).isEqualTo(g.pid());
        assertThat(k.pids().isInUse(g.pid())).isFalse();

        // Without one: init adopts it and reaps it 5 ms after it exits; its PID is freed then.
        KernelConfig cfg2 = new KernelConfig();
        cfg2.initReapDelay = 5 * SimTime.MS;
        Kernel k2 = fcfs(cfg2, progs);
        Task top2 = k2.addProcess(ProcessSpec.of("top", 0, "top"));
        k2.run(SimTime.NEVER);
        TaskRecord g2 = k2.metrics().tasks().stream().filter(t -> t.program().equals("grandchild")).findFirst().orElseThrow();
        assertThat(g2.ppid()).isEqualTo(1);
        assertThat(g2.finish()).isEqualTo(10 * SimTime.MS);
        // top's second wait found no child left: ECHILD.
        assertThat(top2.lastResult()).isEqualTo(-Signals.ECHILD);
        // PIDs in use: init + top + middle + grandchild = 4 at 0; then 3 when middle is reaped by top;
        // top itself exits at 0 and is reaped by init at 5 ms: 2; the grandchild is reaped at 15 ms: 1.
        assertThat(k2.metrics().pidsInUse().valueAt(10 * SimTime.MS)).isEqualTo(2);
        assertThat(k2.metrics().pidsInUse().valueAt(15 * SimTime.MS - 1)).isEqualTo(2);
        assertThat(k2.metrics().pidsInUse().valueAt(15 * SimTime.MS)).isEqualTo(1);
        assertThat(k2.pids().isInUse(g2.pid())).isFalse();
    }

    @Test
    void waitSemantics() {
        ProgramSet progs = set(
                "lonely", List.of(waitNohang()),
                "lonelyBlocking", List.of(waitAny()),
                "polling", List.of(fork("sleeper"), waitNohang(), compute(1)),
                "status", List.of(fork("exit42"), waitAny()),
                "term", List.of(fork("sleeper"), killChild(0, Signals.SIGTERM), waitAny()),
                "killed", List.of(fork("sleeper"), killChild(0, Signals.SIGKILL), waitChild(0)),
                "specific", List.of(fork("exit42"), fork("exit3"), waitChild(1), waitChild(0)),
                "sleeper", List.of(sleep(50)),
                "exit42", List.of(compute(2), exit(42)),
                "exit3", List.of(exit(3)));
        Kernel k = fcfs(new KernelConfig(), progs);
        Task lonely = k.addProcess(ProcessSpec.of("lonely", 0, "lonely"));
        Task lonelyBlocking = k.addProcess(ProcessSpec.of("lonelyBlocking", 0, "lonelyBlocking"));
        Task polling = k.addProcess(ProcessSpec.of("polling", 0, "polling"));
        Task status = k.addProcess(ProcessSpec.of("status", 0, "status"));
        Task term = k.addProcess(ProcessSpec.of("term", 0, "term"));
        Task killed = k.addProcess(ProcessSpec.of("killed", 0, "killed"));
        Task specific = k.addProcess(ProcessSpec.of("specific", 0, "specific"));
        k.run(SimTime.NEVER);
        assertThat(lonely.lastResult()).isEqualTo(-Signals.ECHILD);
        assertThat(lonelyBlocking.lastResult()).isEqualTo(-Signals.ECHILD);
        assertThat(polling.lastResult()).isZero();
        assertThat(status.lastWaitStatus()).isEqualTo(42);
        assertThat(term.lastWaitStatus()).isEqualTo(128 + 15);
        assertThat(killed.lastWaitStatus()).isEqualTo(128 + 9);
        // waitChild(1) reaped exit3, then waitChild(0) blocked until exit42 finished its 2 ms.
        assertThat(specific.lastWaitStatus()).isEqualTo(42);
        assertThat(k.metrics().kills()).isEqualTo(2);
    }

    @Test
    void twoTaskFcfsAccountingByHand() {
        // A: arrives 0, computes 3, I/O 4, computes 2.  B: arrives 1, computes 5.
        // FCFS: A 0-3, blocks until 7; B 3-8; A waits 7-8, runs 8-10.
        Kernel k = fcfs(new KernelConfig(), set(
                "a", List.of(compute(3), io(4), compute(2)),
                "b", List.of(compute(5))));
        k.addProcess(ProcessSpec.of("A", 0, "a"));
        k.addProcess(ProcessSpec.of("B", SimTime.MS, "b"));
        k.run(SimTime.NEVER);
        long ms = SimTime.MS;
        TaskRecord a = k.metrics().tasks().stream().filter(t -> t.name().equals("A")).findFirst().orElseThrow();
        TaskRecord b = k.metrics().tasks().stream().filter(t -> t.name().equals("B")).findFirst().orElseThrow();
        assertThat(a.arrival()).isZero();
        assertThat(a.firstRun()).isZero();
        assertThat(a.finish()).isEqualTo(10 * ms);
        assertThat(a.cpuTime()).isEqualTo(5 * ms);
        assertThat(a.blocked()).isEqualTo(4 * ms);
        assertThat(a.readyWait()).isEqualTo(1 * ms);
        assertThat(a.waiting()).isEqualTo(1 * ms);
        assertThat(a.turnaround()).isEqualTo(10 * ms);
        assertThat(a.voluntarySwitches()).isEqualTo(1);
        assertThat(b.arrival()).isEqualTo(1 * ms);
        assertThat(b.firstRun()).isEqualTo(3 * ms);
        assertThat(b.response()).isEqualTo(2 * ms);
        assertThat(b.finish()).isEqualTo(8 * ms);
        assertThat(b.cpuTime()).isEqualTo(5 * ms);
        assertThat(b.readyWait()).isEqualTo(2 * ms);
        assertThat(b.blocked()).isZero();
        assertThat(b.turnaround()).isEqualTo(7 * ms);
        assertThat(k.metrics().contextSwitches()).isEqualTo(2);
        assertThat(k.metrics().cpuBusy(0)).isEqualTo(10 * ms);
        assertThat(k.metrics().cpuIdle(0)).isZero();
    }

    @Test
    void contextSwitchCostDelaysAndIsNotCpuTime() {
        // Same as above with a 0.5 ms switch: A 0-3; switch 3-3.5; B 3.5-8.5; switch 8.5-9; A 9-11.
        KernelConfig cfg = new KernelConfig();
        cfg.contextSwitch = SimTime.MS / 2;
        Kernel k = fcfs(cfg, set(
                "a", List.of(compute(3), io(4), compute(2)),
                "b", List.of(compute(5))));
        k.addProcess(ProcessSpec.of("A", 0, "a"));
        k.addProcess(ProcessSpec.of("B", SimTime.MS, "b"));
        k.run(SimTime.NEVER);
        long ms = SimTime.MS;
        TaskRecord a = k.metrics().tasks().stream().filter(t -> t.name().equals("A")).findFirst().orElseThrow();
        TaskRecord b = k.metrics().tasks().stream().filter(t -> t.name().equals("B")).findFirst().orElseThrow();
        assertThat(b.firstRun()).isEqualTo(3 * ms + ms / 2);
        assertThat(b.finish()).isEqualTo(8 * ms + ms / 2);
        assertThat(a.finish()).isEqualTo(11 * ms);
        assertThat(a.cpuTime()).isEqualTo(5 * ms);
        assertThat(a.waiting()).isEqualTo(2 * ms); // 7 to 9: ready 1.5 ms plus the 0.5 ms switch
        assertThat(k.metrics().cpuSwitching(0)).isEqualTo(ms);
        assertThat(k.metrics().cpuBusy(0)).isEqualTo(10 * ms);
        assertThat(k.metrics().cpuIdle(0)).isZero();
    }

    @Test
    void boundedForkBombUnderPidsMaxNeverExceedsTheLimitAndRecordsEveryRefusal() {
        // level k forks two copies of level k+1, down to level 11: 2^12 - 1 = 4095 forks wanted.
        Object[] pairs = new Object[24];
        for (int lvl = 0; lvl < 12; lvl++) {
            pairs[2 * lvl] = "level" + lvl;
            pairs[2 * lvl + 1] = lvl < 11
                    ? List.of(fork("level" + (lvl + 1)), fork("level" + (lvl + 1)), sleep(10))
                    : List.of(sleep(10));
        }
        KernelConfig cfg = new KernelConfig();
        cfg.pidsMax = 1000;
        Kernel k = fcfs(cfg, set(pairs));
        k.addProcess(ProcessSpec.of("bomb", 0, "level0"));
        k.run(SimTime.NEVER);
        long succeeded = k.metrics().forks();
        long refused = k.metrics().forkFailures(ForkFailure.PIDS_MAX);
        assertThat(succeeded).isEqualTo(999); // the root is the 1000th task of the cgroup
        // Every task of levels 0..10 attempted two forks.
        long forkers = k.metrics().tasks().stream().filter(t -> !t.program().equals("level11")).count();
        assertThat(succeeded + refused).isEqualTo(2 * forkers);
        assertThat(k.metrics().failureLog()).hasSize((int) refused);
        // PIDs in use never above 1000 workload tasks + init.
        assertThat(k.metrics().pidsInUse().peak()).isEqualTo(1001);
    }

    @Test
    void stuckTasksAreReportedInsteadOfHanging() {
        Kernel k = fcfs(new KernelConfig(), set(
                "parent", List.of(vfork("child"), compute(1)),
                "child", List.of(new Action.Sleep(Dur.FOREVER))));
        k.addProcess(ProcessSpec.of("parent", 0, "parent"));
        RunResult r = k.run(SimTime.NEVER);
        assertThat(r.reason()).isEqualTo(StopReason.NO_EVENTS);
        assertThat(r.stuck()).extracting(TaskRecord::name, TaskRecord::blockReason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("parent", BlockReason.VFORK),
                        org.assertj.core.groups.Tuple.tuple("child", BlockReason.SLEEP));
    }

    @Test
    void vforkParentDoesNotRunUntilTheChildExecs() {
        Kernel k = fcfs(new KernelConfig(), set(
                "parent", List.of(vfork("child"), compute(1)),
                "child", List.of(compute(3), exec("image")),
                "image", List.of(compute(2))));
        Task parent = k.addProcess(ProcessSpec.of("parent", 0, "parent"));
        k.run(SimTime.NEVER);
        // parent blocks at 0; child computes 0-3 and execs at 3; parent is woken at 3 and queued
        // behind nobody but the child keeps the CPU (FCFS) until it exits at 5; parent runs 5-6.
        assertThat(parent.finish()).isEqualTo(6 * SimTime.MS);
        assertThat(parent.blockedTime()).isEqualTo(3 * SimTime.MS);
        assertThat(k.metrics().execs()).isEqualTo(1);
        List<ScheduleLog.Segment> segs = k.scheduleLog().segments();
        assertThat(segs).extracting(ScheduleLog.Segment::task, ScheduleLog.Segment::start, ScheduleLog.Segment::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("child", 0L, 5 * SimTime.MS),
                        org.assertj.core.groups.Tuple.tuple("parent", 5 * SimTime.MS, 6 * SimTime.MS));
    }

    @Test
    void failedForkRetriesAfterItsDelayUntilTheCgroupHasRoom() {
        // Two CPUs, pids.max 2: the retrier and the hog fill the cgroup until the hog exits at 10 ms
        // (init reaps it at once). The retrier fails at 0, 4 and 8 ms and succeeds at 12 ms; its
        // child computes 12-13 ms and is reaped by the wait; the retrier exits at 13 ms.
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = 2;
        cfg.pidsMax = 2;
        Kernel k = fcfs(cfg, set(
                "retrier", List.of(new Action.Fork("short", null, Action.OnFail.RETRY, Dur.of(4 * SimTime.MS)), waitAny()),
                "hog", List.of(compute(10)),
                "short", List.of(compute(1))));
        Task p = k.addProcess(ProcessSpec.of("retrier", 0, "retrier"));
        k.addProcess(ProcessSpec.of("hog", 0, "hog"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().failureLog()).extracting(KernelMetrics.Failure::time)
                .containsExactly(0L, 4 * SimTime.MS, 8 * SimTime.MS);
        assertThat(k.metrics().forks()).isEqualTo(1);
        assertThat(p.finish()).isEqualTo(13 * SimTime.MS);
        assertThat(p.lastWaitStatus()).isZero();
    }

    @Test
    void failedForkWithOnFailExitExitsWithStatus1() {
        KernelConfig cfg = new KernelConfig();
        cfg.pidsMax = 1;
        Kernel k = fcfs(cfg, set(
                "quitter", List.of(new Action.Fork("x", null, Action.OnFail.EXIT, null), compute(5)),
                "continuer", List.of(fork("x"), compute(5)),
                "x", List.of(exit(0))));
        Task q = k.addProcess(ProcessSpec.of("quitter", 0, "quitter"));
        k.run(SimTime.NEVER);
        assertThat(q.exitStatus()).isEqualTo(1);
        assertThat(q.finish()).isZero();
        assertThat(q.cpuTime()).isZero();
        Kernel k2 = fcfs(cfg, set(
                "continuer", List.of(fork("x"), compute(5)),
                "x", List.of(exit(0))));
        Task c = k2.addProcess(ProcessSpec.of("continuer", 0, "continuer"));
        k2.run(SimTime.NEVER);
        assertThat(c.lastResult()).isEqualTo(-Signals.EAGAIN);
        assertThat(c.finish()).isEqualTo(5 * SimTime.MS);
        assertThat(c.exitStatus()).isZero();
    }

    @Test
    void earlyLimitsRefuseBeforeCopyingLateOnesAfter() {
        // RLIMIT_NPROC 3 for uid 1000: the parent plus two children; the third fork fails early.
        KernelConfig cfg = new KernelConfig();
        cfg.rlimitNproc = 3;
        Kernel k = new Kernel(cfg, new dev.procsim.sched.FcfsScheduler(),
                new FixedCostMemory(100 * SimTime.US, 4 * SimTime.US, 0, 0, 0),
                set("p", List.of(repeat(3, fork("s"))), "s", List.of(sleep(100))), new dev.procsim.engine.RandomStreams(1));
        Task p = k.addProcess(ProcessSpec.of("p", 0, "p"));
        // Another user has a count of its own: it too gets two children, not zero.
        k.addProcess(ProcessSpec.of("other", 0, "p").withUid(2000));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().forkFailures(ForkFailure.NPROC)).isEqualTo(2);
        assertThat(k.metrics().forks()).isEqualTo(4);
        // Two full forks of 100 us plus one early failure of 4 us, all charged to the parent.
        assertThat(p.cpuTime()).isEqualTo(204 * SimTime.US);

        KernelConfig cfg2 = new KernelConfig();
        cfg2.threadsMax = 3; // init, the parent, one child
        Kernel k2 = fcfs(cfg2, set("p", List.of(repeat(3, fork("s"))), "s", List.of(sleep(100))));
        k2.addProcess(ProcessSpec.of("p", 0, "p"));
        k2.run(SimTime.NEVER);
        assertThat(k2.metrics().forks()).isEqualTo(1);
        assertThat(k2.metrics().forkFailures(ForkFailure.THREADS_MAX)).isEqualTo(2);
    }
}

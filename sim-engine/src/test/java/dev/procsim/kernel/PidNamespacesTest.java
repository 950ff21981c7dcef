package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PID namespaces, each case worked out by hand from Linux's rules (pid_namespaces(7)): FCFS on one
 * CPU, no costs, root PIDs from 2 in order of creation.
 */
class PidNamespacesTest {
    static final long MS = SimTime.MS;

    static Action container(String run) {
        return new Action.Clone(run, Action.Clone.NEWPID);
    }

    static List<TaskRecord> recs(Kernel k, String program) {
        return k.metrics().tasks().stream().filter(t -> t.program().equals(program)).toList();
    }

    @Test
    void theChildIsPid1OfTheNewNamespaceAndItsChildrenHaveAPidAtEachLevel() {
        // host (2) clones C (root 3, ns 1); C forks w, w, w: root 4, 5, 6 and ns 2, 3, 4.
        Kernel k = fcfs(new KernelConfig(), set("host", List.of(container("C"), waitAny()),
                "C", List.of(repeat(3, fork("w")), repeat(3, waitAny())), "w", List.of(compute(1))));
        k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        TaskRecord c = recs(k, "C").get(0);
        assertThat(c.pid()).isEqualTo(3);
        assertThat(c.nsPid()).isEqualTo(1);
        assertThat(c.ppid()).isEqualTo(2);
        assertThat(recs(k, "w")).extracting(TaskRecord::pid).containsExactly(4, 5, 6);
        assertThat(recs(k, "w")).extracting(TaskRecord::nsPid).containsExactly(2, 3, 4);
        assertThat(recs(k, "host").get(0).nsPid()).as("the root namespace's PID").isEqualTo(2);
        assertThat(k.metrics().namespaces()).isEqualTo(1);
    }

    @Test
    void orphansInsideGoToTheNamespaceInitWhichMustReapThem() {
        // C (root 3) forks A (4); A forks B (5) and exits at 0; B is re-parented to C, not to the
        // root init, and exits at 1 ms. C never waits: A and B stay zombies inside the namespace,
        // while the root init reaps nothing of theirs.
        Kernel k = fcfs(new KernelConfig(), set("host", List.of(container("C")),
                "C", List.of(fork("A"), sleep(10)), "A", List.of(fork("B"), exit(0)), "B", List.of(sleep(1))));
        k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(5 * MS);
        assertThat(k.zombieCount()).as("A and B, waiting for C").isEqualTo(2);
        Task b = k.tasks().stream().filter(t -> t.programName().equals("B")).findFirst().orElseThrow();
        assertThat(b.ppid()).isEqualTo(3);
        assertThat(b.state()).isEqualTo(TaskState.ZOMBIE);
    }

    @Test
    void whenTheNamespaceInitExitsEveryTaskInsideIsKilled() {
        // C (root 3) forks W (4), which sleeps for ever, and a nested container N (5) whose own child
        // M (6) sleeps for ever; C exits at 5 ms: W, N and M are killed (SIGKILL) and reaped inside;
        // host's wait returns C's status 0 at 5 ms, and only init and host hold PIDs.
        Kernel k = fcfs(new KernelConfig(), set("host", List.of(container("C"), waitAny(), sleep(1)),
                "C", List.of(fork("W"), container("N"), sleep(5)), "W", List.of(new Action.Sleep(Dur.FOREVER)),
                "N", List.of(fork("M"), new Action.Sleep(Dur.FOREVER)), "M", List.of(new Action.Sleep(Dur.FOREVER))));
        Task host = k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(host.lastResult()).isEqualTo(3);
        assertThat(host.lastWaitStatus()).isZero();
        for (String p : List.of("W", "N", "M")) {
            assertThat(recs(k, p)).singleElement().satisfies(t -> {
                assertThat(t.exitStatus()).isEqualTo(128 + 9);
                assertThat(t.finish()).isEqualTo(5 * MS);
            });
        }
        TaskRecord m = recs(k, "M").get(0);
        assertThat(m.nsPid()).as("PID 2 in N's namespace, two levels down").isEqualTo(2);
        assertThat(k.zombieCount()).isZero();
    }

    @Test
    void aNamespaceHandsOutPidsByTheSameRulesItsOwnFrom2To399ThenFrom300() {
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = 400;
        Kernel k = fcfs(cfg, set("host", List.of(container("C")), "C", List.of(repeat(500, fork("x"), waitAny())), "x", List.of(exit(0))));
        k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        List<Integer> ns = recs(k, "x").stream().map(TaskRecord::nsPid).toList();
        for (int i = 0; i < 398; i++) assertThat(ns.get(i)).isEqualTo(2 + i);
        for (int i = 398; i < 500; i++) assertThat(ns.get(i)).isEqualTo(300 + (i - 398) % 100);
    }

    @Test
    void aContainersPidsMaxRefusesForksInsideOnly() {
        // C in a cgroup of pids.max 5 (C itself counts) forks 6 sleepers: 4 succeed, 2 are refused;
        // the host, outside, still forks.
        Kernel k = fcfs(new KernelConfig(), set("host", List.of(new Action.Clone("C", Action.Clone.NEWPID, 5), sleep(1), fork("s")),
                "C", List.of(repeat(6, fork("s")), sleep(10)), "s", List.of(sleep(5))));
        k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().forkFailures(ForkFailure.PIDS_MAX)).isEqualTo(2);
        assertThat(recs(k, "s")).hasSize(5);
    }

    // ------------------------------------------------------------------ the namespace init is protected (pid_namespaces(7))

    static KernelConfig cpus(int n) {
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = n;
        return cfg;
    }

    @Test
    void theNamespaceInitIgnoresAnUnhandledSigtermFromTheHostButNotItsSigkill() {
        // host (2) clones C (3), which forks W (4) and sleeps; W sleeps for ever. At 1 ms the host
        // sends C SIGTERM: C has no handler for it, so it is discarded even from an ancestor
        // namespace. At 2 ms the host's SIGKILL is forced (sent from an ancestor): C ends with
        // 137, W is killed with it, and the host's wait returns C's status at 2 ms.
        Kernel k = fcfs(new KernelConfig(), set(
                "host", List.of(container("C"), sleep(1), killChild(0, Signals.SIGTERM), sleep(1), killChild(0, Signals.SIGKILL), waitAny()),
                "C", List.of(fork("W"), sleep(100)), "W", List.of(new Action.Sleep(Dur.FOREVER))));
        Task host = k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(host.lastResult()).isEqualTo(3);
        assertThat(host.lastWaitStatus()).isEqualTo(128 + 9);
        assertThat(k.metrics().signalsIgnored()).isEqualTo(1);
        for (String p : List.of("C", "W")) {
            assertThat(recs(k, p)).singleElement().satisfies(t -> {
                assertThat(t.exitStatus()).isEqualTo(128 + 9);
                assertThat(t.finish()).isEqualTo(2 * MS);
            });
        }
    }

    @Test
    void insideTheNamespaceEvenSigkillAndSigstopMissTheInitAndOnlyAHandledSignalReachesIt() {
        // C (3) handles SIGUSR1, sends itself SIGTERM and SIGKILL (both discarded: unhandled, and
        // not from an ancestor), forks W (4) and computes 0-10 (one CPU), then waits. W runs at 10
        // and sends its parent C SIGKILL, SIGSTOP, SIGTERM (discarded) and SIGUSR1, which
        // interrupts C's wait; W exits. C's handler runs 10-11, the wait (SA_RESTART) starts again
        // and reaps W, and C exits with 5 at 11 ms.
        Kernel k = fcfs(new KernelConfig(), set("host", List.of(container("C"), waitAny()),
                "C", List.of(new Action.Sigaction(Signals.SIGUSR1, Action.Sigaction.HANDLER, "H"),
                        new Action.Kill(new Action.Target.Self(), Signals.SIGTERM), new Action.Kill(new Action.Target.Self(), Signals.SIGKILL),
                        fork("W"), compute(10), waitAny(), exit(5)),
                "H", List.of(compute(1)),
                "W", List.of(toParent(Signals.SIGKILL), toParent(Signals.SIGSTOP), toParent(Signals.SIGTERM), toParent(Signals.SIGUSR1))));
        Task host = k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(host.lastWaitStatus()).isEqualTo(5);
        assertThat(recs(k, "C").get(0).finish()).isEqualTo(11 * MS);
        assertThat(recs(k, "W").get(0).finish()).isEqualTo(10 * MS);
        assertThat(k.metrics().signalsIgnored()).isEqualTo(5);
        assertThat(k.metrics().handlersRun()).isEqualTo(1);
        assertThat(k.metrics().stops()).isZero();
    }

    static Action toParent(int sig) {
        return new Action.Kill(new Action.Target.Parent(), sig);
    }

    @Test
    void fromTheHostSigstopStopsTheNamespaceInitButSigtstpDoesNot() {
        // Two CPUs. C (3) computes 10 ms from 0. The host sends SIGTSTP at 1 (default action stop,
        // not forced: discarded), SIGSTOP at 2 (forced: C stops after 2 ms of CPU) and SIGCONT at
        // 4 (it continues C when sent, then is discarded as its default action is continue): C
        // runs its last 8 ms 4-12 and exits 0; the host's wait returns then.
        Kernel k = fcfs(cpus(2), set(
                "host", List.of(container("C"), sleep(1), killChild(0, Signals.SIGTSTP), sleep(1), killChild(0, Signals.SIGSTOP), sleep(2),
                        killChild(0, Signals.SIGCONT), waitAny()),
                "C", List.of(compute(10), exit(0))));
        Task host = k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(host.lastWaitStatus()).isZero();
        assertThat(host.finish()).isEqualTo(12 * MS);
        assertThat(recs(k, "C").get(0).finish()).isEqualTo(12 * MS);
        assertThat(k.metrics().stops()).isEqualTo(1);
        assertThat(k.metrics().signalsIgnored()).as("SIGTSTP and SIGCONT").isEqualTo(2);
    }

    @Test
    void aBlockedSigtermToTheNamespaceInitIsQueuedAndDroppedWhenUnblocked() {
        // Two CPUs. C (3) blocks SIGTERM and computes 0-5; the host's SIGTERM at 1 is queued (a
        // blocked signal is never discarded when sent) and, unhandled, dropped when C unblocks it
        // at 5 (get_signal): C computes 5-6 and exits 0.
        Kernel k = fcfs(cpus(2), set("host", List.of(container("C"), sleep(1), killChild(0, Signals.SIGTERM), waitAny()),
                "C", List.of(block(Signals.SIGTERM), compute(5), unblock(Signals.SIGTERM), compute(1), exit(0))));
        Task host = k.addProcess(ProcessSpec.of("host", 0, "host"));
        k.run(SimTime.NEVER);
        assertThat(host.lastWaitStatus()).isZero();
        assertThat(recs(k, "C").get(0).finish()).isEqualTo(6 * MS);
    }
}

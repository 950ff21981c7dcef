package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.engine.StopReason;
import dev.procsim.sched.FcfsScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signals, each case worked out by hand from Linux's rules (signal(7)): FCFS, no costs, PIDs
 * from 2 in order of arrival; two CPUs where a sender must run beside its target.
 */
class SignalsTest {
    static final long MS = SimTime.MS;

    static Kernel kernel(int cpus, ProgramSet programs) {
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = cpus;
        return new Kernel(cfg, new FcfsScheduler(), new FixedCostMemory(), programs, new RandomStreams(1));
    }

    static Action send(int pid, int sig) {
        return new Action.Kill(new Action.Target.Pid(pid), sig);
    }

    static TaskRecord rec(Kernel k, String program) {
        return k.metrics().tasks().stream().filter(t -> t.program().equals(program)).findFirst().orElseThrow();
    }

    @Test
    void aHandlerInterruptsAComputationWhichThenResumes() {
        // P (2) computes 10 ms; S (3) sends SIGUSR1 at 3 ms: P's handler computes 3-5, then the
        // 7 ms left of P's computation run 5-12.
        Kernel k = kernel(2, set("P", List.of(handle(Signals.SIGUSR1, "H"), compute(10)), "H", List.of(compute(2)),
                "S", List.of(sleep(3), send(2, Signals.SIGUSR1))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.finish()).isEqualTo(12 * MS);
        assertThat(p.cpuTime()).isEqualTo(12 * MS);
        assertThat(k.metrics().handlersRun()).isEqualTo(1);
        assertThat(k.metrics().signalLatency().getMaxValue()).as("a computing task is interrupted at once").isZero();
    }

    @Test
    void aBlockedSignalWaitsAndRepeatsMergeIntoOne() {
        // P blocks SIGUSR1 and computes 0-5; S sends it at 1, 2 and 3 ms (two merge into the
        // pending one); P unblocks at 5: one delivery, 4 ms after the first send.
        Kernel k = kernel(2, set("P", List.of(handle(Signals.SIGUSR1, "H"), block(Signals.SIGUSR1), compute(5), unblock(Signals.SIGUSR1),
                        compute(1)), "H", List.of(compute(1)),
                "S", List.of(repeat(3, sleep(1), send(2, Signals.SIGUSR1)))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().signalsSent()).isEqualTo(3);
        assertThat(k.metrics().signalsMerged()).isEqualTo(2);
        assertThat(k.metrics().handlersRun()).isEqualTo(1);
        var h = k.metrics().signalLatency();
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), 4 * MS)).as("latency %d", h.getMaxValue()).isTrue();
        assertThat(p.finish()).as("0-5 work, 5-6 handler, 6-7 work").isEqualTo(7 * MS);
    }

    @Test
    void stopAndContinue() {
        // P computes 10 ms; S stops it at 2 and continues it at 7: P runs 0-2 and 7-15.
        Kernel k = kernel(2, set("P", List.of(compute(10)),
                "S", List.of(sleep(2), send(2, Signals.SIGSTOP), sleep(5), send(2, Signals.SIGCONT))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.finish()).isEqualTo(15 * MS);
        assertThat(p.blockedTime()).as("stopped 2-7").isEqualTo(5 * MS);
        assertThat(k.metrics().stops()).isEqualTo(1);
        assertThat(k.metrics().continues()).isEqualTo(1);
    }

    @Test
    void sigtermEndsAProcessAtOnceUnlessHandledAndSigkillCannotBe() {
        // A (2) handles SIGTERM; B (3) does not: at 1 ms S sends SIGTERM to both; B dies (143),
        // A runs its handler, which ends its sleep (EINTR), and sleeps again (a pause loop); at 2 ms
        // SIGKILL ends A (137).
        Kernel k = kernel(2, set("A", List.of(handle(Signals.SIGTERM, "H"), repeat(Action.Repeat.FOREVER, sleep(100))), "B", List.of(sleep(100)), "H", List.of(compute(0)),
                "S", List.of(sleep(1), send(2, Signals.SIGTERM), send(3, Signals.SIGTERM), sleep(1), send(2, Signals.SIGKILL))));
        Task a = k.addProcess(ProcessSpec.of("A", 0, "A"));
        Task b = k.addProcess(ProcessSpec.of("B", 0, "B"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(b.exitStatus()).isEqualTo(128 + 15);
        assertThat(b.finish()).isEqualTo(MS);
        assertThat(a.exitStatus()).isEqualTo(128 + 9);
        assertThat(a.finish()).isEqualTo(2 * MS);
        assertThat(k.metrics().handlersRun()).isEqualTo(1);
    }

    @Test
    void aSupervisorReapsInItsSigchldHandlerWhichEndsItsSleep() {
        // sup (2) handles SIGCHLD with a non-blocking wait, forks a child (3) that computes 0-5 on
        // the other CPU and exits 3, and sleeps 1 s: the handler reaps the child at 5 ms, and the
        // sleep it interrupted ends there with EINTR (signal(7): a sleep is never restarted), so
        // sup's program ends at 5 ms. The handler's own result (the wait's 3) does not leak into
        // the interrupted sleep's: sigreturn restores -EINTR.
        Kernel k = kernel(2, set("sup", List.of(handle(Signals.SIGCHLD, "reap"), fork("child"), sleep(1000)),
                "reap", List.of(waitNohang()), "child", List.of(compute(5), exit(3))));
        Task sup = k.addProcess(ProcessSpec.of("sup", 0, "sup"));
        k.run(SimTime.NEVER);
        assertThat(sup.lastWaitStatus()).as("reaped by the handler").isEqualTo(3);
        assertThat(sup.lastResult()).isEqualTo(-Signals.EINTR);
        assertThat(rec(k, "child").finish()).isEqualTo(5 * MS);
        assertThat(k.zombieCount()).isZero();
        assertThat(sup.finish()).as("the handler cut the 1 s sleep short").isEqualTo(5 * MS);
    }

    @Test
    void sigkillEndsAStoppedThreadedProcessEveryThreadIncluded() {
        // Three CPUs. P (2) and S (3) arrive at 0; P forks proc (4), which creates thread w (5); proc
        // and w compute. S stops proc at 1 ms and kills it at 2 ms: a stopped thread has not exited,
        // so SIGKILL ends both at 2 ms, and P's wait returns 137 then.
        Kernel k = kernel(3, set(
                "P", List.of(fork("proc"), waitAny()),
                "proc", List.of(thread("w"), compute(100)),
                "w", List.of(compute(100)),
                "S", List.of(sleep(1), send(4, Signals.SIGSTOP), sleep(1), send(4, Signals.SIGKILL))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.lastWaitStatus()).isEqualTo(128 + 9);
        assertThat(p.finish()).isEqualTo(2 * MS);
        assertThat(rec(k, "w").finish()).isEqualTo(2 * MS);
        assertThat(rec(k, "w").cpuTime()).as("it ran 0-1 ms, then was stopped").isEqualTo(MS);
        assertThat(k.taskCount()).as("init alone").isEqualTo(1);
    }

    @Test
    void ignoringSigchldReapsChildrenAtExit() {
        Kernel k = kernel(1, set("P", List.of(ignore(Signals.SIGCHLD), fork("c"), sleep(1), waitAny()), "c", List.of(exit(0))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(p.lastResult()).isEqualTo(-Signals.ECHILD);
        assertThat(k.zombieCount()).isZero();
        assertThat(k.metrics().reaps()).as("the child at its exit, with no wait; P by init").isEqualTo(2);
    }

    @Test
    void aSignalToAProcessGroupReachesEveryProcessInItAndNoOther() {
        // shell (2) forks job (3) and moves it to a group of its own (pgid 3) before it runs; job
        // forks workers 4 and 5 (pgid 3). At 1 ms the shell sends SIGTERM to the job's group: 3, 4
        // and 5 end; the shell (pgid 2) waits and gets the job's status 143.
        Kernel k = kernel(1, set(
                "shell", List.of(fork("job"), new Action.SetPgid(0, false), sleep(1),
                        new Action.Kill(new Action.Target.ChildGroup(0), Signals.SIGTERM), waitAny()),
                "job", List.of(fork("w"), fork("w"), sleep(100)),
                "w", List.of(sleep(100))));
        Task shell = k.addProcess(ProcessSpec.of("shell", 0, "shell"));
        RunResult r = k.run(SimTime.NEVER);
        assertThat(r.reason()).isEqualTo(StopReason.NO_EVENTS);
        assertThat(shell.lastWaitStatus()).isEqualTo(128 + 15);
        assertThat(k.metrics().tasks().stream().filter(t -> t.program().equals("w")))
                .hasSize(2).allSatisfy(t -> assertThat(t.finish()).isEqualTo(MS));
        assertThat(shell.finish()).isEqualTo(MS);
    }

    @Test
    void stopSignalsDiscardAPendingContinueAndTheOtherWayRound() {
        // P blocks SIGCONT... SIGCONT's continue happens at sending, whatever the mask; P blocked
        // SIGTSTP: SIGTSTP pends; SIGCONT then discards it; unblocking delivers nothing.
        Kernel k = kernel(2, set("P", List.of(block(Signals.SIGTSTP), compute(5), unblock(Signals.SIGTSTP), compute(1)),
                "S", List.of(sleep(1), send(2, Signals.SIGTSTP), send(2, Signals.SIGCONT))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.finish()).as("never stopped").isEqualTo(6 * MS);
        assertThat(k.metrics().stops()).isZero();
    }

    @Test
    void aSigtermToAStoppedProcessStaysPendingAndEndsItRightAfterSigcont() {
        // P (2) computes 10 ms; S (3) stops it at 2, sends SIGTERM at 4 and SIGCONT at 7. A stopped
        // task takes no signal but SIGKILL (kernel/signal.c, wants_signal): SIGTERM stays pending
        // until SIGCONT wakes P at 7, which then takes it on the free CPU at once: status 143 at
        // 7 ms, after 2 ms of CPU (0-2), with the 3 ms from sending to delivery as its latency.
        Kernel k = kernel(2, set("P", List.of(compute(10)),
                "S", List.of(sleep(2), send(2, Signals.SIGSTOP), sleep(2), send(2, Signals.SIGTERM), sleep(3), send(2, Signals.SIGCONT))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.exitStatus()).isEqualTo(128 + 15);
        assertThat(p.finish()).isEqualTo(7 * MS);
        assertThat(p.cpuTime()).isEqualTo(2 * MS);
        assertThat(p.blockedTime()).as("stopped 2-7").isEqualTo(5 * MS);
        var h = k.metrics().signalLatency();
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), 3 * MS)).as("latency %d", h.getMaxValue()).isTrue();
    }

    @Test
    void aSigkillStillEndsAStoppedProcessAtOnce() {
        // As above with SIGKILL at 4 and no SIGCONT: SIGKILL reaches a stopped task; status 137 at 4 ms.
        Kernel k = kernel(2, set("P", List.of(compute(10)),
                "S", List.of(sleep(2), send(2, Signals.SIGSTOP), sleep(2), send(2, Signals.SIGKILL))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.exitStatus()).isEqualTo(128 + 9);
        assertThat(p.finish()).isEqualTo(4 * MS);
    }

    @Test
    void aSigtermPendingWhileStoppedIsTakenAtSigcontByAThreadThatWasAsleep() {
        // Two CPUs. P (2) blocks SIGTERM, creates thread T (4), which unblocks it (a thread starts
        // with its creator's mask) and sleeps 100 ms on CPU 1, and computes 100 ms on CPU 0. S (3): SIGSTOP at 2 (P stops; T, asleep, is stopped with it),
        // SIGTERM at 4 (pending: the process is stopped), SIGCONT at 7. Linux wakes every thread at
        // SIGCONT and T, which does not block SIGTERM, takes it: the whole process ends at 7 ms
        // with 143, not when T's sleep would have ended (100 ms).
        Kernel k = kernel(2, set("P", List.of(block(Signals.SIGTERM), thread("T"), compute(100)), "T", List.of(unblock(Signals.SIGTERM), sleep(100)),
                "S", List.of(sleep(2), send(2, Signals.SIGSTOP), sleep(2), send(2, Signals.SIGTERM), sleep(3), send(2, Signals.SIGCONT))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.exitStatus()).isEqualTo(128 + 15);
        assertThat(p.finish()).isEqualTo(7 * MS);
        assertThat(rec(k, "T").finish()).isEqualTo(7 * MS);
    }

    @Test
    void catchingIgnoringOrBlockingSigkillOrSigstopIsRefusedWithLinuxsRunTimeRule() {
        // Linux: sigaction(SIGKILL or SIGSTOP, any new action) fails with EINVAL; sigprocmask leaves
        // them out of the mask. No action computes a signal number at run time, so such an action
        // would fail on every run: it is refused when the program is built, saying so.
        for (int sig : new int[] {Signals.SIGKILL, Signals.SIGSTOP}) {
            assertThatThrownBy(() -> handle(sig, "H")).hasMessageContaining(Signals.name(sig) + " cannot be caught or ignored")
                    .hasMessageContaining("EINVAL");
            assertThatThrownBy(() -> ignore(sig)).hasMessageContaining("EINVAL");
            assertThatThrownBy(() -> new Action.Sigaction(sig, Action.Sigaction.DEFAULT, null)).hasMessageContaining("EINVAL");
            assertThatThrownBy(() -> block(Signals.SIGUSR1, sig)).hasMessageContaining("cannot be blocked")
                    .hasMessageContaining("leaves SIGKILL and SIGSTOP out of the mask");
        }
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static dev.procsim.kernel.SignalsTest.kernel;
import static dev.procsim.kernel.SignalsTest.rec;
import static dev.procsim.kernel.SignalsTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import dev.procsim.engine.StopReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a handler does to the call it interrupts (signal(7), "Interruption of system calls and
 * library functions by signal handlers"; Linux's arch/x86/kernel/signal.c, handle_signal): a
 * sleep ends with EINTR whatever the flags; a wait or pipe call is restarted with SA_RESTART and
 * ends with EINTR without it (a pipe write that moved some bytes returns their count); a join is
 * always restarted (pthread_join never fails with EINTR); with no handler (a stop, an ignored
 * signal) every call goes on. Each case by hand: FCFS on two CPUs, no costs, PIDs from 2 in order
 * of arrival, then creation. S (3) sends SIGUSR1 to P (2) at 2 ms; the handler H computes 1 ms.
 */
class SignalRestartTest {
    static final long MS = SimTime.MS;

    static Action handle(int sig, String handler, boolean restart) {
        return new Action.Sigaction(sig, Action.Sigaction.HANDLER, handler, restart);
    }

    /** P (2) running {@code p}, S (3) sending SIGUSR1 to P at 2 ms, H computing 1 ms, and more programs. */
    record Run(Kernel k, Task p) {}

    static Run run(List<Action> p, Object... more) {
        Object[] pairs = new Object[6 + more.length];
        pairs[0] = "P";
        pairs[1] = p;
        pairs[2] = "S";
        pairs[3] = List.of(sleep(2), send(2, Signals.SIGUSR1));
        pairs[4] = "H";
        pairs[5] = List.of(compute(1));
        System.arraycopy(more, 0, pairs, 6, more.length);
        Kernel k = kernel(2, set(pairs));
        Task task = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        return new Run(k, task);
    }

    static long pipeBytes(Kernel k) {
        return k.metrics().pipes().stream().mapToLong(KernelMetrics.PipeStats::bytes).sum();
    }

    @Test
    void aHandledSignalEndsASleepWithEintrWithOrWithoutSaRestart() {
        // P sleeps 0-10; at 2 the handler runs 2-3 and the sleep is over: P computes 3-4 and ends.
        for (boolean restart : new boolean[] {true, false}) {
            Run r = run(List.of(handle(Signals.SIGUSR1, "H", restart), sleep(10), compute(1)));
            Task p = r.p();
            r.k().run(SimTime.NEVER);
            assertThat(p.finish()).as("restart %s", restart).isEqualTo(4 * MS);
            assertThat(p.lastResult()).as("what the program sees after its sleep").isEqualTo(-Signals.EINTR);
            assertThat(p.cpuTime()).isEqualTo(2 * MS);
            assertThat(p.blockedTime()).as("asleep 0-2").isEqualTo(2 * MS);
        }
    }

    @Test
    void aSleepCutShortByAStopGoesOnToItsEndAfterSigcont() {
        // No handler: P, asleep 0-10, is stopped at 2 and continued at 4, then sleeps on until 10
        // (nanosleep restarted for the time left) and computes 10-11.
        Kernel k = kernel(2, set("P", List.of(sleep(10), compute(1)),
                "S", List.of(sleep(2), send(2, Signals.SIGSTOP), sleep(2), send(2, Signals.SIGCONT))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(p.finish()).isEqualTo(11 * MS);
        assertThat(k.metrics().stops()).isEqualTo(1);
    }

    @Test
    void aWaitIsRestartedWithSaRestartAndEndsWithEintrWithout() {
        // P forks C (4), which computes 0-5 on CPU 1 and exits 3, and waits. At 2 the handler runs
        // 2-3 on CPU 0 (its own non-blocking wait finds C running: 0).
        // With SA_RESTART the wait starts again and reaps C at 5; P computes 5-6.
        // Without, the wait returns EINTR at 3 (not the handler's 0: sigreturn restores the
        // interrupted call's result) and P computes 3-4 and exits; C is reaped by init.
        for (boolean restart : new boolean[] {true, false}) {
            Run r = run(List.of(handle(Signals.SIGUSR1, "HW", restart), fork("C"), waitAny(), compute(1)),
                    "HW", List.of(compute(1), waitNohang()), "C", List.of(compute(5), exit(3)));
            Kernel k = r.k();
            Task p = r.p();
            k.run(SimTime.NEVER);
            assertThat(k.metrics().handlersRun()).isEqualTo(1);
            assertThat(rec(k, "C").finish()).isEqualTo(5 * MS);
            if (restart) {
                assertThat(p.lastResult()).as("C's PID").isEqualTo(4);
                assertThat(p.lastWaitStatus()).isEqualTo(3);
                assertThat(p.finish()).isEqualTo(6 * MS);
            } else {
                assertThat(p.lastResult()).isEqualTo(-Signals.EINTR);
                assertThat(p.lastWaitStatus()).as("never reaped by P").isZero();
                assertThat(p.finish()).isEqualTo(4 * MS);
            }
        }
    }

    @Test
    void aPipeReadIsRestartedWithSaRestartAndEndsWithEintrWithout() {
        // P makes a pipe and reads it: empty, with P's own write end open, the read blocks at 0.
        // With SA_RESTART it starts again after the handler (2-3) and blocks for ever; without,
        // it returns EINTR at 3 and P computes 3-4.
        for (boolean restart : new boolean[] {true, false}) {
            Run run = run(List.of(handle(Signals.SIGUSR1, "H", restart), pipe("p"), pread("p", 4096), compute(1)));
            Task p = run.p();
            RunResult r = run.k().run(SimTime.NEVER);
            assertThat(r.reason()).isEqualTo(StopReason.NO_EVENTS);
            assertThat(run.k().metrics().handlersRun()).isEqualTo(1);
            if (restart) {
                assertThat(r.stuck()).extracting(TaskRecord::pid).containsExactly(2);
                assertThat(p.blockReason()).isEqualTo(BlockReason.PIPE_EMPTY);
            } else {
                assertThat(r.stuck()).isEmpty();
                assertThat(p.lastResult()).isEqualTo(-Signals.EINTR);
                assertThat(p.finish()).isEqualTo(4 * MS);
            }
        }
    }

    @Test
    void aPipeWriteWithoutSaRestartReturnsTheBytesItMovedOrEintr() {
        // P writes 100,000 B into its own pipe (64 KiB, nobody reads): 65,536 go in and it blocks
        // at 0. Without SA_RESTART the write returns 65,536 after the handler (2-3), as Linux's
        // pipe_write does, and P exits at 3. With SA_RESTART the write goes on after the handler
        // and blocks for ever.
        for (boolean restart : new boolean[] {true, false}) {
            Run run = run(List.of(handle(Signals.SIGUSR1, "H", restart), pipe("p"), pwrite("p", 100_000), exit(0)));
            Task p = run.p();
            RunResult r = run.k().run(SimTime.NEVER);
            assertThat(pipeBytes(run.k())).isEqualTo(65_536);
            if (restart) {
                assertThat(r.stuck()).extracting(TaskRecord::pid).containsExactly(2);
                assertThat(p.blockReason()).isEqualTo(BlockReason.PIPE_FULL);
            } else {
                assertThat(p.lastResult()).isEqualTo(65_536);
                assertThat(p.finish()).isEqualTo(3 * MS);
            }
        }
        // A write that moved nothing: P fills the pipe (65,536 B fit at once), then writes 1 B and
        // blocks at 0; the handler runs 2-3 and the write returns EINTR; P computes 3-4.
        Run run = run(List.of(handle(Signals.SIGUSR1, "H", false), pipe("p"), pwrite("p", 65_536), pwrite("p", 1), compute(1)));
        run.k().run(SimTime.NEVER);
        assertThat(run.p().lastResult()).isEqualTo(-Signals.EINTR);
        assertThat(run.p().finish()).isEqualTo(4 * MS);
        assertThat(pipeBytes(run.k())).isEqualTo(65_536);
    }

    @Test
    void aReadWokenByDataBeforeTheSignalIsTakenReturnsTheData() {
        // One CPU. P (2) reads its pipe, which W (4), its child, also writes; the read blocks at 0.
        // S (3) stops P at 1 (the read is cut short, to go on) and continues it at 2: the read
        // starts again and blocks. At 3 W writes 10 B (P is woken: there is data), sends P SIGUSR1
        // and computes 3-8. P runs at 8: its read's wait ended for data, not for the signal, so
        // the handler (no SA_RESTART) does not turn it into EINTR (anon_pipe_read reads what a
        // wake-up brought): handler 8-9, the read returns 10, P computes 9-10.
        Kernel k = kernel(1, set("P", List.of(handle(Signals.SIGUSR1, "H", false), pipe("p"), fork("W"), pread("p", 4096), compute(1)),
                "S", List.of(sleep(1), send(2, Signals.SIGSTOP), sleep(1), send(2, Signals.SIGCONT)),
                "W", List.of(sleep(3), pwrite("p", 10), new Action.Kill(new Action.Target.Parent(), Signals.SIGUSR1), compute(5)),
                "H", List.of(compute(1))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.addProcess(ProcessSpec.of("S", 0, "S"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().stops()).isEqualTo(1);
        assertThat(k.metrics().handlersRun()).isEqualTo(1);
        assertThat(p.lastResult()).isEqualTo(10);
        assertThat(p.finish()).isEqualTo(10 * MS);
    }

    @Test
    void aJoinIsRestartedEvenWithoutSaRestart() {
        // P creates thread T (4), which computes 0-5 on CPU 1, and joins it. The handler (no
        // SA_RESTART) runs 2-3; pthread_join never fails with EINTR: the join goes on, returns
        // T's TID at 5, and P computes 5-6.
        Run r = run(List.of(handle(Signals.SIGUSR1, "H", false), thread("T"), joinAny(), compute(1)), "T", List.of(compute(5)));
        Task p = r.p();
        r.k().run(SimTime.NEVER);
        assertThat(p.lastResult()).isEqualTo(4);
        assertThat(p.finish()).isEqualTo(6 * MS);
    }
}

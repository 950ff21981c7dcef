package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Threads (clone with THREAD), each case worked out by hand from Linux's rules: FCFS on one CPU,
 * no costs, init (PID 1) reaping at once, PIDs handed out from 2 in order of creation.
 */
class ThreadsTest {
    static final long MS = SimTime.MS;

    private static Map<Integer, TaskRecord> byPid(Kernel k) {
        return k.metrics().tasks().stream().collect(Collectors.toMap(TaskRecord::pid, Function.identity(), (a, b) -> b));
    }

    @Test
    void threadsGetTheirOwnTidShareTheTgidAndAreJoinedInTurn() {
        // main (2) creates threads 3 and 4 at 0 and blocks joining thread 0 (TID 3); 3 runs 0-5 and
        // ends, which wakes main behind 4; 4 runs 5-10; main then joins thread 1 (already ended),
        // returns from its program at 10 and the process ends.
        Kernel k = fcfs(new KernelConfig(), set("main", List.of(thread("w"), thread("w"), join(0), join(1)), "w", List.of(compute(5))));
        Task main = k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        Map<Integer, TaskRecord> r = byPid(k);
        assertThat(r.get(3).tgid()).isEqualTo(2);
        assertThat(r.get(4).tgid()).isEqualTo(2);
        assertThat(r.get(2).tgid()).isEqualTo(2);
        assertThat(r.get(3).ppid()).as("a thread reports its process's parent").isEqualTo(1);
        assertThat(r.get(3).finish()).isEqualTo(5 * MS);
        assertThat(r.get(4).finish()).isEqualTo(10 * MS);
        assertThat(r.get(2).finish()).isEqualTo(10 * MS);
        assertThat(main.lastResult()).as("join returns the TID joined").isEqualTo(4);
        assertThat(k.metrics().threads()).isEqualTo(2);
        assertThat(k.metrics().forks()).isZero();
        assertThat(k.metrics().reaps()).as("threads are not reaped by wait; only the process is").isEqualTo(1);
        assertThat(k.taskCount()).as("init alone is left").isEqualTo(1);
        assertThat(k.metrics().zombies().peak()).as("threads never become zombies").isEqualTo(1);
    }

    @Test
    void aLeaderThatExitsStaysAnUnreportedZombieUntilItsLastThreadEnds() {
        // P (2) forks proc (3) and waits. proc creates thread 4 and exits with 7 at 0 (exit ends
        // the calling thread only). Thread 4 computes 0-10 and reaches the end of its program,
        // exit(0); only then is proc reported, and P's wait returns at 10 with the status of the
        // last thread to exit, 0 (Linux 6.x synchronize_group_exit; the leader's 7 before 6.0).
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(fork("proc"), waitAny()),
                "proc", List.of(thread("w"), exit(7)),
                "w", List.of(compute(10))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        Map<Integer, TaskRecord> r = byPid(k);
        assertThat(r.get(3).finish()).as("the leader's own exit").isEqualTo(0);
        assertThat(r.get(4).finish()).isEqualTo(10 * MS);
        assertThat(p.lastResult()).isEqualTo(3);
        assertThat(p.lastWaitStatus()).as("the last thread's status, not the leader's").isZero();
        assertThat(r.get(2).finish()).as("P's wait returned when the thread ended").isEqualTo(10 * MS);
    }

    /** P (2) forks proc (3) and waits for it; the status P's wait returns. */
    private static int statusOfProc(List<Action> proc, Object... threads) {
        Object[] pairs = new Object[4 + threads.length];
        pairs[0] = "P";
        pairs[1] = List.of(fork("proc"), waitAny());
        pairs[2] = "proc";
        pairs[3] = proc;
        System.arraycopy(threads, 0, pairs, 4, threads.length);
        Kernel k = fcfs(new KernelConfig(), set(pairs));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(p.lastResult()).as("P reaped proc").isEqualTo(3);
        assertThat(k.taskCount()).isEqualTo(1);
        return p.lastWaitStatus();
    }

    @Test
    void theLastThreadToExitGivesTheProcessItsStatus() {
        // Linux 6.x (kernel/exit.c synchronize_group_exit, wait_task_zombie): when the last thread
        // of a process starts exiting and no exit_group came first, its code becomes the group's
        // exit status, which wait reports. Checked on 6.18 by tools/linux-checks/thread_exit_status.c.
        // proc (3) creates w (4) and exits with 3 at 0; w computes 0-10 and exits with 7: 7.
        assertThat(statusOfProc(List.of(thread("w"), exit(3)), "w", List.of(compute(10), exit(7)))).isEqualTo(7);
        // two threads: w5 (4) exits with 5 at 5, w7 (5) with 7 at 10, after the leader's 3 at 0: 7.
        assertThat(statusOfProc(List.of(thread("w5"), thread("w7"), exit(3)),
                "w5", List.of(compute(5), exit(5)), "w7", List.of(compute(5), exit(7)))).isEqualTo(7);
    }

    @Test
    void anExitGroupOrALastExitingLeaderStillDecides() {
        // The last thread calls exit_group(9) after the leader's exit(3) at 0: 9.
        assertThat(statusOfProc(List.of(thread("w"), exit(3)), "w", List.of(compute(10), exitGroup(9)))).isEqualTo(9);
        // The thread exits with 7 at 0 while proc sleeps; proc, the last, exits with 3 at 10: 3.
        assertThat(statusOfProc(List.of(thread("w"), sleep(10), exit(3)), "w", List.of(exit(7)))).isEqualTo(3);
    }

    @Test
    void exitGroupFromAThreadEndsEveryThreadAndGivesTheProcessItsStatus() {
        // proc (3) creates killer (4) and spin (5), blocks joining spin. killer computes 0-2 and
        // calls exit_group(3): spin (never run) and proc end at 2; P's wait returns status 3.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(fork("proc"), waitAny()),
                "proc", List.of(thread("killer"), thread("spin"), join(1)),
                "killer", List.of(compute(2), exitGroup(3)),
                "spin", List.of(compute(100))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        Map<Integer, TaskRecord> r = byPid(k);
        assertThat(p.lastWaitStatus()).isEqualTo(3);
        assertThat(r.get(5).finish()).isEqualTo(2 * MS);
        assertThat(r.get(5).cpuTime()).isZero();
        assertThat(r.get(3).finish()).isEqualTo(2 * MS);
        assertThat(r.get(2).finish()).isEqualTo(2 * MS);
        assertThat(k.taskCount()).isEqualTo(1);
    }

    @Test
    void aSignalToAThreadEndsTheWholeProcess() {
        // proc (3) creates thread 4 (sleeps for ever) and sleeps 50 ms; P kills TID 4 at 1 ms:
        // the whole process ends, status 128 + 9.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(fork("proc"), sleep(1), kill(4, Signals.SIGKILL), waitAny()),
                "proc", List.of(thread("w"), sleep(50)),
                "w", List.of(new Action.Sleep(Dur.FOREVER))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(p.lastResult()).isEqualTo(3);
        assertThat(p.lastWaitStatus()).isEqualTo(128 + 9);
        assertThat(byPid(k).get(3).finish()).isEqualTo(MS);
        assertThat(k.taskCount()).isEqualTo(1);
    }

    @Test
    void threadsCountAgainstRlimitNproc() {
        // RLIMIT_NPROC 3 for the user: main is 1, threads 1 and 2 make 3, threads 3 and 4 are refused.
        KernelConfig cfg = new KernelConfig();
        cfg.rlimitNproc = 3;
        Kernel k = fcfs(cfg, set("main", List.of(repeat(4, thread("w")), sleep(1)), "w", List.of(sleep(1))));
        Task main = k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().threads()).isEqualTo(2);
        assertThat(k.metrics().forkFailures(ForkFailure.NPROC)).isEqualTo(2);
        assertThat(main.lastResult()).isEqualTo(-Signals.EAGAIN);
    }

    @Test
    void aForkFromAThreadMakesAChildOfTheProcessThatAnyThreadMayWaitFor() {
        // thread w (3) forks c (4), which exits with 5; main (2) joins w, then waits: c's parent
        // is the process (ppid 2) and main reaps it with status 5.
        Kernel k = fcfs(new KernelConfig(), set(
                "main", List.of(thread("w"), join(0), waitAny()),
                "w", List.of(fork("c")),
                "c", List.of(exit(5))));
        Task main = k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        Map<Integer, TaskRecord> r = byPid(k);
        assertThat(r.get(4).ppid()).isEqualTo(2);
        assertThat(r.get(4).tgid()).as("the child is a process of its own").isEqualTo(4);
        assertThat(main.lastResult()).isEqualTo(4);
        assertThat(main.lastWaitStatus()).isEqualTo(5);
    }

    @Test
    void execFromAThreadEndsTheOthersAndTheCallerTakesTheProcessPid() {
        // main (2) creates w (3) and sleeps; w computes 0-1 and execs img: main is ended, w takes
        // PID 2 (the old leader goes with TID 3), img computes 1-2 and the process exits at 2.
        Kernel k = fcfs(new KernelConfig(), set(
                "main", List.of(thread("w"), sleep(100)),
                "w", List.of(compute(1), exec("img")),
                "img", List.of(compute(1))));
        k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        List<TaskRecord> r = k.metrics().tasks();
        TaskRecord oldLeader = r.stream().filter(t -> t.program().equals("main")).findFirst().orElseThrow();
        TaskRecord img = r.stream().filter(t -> t.program().equals("img")).findFirst().orElseThrow();
        assertThat(oldLeader.pid()).isEqualTo(3);
        assertThat(oldLeader.finish()).isEqualTo(MS);
        assertThat(img.pid()).isEqualTo(2);
        assertThat(img.tgid()).isEqualTo(2);
        assertThat(img.ppid()).isEqualTo(1);
        assertThat(img.finish()).isEqualTo(2 * MS);
        assertThat(k.taskCount()).isEqualTo(1);
        assertThat(k.zombieCount()).isZero();
    }

    @Test
    void afterAThreadExecsEveryRowOfTheProcessShowsItsTgid() {
        // main (2) creates w (3) and y (4) and sleeps; w computes 0-2 and execs img: y (never run)
        // and main end at 2, w takes PID 2 and the old leader is released with w's former TID 3
        // (de_thread: exchange_tids; tgid never changes, the old leader's group_leader becomes w).
        // img computes 2-3. Every row of the process has tgid 2, the PID it kept.
        Kernel k = fcfs(new KernelConfig(), set(
                "main", List.of(thread("w"), thread("y"), sleep(100)),
                "w", List.of(compute(2), exec("img")),
                "y", List.of(compute(5)),
                "img", List.of(compute(1))));
        k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        Map<String, TaskRecord> r = k.metrics().tasks().stream().collect(Collectors.toMap(TaskRecord::program, Function.identity()));
        assertThat(r.get("main").pid()).as("the old leader goes with the former TID").isEqualTo(3);
        assertThat(r.get("main").tgid()).as("the old leader's tgid is the process's").isEqualTo(2);
        assertThat(r.get("main").ppid()).isEqualTo(1);
        assertThat(r.get("main").finish()).isEqualTo(2 * MS);
        assertThat(r.get("y").pid()).isEqualTo(4);
        assertThat(r.get("y").tgid()).isEqualTo(2);
        assertThat(r.get("y").finish()).isEqualTo(2 * MS);
        assertThat(r.get("img").pid()).isEqualTo(2);
        assertThat(r.get("img").tgid()).isEqualTo(2);
        assertThat(r.get("img").finish()).isEqualTo(3 * MS);
    }

    @Test
    void aThreadThatExecsTakesOverTheProcessGroupToo() {
        // P (2) forks proc (3), which inherits process group 2, creates w (4), then moves to a
        // group of its own (setpgid(0, 0): pgid 3) and sleeps; w computes 0-1 and execs img,
        // which sleeps 10. de_thread transfers the PGID with the PID: the process is pid 3, pgid 3.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(fork("proc"), waitAny()),
                "proc", List.of(thread("w"), new Action.SetPgid(Action.SetPgid.SELF, false), sleep(100)),
                "w", List.of(compute(1), exec("img")),
                "img", List.of(sleep(10))));
        k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(5 * MS);
        Task img = k.tasks().stream().filter(t -> t.programName().equals("img")).findFirst().orElseThrow();
        assertThat(img.pid()).isEqualTo(3);
        assertThat(img.pgid()).isEqualTo(3);
    }

    @Test
    void joinOfNoSuchThreadFailsWithEsrch() {
        Kernel k = fcfs(new KernelConfig(), set("main", List.of(thread("w"), join(0), join(0)), "w", List.of(compute(1))));
        Task main = k.addProcess(ProcessSpec.of("main", 0, "main"));
        k.run(SimTime.NEVER);
        assertThat(main.lastResult()).as("thread 0 was already joined").isEqualTo(-Signals.ESRCH);
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pipes, each case worked out by hand from Linux's rules (capacity in page buffers, PIPE_BUF
 * atomicity, end of file, SIGPIPE): FCFS on one CPU, no costs, PIDs from 2 in order of creation.
 * Buffers and wake-ups in detail: {@link PipeBuffersAndWakeupsTest}.
 */
class PipesTest {
    static final long MS = SimTime.MS, KIB = 1024;
    static final int R = Action.PipeClose.READ, W = Action.PipeClose.WRITE;

    static KernelMetrics.PipeStats stats(Kernel k, String name) {
        return k.metrics().pipes().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aMebibyteWriterAgainstA4KibPerMillisecondReaderBlocksFrom0To239Ms() {
        // W fills the 64 KiB pipe (16 page buffers) at 0 and blocks. R reads 4 KiB at 0, 1, 2, ...
        // ms; each read frees a buffer and wakes W, which puts 4 KiB in and blocks again. W has put in 64 KiB + 4 KiB x k after
        // R's k-th read (at k - 1 ms): the last of its 1 MiB goes in after read 240, at 239 ms.
        // W was blocked on a full pipe 239 ms in all; R's 256th read, at 255 ms, empties the pipe.
        Kernel k = fcfs(new KernelConfig(), set(
                "W", List.of(pipe("p"), fork("R"), pclose("p", R), pwrite("p", 1024 * KIB), pclose("p", W), waitAny()),
                "R", List.of(pclose("p", W), repeat(256, pread("p", 4 * KIB), sleep(1)), preadOrExit("p", 4 * KIB))));
        Task w = k.addProcess(ProcessSpec.of("W", 0, "W"));
        k.run(SimTime.NEVER);
        KernelMetrics.PipeStats s = stats(k, "p");
        assertThat(s.bytes()).isEqualTo(1024 * KIB);
        assertThat(s.blockedFullNanos()).isEqualTo(239 * MS);
        // the bytes-over-time series: 64 KiB at 0, then 4 KiB more at each read up to 239 ms
        assertThat(s.bytesSeries().peak()).isEqualTo(1024 * KIB);
        TaskRecord r = k.metrics().tasks().stream().filter(t -> t.program().equals("R")).findFirst().orElseThrow();
        // R: 256 reads and sleeps end at 256 ms; the next read finds no writer left: end of file, exit
        assertThat(r.finish()).isEqualTo(256 * MS);
        assertThat(w.lastWaitStatus()).isZero();
        assertThat(s.blockedEmptyNanos()).as("R never waited for data: 64 KiB were always ahead").isZero();
    }

    @Test
    void writesUpToPipeBufAreAtomicLargerOnesGoInPiecesThatFit() {
        // A 4 KiB pipe: one page buffer. A (3) writes 3 KiB at 0; B (4) wants 3 KiB: 3 + 3 KiB do
        // not fit in the buffer's page and there is no free buffer, and a write of at most PIPE_BUF
        // goes in whole or waits, so B blocks. C (5) writes 8 KiB: no buffer is free, it blocks.
        // D (6) reads 4 KiB at 0: A's 3 KiB; the freed buffer wakes B only (it blocked first),
        // which puts its 3 KiB in a new buffer and exits.
        KernelConfig cfg = new KernelConfig();
        cfg.pipeCapacity = 4096;
        Kernel k = fcfs(cfg, set(
                "P", List.of(pipe("p"), fork("A"), fork("B"), fork("C"), fork("D"), pclose("p", R | W), waitAny(), waitAny(),
                        waitAny(), waitAny()),
                "A", List.of(pwrite("p", 3 * KIB)),
                "B", List.of(pwrite("p", 3 * KIB)),
                "C", List.of(pwrite("p", 8 * KIB)),
                "D", List.of(pread("p", 4 * KIB), sleep(10), pread("p", 4 * KIB), sleep(10), pread("p", 4 * KIB), sleep(10),
                        pread("p", 4 * KIB))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        KernelMetrics.PipeStats s = stats(k, "p");
        assertThat(s.bytes()).isEqualTo(14 * KIB);
        // D's reads: 3 KiB at 0 (A), 3 KiB at 10 (B), then C's 8 KiB: 4 at 20, 4 at 30
        List<TaskRecord> recs = k.metrics().tasks();
        TaskRecord b = recs.stream().filter(t -> t.program().equals("B")).findFirst().orElseThrow();
        TaskRecord c = recs.stream().filter(t -> t.program().equals("C")).findFirst().orElseThrow();
        TaskRecord d = recs.stream().filter(t -> t.program().equals("D")).findFirst().orElseThrow();
        assertThat(b.finish()).as("B's 3 KiB went in whole at 0, after D's first read").isEqualTo(0);
        // C: woken by D's read at 10, puts in a page (4 KiB) and blocks; woken at 20, puts in the last 4 KiB: done at 20
        assertThat(c.finish()).isEqualTo(20 * MS);
        assertThat(d.finish()).isEqualTo(30 * MS);
        assertThat(p.lastResult()).as("the last child reaped: D (6), done at 30 ms").isEqualTo(6);
    }

    @Test
    void aReaderGetsEndOfFileOnceEveryWriteEndIsClosedAndAWriterWithoutReadersDiesOfSigpipe() {
        // P (2) makes the pipe, forks R (3, reads: blocks on the empty pipe), closes its read end,
        // sleeps 5 ms and closes its write end: R's read returns 0 at 5 ms and R exits (on EOF).
        // Then P makes pipe q, forks Q (4), which closes q's read end... and P closes its own:
        // P's write to q at 6 ms finds no reader: SIGPIPE, status 141.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pipe("p"), fork("R"), pclose("p", R), sleep(5), pclose("p", W), waitAny(),
                        pipe("q"), pclose("q", R), sleep(1), pwrite("q", 10)),
                "R", List.of(pclose("p", W), preadOrExit("p", 100), exit(3))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        TaskRecord r = k.metrics().tasks().stream().filter(t -> t.program().equals("R")).findFirst().orElseThrow();
        assertThat(r.finish()).isEqualTo(5 * MS);
        assertThat(r.exitStatus()).as("exited at end of file, not by its exit 3").isZero();
        assertThat(stats(k, "p").blockedEmptyNanos()).isEqualTo(5 * MS);
        assertThat(p.exitStatus()).isEqualTo(128 + Signals.SIGPIPE);
        assertThat(p.finish()).isEqualTo(6 * MS);
        assertThat(k.metrics().sigpipes()).isEqualTo(1);
    }

    @Test
    void unknownOrClosedEndsGiveEbadfAndThreadsShareTheProcessEnds() {
        // T (3) is a thread of P (2): it shares P's table, so P's close of the write end is T's too.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pread("nope", 1), pipe("p"), thread("T"), join(0)),
                "T", List.of(pclose("p", W), pwrite("p", 1))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        TaskRecord t = k.metrics().tasks().stream().filter(x -> x.program().equals("T")).findFirst().orElseThrow();
        assertThat(t.exitStatus()).isZero();
        assertThat(stats(k, "p").bytes()).as("T's write end was closed: EBADF, nothing written").isZero();
        assertThat(p.lastResult()).isEqualTo(3); // join
    }
}

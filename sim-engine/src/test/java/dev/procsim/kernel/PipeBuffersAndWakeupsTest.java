package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Linux's pipe buffers and wake-ups ({@code fs/pipe.c}, {@code anon_pipe_write} and
 * {@code anon_pipe_read}; {@code pipe_write} and {@code pipe_read} in older kernels), each case worked
 * out by hand from the rules and, where a number is given, measured on Linux 6.18 by
 * {@code tools/linux-checks/pipe_buffers.c} and {@code pipe_wakeups.c}. FCFS on one CPU, no costs.
 *
 * <p>Buffers: a pipe has capacity / 4 KiB page buffers (16 by default). A write first merges
 * its last (size mod 4,096) bytes into the last buffer if the pipe is not empty and they fit in
 * that buffer's page after its offset + length; everything else goes into new buffers of up to
 * 4,096 bytes, one per free slot. A read takes from the front buffer(s); a buffer it empties is
 * freed, a partly read one keeps its offset.
 *
 * <p>Wake-ups: a blocked writer or reader waits in a FIFO queue; a read that frees a buffer of a
 * full pipe wakes the first writer only, a write into an empty pipe the first reader only; a
 * woken task that blocks again goes to the back; a call that has slept wakes the next waiter when
 * it ends with room (a writer) or data (a reader) left.
 */
class PipeBuffersAndWakeupsTest {
    static final long MS = SimTime.MS;
    static final int R = Action.PipeClose.READ, W = Action.PipeClose.WRITE;

    static KernelMetrics.PipeStats stats(Kernel k, String name) {
        return k.metrics().pipes().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static TaskRecord rec(Kernel k, String program) {
        return k.metrics().tasks().stream().filter(t -> t.program().equals(program)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}-byte writes block after {1} bytes")
    @CsvSource({
        // 4,096 one-byte writes fill a page: 16 x 4,096
        "1, 65536",
        // 40 writes of 100 fill a buffer to 4,000; the 41st does not fit (4,100 > 4,096): 16 x 4,000
        "100, 64000",
        // a second 3,000 never fits a page holding 3,000: one write per buffer, 16 x 3,000
        "3000, 48000",
        "4096, 65536",
        // 5,000 = 4,096 + 904. The first write takes two buffers (4,096 and 904); the second merges
        // its 904 into that 904 buffer and takes one more (4,096): 3 buffers per 2 writes. Ten
        // writes (50,000 bytes) hold 15 buffers; the 11th merges nothing (the last buffer is full),
        // puts 4,096 into the 16th and blocks with 904 to go: 54,096
        "5000, 54096",
        "65536, 65536"})
    void aBlockedWriterHasPutInWhatTheSixteenPageBuffersHold(long chunk, long expected) {
        // W makes the pipe (it keeps both ends, so nobody reads) and writes chunks until it blocks.
        Kernel k = fcfs(new KernelConfig(), set("W", List.of(pipe("p"), repeat(Action.Repeat.FOREVER, pwrite("p", chunk)))));
        k.addProcess(ProcessSpec.of("W", 0, "W"));
        k.run(SimTime.NEVER);
        assertThat(stats(k, "p").bytes()).isEqualTo(expected);
        TaskRecord w = rec(k, "W");
        assertThat(w.state()).isEqualTo(TaskState.BLOCKED);
        assertThat(w.blockReason()).isEqualTo(BlockReason.PIPE_FULL);
    }

    @Test
    void aReadFreesOnlyTheBuffersItEmpties() {
        // W (2) fills the pipe with 100-byte writes at 0: 16 buffers of 4,000 (64,000 bytes); its
        // 641st write blocks. R (3) reads 100 at 1 ms: the front buffer keeps 3,900, no buffer is
        // freed, W stays blocked. R reads 3,900 at 2 ms: the front buffer is emptied and freed, the
        // pipe is no longer full: W is woken, puts its 100 into a new buffer, and 39 more writes
        // merge into it (4,000); the next does not fit and blocks (68,000 bytes in all). R exits at
        // 102 ms: its read end was the last, so W is woken and dies of SIGPIPE at 102 ms.
        Kernel k = fcfs(new KernelConfig(), set(
                "W", List.of(pipe("p"), fork("R"), pclose("p", R), repeat(Action.Repeat.FOREVER, pwrite("p", 100))),
                "R", List.of(pclose("p", W), sleep(1), pread("p", 100), sleep(1), pread("p", 3900), sleep(100))));
        k.addProcess(ProcessSpec.of("W", 0, "W"));
        k.run(SimTime.NEVER);
        KernelMetrics.PipeStats s = stats(k, "p");
        assertThat(s.bytes()).isEqualTo(68_000);
        assertThat(s.blockedFullNanos()).as("W waited 0-2 ms and 2-102 ms").isEqualTo(102 * MS);
        TaskRecord w = rec(k, "W");
        assertThat(w.exitStatus()).isEqualTo(128 + Signals.SIGPIPE);
        assertThat(w.finish()).isEqualTo(102 * MS);
    }

    @Test
    void aPartlyReadBufferKeepsItsOffsetSoAWriteMergesOnlyUpToTheEndOfItsPage() {
        // A one-buffer pipe (4 KiB). W (2) writes 3,000 at 0 (offset 0, length 3,000). R (3) reads
        // 2,000 at 1 ms (offset 2,000, length 1,000: the data ends at 3,000). W writes 1,000 at
        // 2 ms: 3,000 + 1,000 <= 4,096, it merges. W's next 1,000 does not fit after 4,000 and
        // there is no free buffer, though only 2,000 bytes are in the pipe: W blocks at 2 ms. R's
        // read at 12 ms takes the 2,000 and frees the buffer: W puts its 1,000 in a new buffer, which
        // R reads; then W closes its end and R reads end of file: both are done at 12 ms.
        KernelConfig cfg = new KernelConfig();
        cfg.pipeCapacity = 4096;
        Kernel k = fcfs(cfg, set(
                "W", List.of(pipe("p"), fork("R"), pclose("p", R), pwrite("p", 3000), sleep(2), pwrite("p", 1000),
                        pwrite("p", 1000), pclose("p", W), waitAny()),
                "R", List.of(pclose("p", W), sleep(1), pread("p", 2000), sleep(11), pread("p", 4096),
                        repeat(Action.Repeat.FOREVER, preadOrExit("p", 4096)))));
        Task w = k.addProcess(ProcessSpec.of("W", 0, "W"));
        k.run(SimTime.NEVER);
        KernelMetrics.PipeStats s = stats(k, "p");
        assertThat(s.bytes()).isEqualTo(5000);
        assertThat(s.blockedFullNanos()).as("W's second 1,000 waited from 2 to 12 ms").isEqualTo(10 * MS);
        assertThat(rec(k, "R").finish()).isEqualTo(12 * MS);
        assertThat(w.lastResult()).as("R reaped").isEqualTo(3);
        assertThat(w.finish()).isEqualTo(12 * MS);
    }

    @Test
    void writersBlockedOnAFullPipeAreWokenOneAtATimeInTheOrderTheyBlocked() {
        // P (2) fills the pipe with 16 pages at 0 and forks A (3), B (4), C (5), each writing 3
        // pages, one 4 KiB write each: they block on the full pipe in that order. P reads a page
        // every 1 ms: each read frees a buffer of a full pipe and wakes the writer that has waited
        // longest, which puts in its page (full again) and blocks anew at the back of the queue.
        // Reads 1..9 go to A, B, C, A, B, C, A, B, C: A's last page goes in at 7 ms, B's at 8, C's
        // at 9. (Waking all of them would let A, first in the run queue each time, take reads 1-3,
        // B 4-6 and C 7-9.) pipe_wakeups.c on Linux 6.18: the pages arrive A B C A B C ...
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pipe("p"), repeat(16, pwrite("p", 4096)), fork("A"), fork("B"), fork("C"), pclose("p", W),
                        repeat(9, sleep(1), pread("p", 4096)), repeat(16, pread("p", 4096)), waitAny(), waitAny(), waitAny()),
                "A", List.of(pclose("p", R), repeat(3, pwrite("p", 4096))),
                "B", List.of(pclose("p", R), repeat(3, pwrite("p", 4096))),
                "C", List.of(pclose("p", R), repeat(3, pwrite("p", 4096)))));
        k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(rec(k, "A").finish()).isEqualTo(7 * MS);
        assertThat(rec(k, "B").finish()).isEqualTo(8 * MS);
        assertThat(rec(k, "C").finish()).isEqualTo(9 * MS);
        // A waited 0-1, 1-4, 4-7 ms; B 0-2, 2-5, 5-8; C 0-3, 3-6, 6-9: 7 + 8 + 9 ms
        assertThat(stats(k, "p").blockedFullNanos()).isEqualTo(24 * MS);
    }

    @Test
    void readersBlockedOnAnEmptyPipeAreWokenOneAtATimeInTheOrderTheyBlocked() {
        // P (2) forks R1, R2, R3, each reading 3 pages, one 4 KiB read each: they block on the
        // empty pipe in that order. P writes a page every 1 ms: each write into the empty pipe
        // wakes the reader that has waited longest, which takes the page and blocks anew at the
        // back. Writes 1..9 go to R1, R2, R3, R1, ...: R1 is done at 7 ms, R2 at 8, R3 at 9.
        // (Waking all would give R1 writes 1-3, R2 4-6, R3 7-9.) pipe_wakeups.c on Linux 6.18:
        // pages 0..11 went to readers 1 2 3 1 2 3 ...
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pipe("p"), fork("R1"), fork("R2"), fork("R3"), pclose("p", R),
                        repeat(9, sleep(1), pwrite("p", 4096)), pclose("p", W), waitAny(), waitAny(), waitAny()),
                "R1", List.of(pclose("p", W), repeat(3, pread("p", 4096))),
                "R2", List.of(pclose("p", W), repeat(3, pread("p", 4096))),
                "R3", List.of(pclose("p", W), repeat(3, pread("p", 4096)))));
        k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(rec(k, "R1").finish()).isEqualTo(7 * MS);
        assertThat(rec(k, "R2").finish()).isEqualTo(8 * MS);
        assertThat(rec(k, "R3").finish()).isEqualTo(9 * MS);
        assertThat(stats(k, "p").blockedEmptyNanos()).isEqualTo(24 * MS);
    }

    @Test
    void aWokenCallThatLeavesRoomOrDataWakesTheNextWaiter() {
        // Writers: P fills the pipe at 0; A (3) and B (4) each write one page and block, in that
        // order. P reads 8 KiB at 1 ms: two buffers freed, but one wake-up: A. A puts its page in
        // (15 of 16 buffers); its call slept and leaves room, so it wakes B, which puts its page
        // in: both are done at 1 ms.
        // Readers: Q (5) and S (6) each read one page and block, in that order. P writes 8 KiB
        // into the empty pipe q at 2 ms: one wake-up, Q; Q takes one page, its call slept and
        // leaves data, so it wakes S, which takes the other: both are done at 2 ms.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pipe("p"), repeat(16, pwrite("p", 4096)), fork("A"), fork("B"), pclose("p", W), pipe("q"),
                        fork("Q"), fork("S"), pclose("q", R), sleep(1), pread("p", 8192), sleep(1), pwrite("q", 8192),
                        waitAny(), waitAny(), waitAny(), waitAny()),
                "A", List.of(pclose("p", R), pclose("q", R | W), pwrite("p", 4096)),
                "B", List.of(pclose("p", R), pclose("q", R | W), pwrite("p", 4096)),
                "Q", List.of(pclose("p", R | W), pclose("q", W), pread("q", 4096)),
                "S", List.of(pclose("p", R | W), pclose("q", W), pread("q", 4096))));
        k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(rec(k, "A").finish()).isEqualTo(1 * MS);
        assertThat(rec(k, "B").finish()).isEqualTo(1 * MS);
        assertThat(rec(k, "Q").finish()).isEqualTo(2 * MS);
        assertThat(rec(k, "S").finish()).isEqualTo(2 * MS);
    }

    @Test
    void aWokenWriterKilledBeforeItRunsPassesItsWakeUpOn() {
        // P fills the pipe; A (3) and B (4) block on it in that order, each writing one page. At
        // 1 ms P reads a page (waking A only) and at once kills A, which has not run yet: A's
        // wake-up goes to B, which puts its page in at 1 ms.
        Kernel k = fcfs(new KernelConfig(), set(
                "P", List.of(pipe("p"), repeat(16, pwrite("p", 4096)), fork("A"), fork("B"), pclose("p", W), sleep(1),
                        pread("p", 4096), killChild(0, Signals.SIGKILL), waitAny(), waitAny()),
                "A", List.of(pclose("p", R), pwrite("p", 4096)),
                "B", List.of(pclose("p", R), pwrite("p", 4096))));
        k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(rec(k, "A").exitStatus()).isEqualTo(128 + Signals.SIGKILL);
        assertThat(rec(k, "B").finish()).isEqualTo(1 * MS);
        assertThat(rec(k, "B").exitStatus()).isZero();
    }
}

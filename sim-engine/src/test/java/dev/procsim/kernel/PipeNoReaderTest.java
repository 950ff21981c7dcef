package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.sched.FcfsScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A write meets "no reader" only with bytes left to put in (Linux's anon_pipe_write, confirmed on
 * 6.18 with tools/linux-checks/pipe_no_reader.c: a blocked 8,192-byte write whose reader goes
 * returns 4,096; a 0-byte write with no reader returns 0; a 10-byte one fails with EPIPE).
 */
class PipeNoReaderTest {
    static final long MS = SimTime.MS;
    static final int R = Action.PipeClose.READ, W = Action.PipeClose.WRITE;

    /** Costs of FixedCostMemory, but 1 ms to copy any pipe write or read. */
    static MemoryModel slowCopy() {
        FixedCostMemory base = new FixedCostMemory();
        return (MemoryModel) java.lang.reflect.Proxy.newProxyInstance(MemoryModel.class.getClassLoader(), new Class<?>[] {MemoryModel.class},
                (proxy, m, args) -> m.getName().equals("pipeCopy") ? (Object) MS : m.invoke(base, args));
    }

    @Test
    void aWriteWhoseBytesAreAllInIsDoneEvenIfTheLastReaderGoesDuringItsCopy() {
        // Two CPUs. P writes 4 KiB at 0 (it fits) and copies it until 1 ms; R closes the only read end at 0.5 ms.
        // Every byte was in before the reader went: no SIGPIPE, P goes on to exit 5.
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = 2;
        Kernel k = new Kernel(cfg, new FcfsScheduler(), slowCopy(), set(
                "P", List.of(pipe("p"), fork("R"), pclose("p", R), pwrite("p", 4096), exit(5)),
                "R", List.of(pclose("p", W), sleepNs(MS / 2), pclose("p", R), exit(0))), new RandomStreams(1));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(SimTime.NEVER);
        assertThat(k.metrics().sigpipes()).isZero();
        assertThat(p.exitStatus()).isEqualTo(5);
    }

    @Test
    void aBlockedWriteWhoseReaderGoesReturnsTheBytesItPutInAndANullWriteSucceeds() {
        // One CPU, a 4 KiB pipe, SIGPIPE ignored. P writes 8 KiB: 4 KiB go in, it blocks; R closes the
        // read end at 5 ms: P's write ends with the 4,096 bytes it put in (SIGPIPE sent, ignored).
        KernelConfig cfg = new KernelConfig();
        cfg.pipeCapacity = 4096;
        Kernel k = fcfs(cfg, set(
                "P", List.of(ignore(Signals.SIGPIPE), pipe("p"), fork("R"), pclose("p", R), pwrite("p", 8192), compute(1),
                        pwrite("p", 0), compute(1), pwrite("p", 10), compute(1)),
                "R", List.of(pclose("p", W), sleep(5), pclose("p", R), exit(0))));
        Task p = k.addProcess(ProcessSpec.of("P", 0, "P"));
        k.run(5 * MS + MS / 2);
        assertThat(p.lastResult()).as("the 8 KiB write's result").isEqualTo(4096);
        assertThat(k.metrics().sigpipes()).isEqualTo(1);
        k.run(6 * MS + MS / 2);
        assertThat(p.lastResult()).as("a 0-byte write with no reader").isZero();
        assertThat(k.metrics().sigpipes()).isEqualTo(1);
        k.run(7 * MS + MS / 2);
        assertThat(p.lastResult()).as("a 10-byte write with no reader").isEqualTo(-Signals.EPIPE);
        assertThat(k.metrics().sigpipes()).isEqualTo(2);
    }
}

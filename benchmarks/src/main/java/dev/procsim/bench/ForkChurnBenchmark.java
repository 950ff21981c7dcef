package dev.procsim.bench;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.sched.FcfsScheduler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A million tasks through the whole kernel: a parent forks a child, the child computes 1 us and
 * exits, the parent waits and reaps it, a million times. Every step of the lifecycle runs (PID
 * allocation, scheduler enqueue and pick, dispatch, exit, reap, records), so this measures the
 * kernel's per-task overhead. Score: seconds per million tasks (lower is better).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class ForkChurnBenchmark {
    static final int TASKS = 1_000_000;

    @Benchmark
    public long forkExitReapMillion() {
        ProgramSet programs = ProgramSet.of(Map.of(
                "parent", List.of(new Action.Repeat(TASKS, List.of(new Action.Fork("child"),
                        new Action.Wait(Action.Wait.ANY, false)))),
                "child", List.of(new Action.Compute(Dur.of(SimTime.US)), new Action.Exit(0))));
        KernelConfig cfg = new KernelConfig();
        cfg.maxTaskRecords = 0; // measure the kernel, not the keeping of a million records
        Kernel k = new Kernel(cfg, new FcfsScheduler(), new FixedCostMemory(), programs, new RandomStreams(1));
        k.addProcess(ProcessSpec.of("parent", 0, "parent"));
        k.run(SimTime.NEVER);
        if (k.metrics().forks() != TASKS) throw new IllegalStateException("expected " + TASKS + " forks");
        return k.metrics().reaps();
    }
}

package dev.procsim.bench;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.sched.SchedulerRegistry;
import java.lang.management.ManagementFactory;
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
 * One million live tasks at once, within a 2 GiB heap: 1,000 processes each fork 999 children
 * that sleep for ever (a fork tree that never exits), under time-sharing, pid_max raised to 4M
 * (the default 32,768 would refuse most forks, as Linux would). Score: time to build the tree.
 * The heap per live task, the figure that decides how far a fork bomb or a PID-exhaustion study
 * can go, is printed by this class's main (it needs a quiet heap, which a JMH iteration is not):
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.procsim.bench.ScaleBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class ScaleBenchmark {
    static final int PARENTS = 1000, CHILDREN = 999;

    static Kernel millionLiveTasks() {
        return millionLiveTasks(true);
    }

    static Kernel millionLiveTasks(boolean history) {
        Kernel k = forkTree(List.of(new Action.Sleep(Dur.FOREVER)), history);
        long live = k.taskCount() - 1; // without init
        if (live != (long) PARENTS * (CHILDREN + 1)) throw new IllegalStateException("expected a million live tasks, got " + live);
        return k;
    }

    /**
     * A million zombies: 1,000 processes each fork 999 children that compute a random microsecond
     * (so each has a random stream, as a workload's task does) and exit, and never wait for them.
     */
    static Kernel millionZombies(boolean history) {
        Kernel k = forkTree(List.of(new Action.Compute(Dur.random(Distribution.exponential(1000), "work"))), history);
        if (k.zombieCount() != (long) PARENTS * CHILDREN) throw new IllegalStateException("expected " + PARENTS * CHILDREN + " zombies, got " + k.zombieCount());
        return k;
    }

    /** 1,000 processes that each fork 999 children running {@code child} and then sleep for ever, run to the end; pid_max 4M. */
    private static Kernel forkTree(List<Action> child, boolean history) {
        ProgramSet programs = ProgramSet.of(Map.of(
                "parent", List.of(new Action.Repeat(CHILDREN, List.of(new Action.Fork("child"))), new Action.Sleep(Dur.FOREVER)),
                "child", child));
        KernelConfig cfg = new KernelConfig();
        cfg.pidMax = 4_194_304;
        cfg.maxTaskRecords = 0;
        noHistory(cfg, history);
        Kernel k = new Kernel(cfg, SchedulerRegistry.create("time-sharing"), new FixedCostMemory(), programs, new RandomStreams(1));
        for (int i = 0; i < PARENTS; i++) k.addProcess(ProcessSpec.of("parent-" + i, 0, "parent"));
        k.run(SimTime.NEVER);
        return k;
    }

    /** Without the run's history (time series, schedule segments), the heap left is the tasks' own. */
    private static void noHistory(KernelConfig cfg, boolean history) {
        if (history) return;
        cfg.recordSeries = false;
        cfg.maxScheduleSegments = 0;
    }

    @Benchmark
    public long millionLiveTasksBuild() {
        return millionLiveTasks().taskCount();
    }

    /**
     * Builds the tree of live tasks, then the million zombies, and prints the heap in use per task
     * of each (after a full GC, the kernel still reachable), with and without the run's history
     * (its time series and schedule segments grow with the events, not with the tasks alive). A
     * zombie's figure includes its share of its parent (one in a thousand) and of the kernel's
     * tables.
     */
    public static void main(String[] args) {
        for (boolean history : new boolean[] {true, false}) {
            System.out.println(history ? "With the run's history (time series, schedule segments):" : "The tasks alone (no time series, no schedule segments):");
            perTask("live task", () -> millionLiveTasks(history), k -> k.taskCount() - 1);
            perTask("zombie", () -> millionZombies(history), k -> k.zombieCount());
        }
    }

    private static void perTask(String what, java.util.function.Supplier<Kernel> build, java.util.function.ToLongFunction<Kernel> count) {
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        long t0 = System.nanoTime();
        Kernel k = build.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        long n = count.applyAsLong(k);
        System.out.printf("%,d %ss in %d ms; heap %.1f MiB, %.0f bytes per %s (max heap %d MiB)%n", n, what, ms,
                (after - before) / 1048576.0, (double) (after - before) / n, what, Runtime.getRuntime().maxMemory() >> 20);
        if (k.taskCount() < 0) System.out.println(); // keeps k reachable until after the measurement
    }
}

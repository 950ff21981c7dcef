package dev.procsim.bench;

import dev.procsim.memory.MemoryMetrics;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole process-creation workloads: the {@code snapshot} generator (a parent forks a child that
 * reads every page for 1 s while the parent writes 20,000 random pages a second: Redis's BGSAVE)
 * and the {@code prefork-server} generator (a parent writes its memory and forks 4 workers that
 * each serve 100 requests writing their slice of 10% of the pages), with 1 GiB and 16 GiB
 * parents, under cow and eager, through the whole kernel and memory model with the default
 * linux-6.18-kvm costs. Primary score: runs per second; secondary: simulated page faults
 * ({@code faults}: zero-fill, COW copy and COW reuse faults) and page copies ({@code copies}:
 * at fork under eager, at fault under cow) per second of wall time. Heap per simulated page is
 * printed by this class's main (a quiet heap is needed):
 * {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar dev.procsim.bench.ForkWorkloadBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class ForkWorkloadBenchmark {
    @Param({"snapshot", "prefork-server"})
    public String generator;

    @Param({"1GiB", "16GiB"})
    public String memory;

    @Param({"cow", "eager"})
    public String fork;

    static String experiment(String generator, String memory, String fork, String horizon) {
        return """
                name: fork-workload
                seed: 1
                %s
                compare: {scheduler: [time-sharing], fork: [%s]}
                workload:
                  generate: [{%s: {memory: %s}}]
                """.formatted(horizon == null ? "" : "horizon: " + horizon, fork, generator, memory);
    }

    /** Simulated faults and copies, reported per second beside the runs. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Pages {
        public long faults;
        public long copies;

        @Setup(Level.Iteration)
        public void reset() {
            faults = 0;
            copies = 0;
        }
    }

    Experiment x;

    @Setup
    public void parse() {
        x = ExperimentParser.parse("fork.yaml", experiment(generator, memory, fork, null), Path.of("."));
    }

    static Experiment.Instance run(Experiment x) {
        Experiment.Instance in = EngineEvents.start(x, 0);
        in.run();
        return in;
    }

    static long faults(MemoryMetrics m) {
        return m.zeroFillFaults() + m.cowFaultsCopy() + m.cowFaultsReuse();
    }

    @Benchmark
    public long workload(Pages p) {
        MemoryMetrics m = run(x).memory().metrics();
        p.faults += faults(m);
        p.copies += m.pageCopies();
        return m.framesPeakBytes();
    }

    /**
     * For each configuration: the faults and copies of one run, and the heap in use per page of
     * the parent while parent and children are all alive (the run stopped 300 ms before its end).
     */
    public static void main(String[] args) {
        var mx = ManagementFactory.getMemoryMXBean();
        for (String g : new String[] {"snapshot", "prefork-server"}) {
            for (String size : new String[] {"1GiB", "16GiB"}) {
                for (String f : new String[] {"cow", "eager"}) {
                    Experiment.Instance whole = run(ExperimentParser.parse("f.yaml", experiment(g, size, f, null), Path.of(".")));
                    MemoryMetrics full = whole.memory().metrics();
                    String stopAt = (whole.kernel().now() / 1_000_000 - 300) + "ms";
                    whole = null;
                    System.gc();
                    long before = mx.getHeapMemoryUsage().getUsed();
                    Experiment.Instance half = run(ExperimentParser.parse("f.yaml", experiment(g, size, f, stopAt), Path.of(".")));
                    System.gc();
                    long heap = mx.getHeapMemoryUsage().getUsed() - before;
                    long pages = (size.equals("1GiB") ? 1L << 30 : 16L << 30) / 4096;
                    System.out.printf("%-15s %-6s %-6s faults %,10d copies %,10d  heap at %s %,7.1f MiB = %.1f bytes per parent page, %.1f per frame in use (%,d)%n",
                            g, size, f, faults(full), full.pageCopies(), stopAt, heap / 1048576.0, (double) heap / pages,
                            (double) heap / (half.memory().metrics().framesPeakBytes() / 4096), half.memory().metrics().framesPeakBytes() / 4096);
                    if (half.kernel().taskCount() < 0) System.out.println(); // keeps the run reachable until measured
                }
            }
        }
    }
}

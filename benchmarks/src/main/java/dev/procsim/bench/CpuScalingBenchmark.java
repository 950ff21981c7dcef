package dev.procsim.bench;

import dev.procsim.kernel.RunResult;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Issue 36, item 5: a run's cost per event must not grow with the number of CPUs. The same
 * workload per CPU on 1 to 4,096 CPUs (a flat machine of that many cores): four workers a CPU,
 * each forking a child that computes 20 us and exits, waiting for it, computing 50 us and sleeping
 * 1 ms, for ever, arriving over the first tenth of the horizon, which shrinks as the CPUs grow so
 * that every size fires about 300,000 events. Per-CPU run queues (placement of each fork and wake-up, newidle and periodic
 * balancing) and the one global queue. The figure is the secondary score {@code events}: events
 * per second of wall time. Flat across the sizes means O(1) per event; a fall by the factor the
 * CPUs grow means a scan of every CPU per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class CpuScalingBenchmark {
    @Param({"1", "64", "4096"})
    public int cpus;

    @Param({"per-cpu", "global"})
    public String runQueue;

    /** About 300,000 events: a worker's round (fork, child's run and exit, wait, compute, sleep) is about 8 events and 1.1 ms. */
    static String experiment(int cpus, String runQueue) {
        long horizonUs = 300_000L * 1100 / (8L * 4 * cpus);
        long spacingNs = horizonUs * 1000 / (10L * 4 * cpus); // every worker has arrived by a tenth of the horizon
        return """
                name: cpus-%d-%s
                seed: 1
                horizon: %dus
                costs: none
                cpus: %d
                kernel: {pid_max: 4194304, rlimit_nproc: max, run_queue: %s, topology: {cores_per_llc: %d}}
                compare: {scheduler: [cfs], fork: [cow]}
                workload:
                  programs:
                    worker: [{repeat: {times: forever, do: [{fork: child}, wait, {compute: 50us}, {sleep: 1ms}]}}]
                    child: [{compute: 20us}]
                  processes:
                    - {name: worker, program: worker, count: %d, spacing: %dns}
                """.formatted(cpus, runQueue, horizonUs, cpus, runQueue, cpus, 4 * cpus, spacingNs);
    }

    Experiment x;
    Experiment.Instance ready;

    @Setup
    public void parse() {
        x = ExperimentParser.parse("cpus.yaml", experiment(cpus, runQueue), Path.of("."));
    }

    /** Building the kernel and its workload is not the dispatch loop: done before each timed run. */
    @Setup(Level.Invocation)
    public void build() {
        ready = EngineEvents.start(x, 0);
    }

    @Benchmark
    public long run(EngineEvents e) {
        RunResult r = ready.run();
        e.events += r.events();
        return r.endTime();
    }
}

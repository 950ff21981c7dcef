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
 * One queue for all CPUs against one per CPU (placement, newidle and periodic balancing) on the
 * same machine and workload: 64 CPUs (2 nodes, an LLC each, 16 cores with 2 SMT threads), 96 CPU
 * hogs and 128 tasks that wake every 2 ms for 0.2 ms of work, under EEVDF, for 2 s of simulated
 * time. The two runs fire different numbers of events (per-CPU queues switch less), so the
 * figure to compare is the secondary score {@code events}: events per second of wall time, the
 * cost of an event with its placement and balancing included (the bound: per-CPU at most
 * 1.5 times the global queue's cost per event). Primary score: runs per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class SmpBenchmark {
    @Param({"global", "per-cpu"})
    public String runQueue;

    static String experiment(String runQueue) {
        return """
                name: smp-%s
                seed: 1
                horizon: 2s
                costs: none
                kernel:
                  topology: {nodes: 2, llc_per_node: 1, cores_per_llc: 16, smt: 2}
                  run_queue: %s
                compare: {scheduler: [eevdf], fork: [cow]}
                workload:
                  programs:
                    hog: [{compute: 100s}]
                    waker: [{repeat: {times: forever, do: [{sleep: 2ms}, {compute: 0.2ms}]}}]
                  processes:
                    - {name: hog, program: hog, count: 96}
                    - {name: waker, program: waker, count: 128, spacing: 10us}
                """.formatted(runQueue, runQueue);
    }

    Experiment x;
    Experiment.Instance ready;

    @Setup
    public void parse() {
        x = ExperimentParser.parse("smp.yaml", experiment(runQueue), Path.of("."));
    }

    /** Building the kernel and its workload is not the dispatch loop: done before each timed run. */
    @Setup(Level.Invocation)
    public void build() {
        ready = EngineEvents.start(x, 0);
    }

    @Benchmark
    public long smp2s(EngineEvents e) {
        RunResult r = ready.run();
        e.events += r.events();
        return r.endTime();
    }
}

package dev.procsim.bench;

import dev.procsim.kernel.RunResult;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole time-sharing run: N tasks, half CPU-bound (50 ms bursts for ever) and half I/O-bound
 * (exponential 0.5 ms bursts between exponential 20 ms I/O waits), all present from the start, on
 * 2 CPUs under {@code time-sharing} with the default linux-6.18-kvm costs, for 60 s of simulated
 * time. Every dispatch, quantum expiry, I/O completion and wakeup preemption goes through the
 * scheduler's hooks, so this measures the dispatch loop with a ready queue of about N tasks.
 * Primary score: runs per second (the kernel and workload are built before each run, untimed);
 * secondary {@code events}: engine events per second, and {@code arrivals}: tasks arrived per
 * second. All N tasks arrive at 0, which the kernel handles as one event: so the work of a run is
 * its events plus its N arrivals (each a task created and queued), and (events + arrivals) per
 * second is the figure whose fall from N = 100 to 100,000 is checked against log N.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class TimeSharingBenchmark {
    @Param({"100", "1000", "10000", "100000"})
    public int tasks;

    static String experiment(int tasks) {
        return """
                name: time-sharing-%d
                seed: 1
                horizon: 60s
                cpus: 2
                compare: {scheduler: [time-sharing], fork: [cow]}
                workload:
                  programs:
                    cpu: [{repeat: {times: forever, do: [{compute: 50ms}]}}]
                    io: [{repeat: {times: forever, do: [{compute: {exp: 500us}}, {io: {exp: 20ms}}]}}]
                  processes:
                    - {name: hog, program: cpu, count: %d}
                    - {name: io, program: io, count: %d}
                """.formatted(tasks, tasks / 2, tasks - tasks / 2);
    }

    Experiment x;
    Experiment.Instance ready;

    @Setup
    public void parse() {
        x = ExperimentParser.parse("time-sharing.yaml", experiment(tasks), Path.of("."));
    }

    /** Building the kernel and its workload is not the dispatch loop: done before each timed run. */
    @Setup(Level.Invocation)
    public void build() {
        ready = EngineEvents.start(x, 0);
    }

    static RunResult run(Experiment x) {
        return EngineEvents.start(x, 0).run();
    }

    @Benchmark
    public long timeSharing60s(EngineEvents e) {
        RunResult r = ready.run();
        e.events += r.events();
        e.arrivals += tasks;
        return r.endTime();
    }

    /** Prints the events of each size (events per run, to relate the two scores). */
    public static void main(String[] args) {
        for (int n : new int[] {100, 1000, 10000, 100000}) {
            long t0 = System.nanoTime();
            RunResult r = run(ExperimentParser.parse("ts.yaml", experiment(n), Path.of(".")));
            System.out.printf("N=%d: %d events, %.0f ms%n", n, r.events(), (System.nanoTime() - t0) / 1e6);
        }
    }
}

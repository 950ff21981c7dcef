package dev.procsim.bench;

import dev.procsim.report.run.TextbookRun;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.TaskListCsv;
import dev.procsim.workload.Workload;
import java.util.Map;
import java.util.SplittableRandom;
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
 * {@code procsim schedule} at scale: n tasks arriving 0-3 ms apart with bursts of 1-5 ms (seed 1),
 * round robin (quantum 1 ms) on one CPU, from the parsed task list to the task records in file
 * order, the textbook mode's whole work but printing. It was quadratic (a linear search inside the
 * sort comparator: 100,000 tasks took 54-227 s, a million never finished) and must stay n log n:
 * the time per task should be about the same at every size.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class ScheduleBenchmark {
    @Param({"10000", "100000", "1000000"})
    public int tasks;

    Workload workload;

    @Setup(Level.Trial)
    public void makeTasks() {
        workload = TaskListCsv.parse("bench.csv", csv(tasks));
    }

    static String csv(int n) {
        SplittableRandom r = new SplittableRandom(1);
        StringBuilder b = new StringBuilder(n * 18).append("name,arrival,burst\n");
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4);
            b.append('P').append(i).append(',').append(t).append(',').append(1 + r.nextInt(5)).append('\n');
        }
        return b.toString();
    }

    @Benchmark
    public int roundRobin() {
        TextbookRun run = new TextbookRun(workload, SchedulerRegistry.create("rr", Map.of("quantum", "1ms")), 1, 0, Long.MAX_VALUE, true);
        return run.tasks.size();
    }
}

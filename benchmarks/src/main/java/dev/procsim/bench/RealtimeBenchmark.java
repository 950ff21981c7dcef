package dev.procsim.bench;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.sched.UUniFast;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole real-time run: EDF on a 20-task UUniFast set at U = 0.9 (periods log-uniform in
 * [10 ms, 1 s], whole milliseconds, seed 1) for 1000 s of simulated time, through the kernel.
 * The set releases 509,355 jobs (run the class's main to print it); jobs per second = that / score. Target: at least one
 * million jobs per second (SimSo, a Python tool, does about four thousand).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class RealtimeBenchmark {
    static Kernel edfRun() {
        SplittableRandom r = new SplittableRandom(1);
        double[] us = UUniFast.utilisations(20, 0.9, r::nextDouble);
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            long period = Math.round(Math.exp(Math.log(10) + r.nextDouble() * (Math.log(1000) - Math.log(10)))) * SimTime.MS;
            long wcet = Math.max(1, (long) (us[i] * period));
            programs.put("rt" + i, List.of(new Action.Periodic(period, wcet, period, 0, -1)));
        }
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create("edf"), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        for (int i = 0; i < 20; i++) k.addProcess(ProcessSpec.of("rt" + i, 0, "rt" + i));
        k.run(1000 * SimTime.S);
        return k;
    }

    static long jobs(Kernel k, boolean missedOnly) {
        return k.tasks().stream().filter(t -> t.realtime() != null)
                .mapToLong(t -> missedOnly ? t.realtime().missed() : t.realtime().released()).sum();
    }

    @Benchmark
    public long edf20TasksU09For1000s() {
        return jobs(edfRun(), false);
    }

    /** Prints the job count of the run (for turning the score into jobs per second). */
    public static void main(String[] args) {
        Kernel k = edfRun();
        System.out.println("jobs released: " + jobs(k, false) + ", missed: " + jobs(k, true));
    }
}

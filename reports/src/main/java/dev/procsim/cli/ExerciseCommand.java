package dev.procsim.cli;

import dev.procsim.report.exercise.Exercise;
import dev.procsim.report.exercise.ExerciseOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "exercise", mixinStandardHelpOptions = true, description = "Exercises for courses, as OSTEP's homework simulators pose them: "
        + "a problem drawn from the seed and, with -c, its worked answer, computed by procsim's own kernel, schedulers and memory model. "
        + "Kinds: fcfs, sjf, rr, mlfq (a job list: trace, response, turnaround, wait); edf, rm (a periodic task set: the schedule over the "
        + "hyperperiod, deadline misses); fork (pages copied under eager copy, copy-on-write and vfork); pid (the PIDs forks are given). "
        + "The same options give the same problem, byte for byte; fcfs, sjf, rr and mlfq draw the same jobs from the same seed.")
final class ExerciseCommand implements Callable<Integer> {
    @Option(names = "--policy", required = true, paramLabel = "fcfs|sjf|rr|mlfq|edf|rm|fork|pid", description = "The kind of exercise.")
    String policy;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Picks the problem (the master seed of procsim's random streams).")
    long seed;

    @Option(names = "--jobs", paramLabel = "N", description = "Jobs (fcfs, sjf, rr, mlfq: 1-20, default 3), tasks (edf, rm: 1-6, default 3) or forks (pid: 1-20, default 5).")
    Long jobs;

    @Option(names = "--max-len", paramLabel = "L", description = "fcfs, sjf, rr, mlfq: job lengths are drawn from 1 to L ms (1-1000, default 10).")
    Long maxLen;

    @Option(names = "--max-arrival", paramLabel = "A", description = "fcfs, sjf, rr, mlfq: arrivals are drawn from 0 to A ms (0-1000, default 0: all arrive at 0).")
    Long maxArrival;

    @Option(names = "--quantum", paramLabel = "Q", description = "rr, mlfq: the time quantum in ms (1-1000; default 1 for rr, 2 for mlfq).")
    Long quantum;

    @Option(names = "--levels", paramLabel = "N", description = "mlfq: queue levels (1-8, default 3), each with the same quantum and an allotment of one quantum.")
    Long levels;

    @Option(names = "--boost", paramLabel = "B", description = "mlfq: every B ms every job goes back to the top level (0-100000, default 0: never).")
    Long boost;

    @Option(names = "--max-io", paramLabel = "M", description = "mlfq: each job does I/O after every 1 to M ms of CPU, drawn (0-1000, default 0: no I/O).")
    Long maxIo;

    @Option(names = "--io-time", paramLabel = "T", description = "mlfq with --max-io: how long an I/O takes, in ms (1-1000, default 5).")
    Long ioTime;

    @Option(names = "--pages", paramLabel = "K", description = "fork: the parent's private pages (2-64; default drawn from 6 to 12).")
    Long pages;

    @Option(names = {"-c", "--compute"}, description = "Also print the worked answer, after the problem.")
    boolean compute;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Exercise e;
        try {
            e = Exercise.of(new ExerciseOptions(policy, seed, jobs, maxLen, quantum, maxArrival, levels, boost, maxIo, ioTime, pages));
        } catch (ExerciseOptions.Invalid bad) {
            throw new Main.BadOption(bad.getMessage());
        }
        // the whole text first, then one write: a failure while computing the answer prints nothing half-done
        StringBuilder text = new StringBuilder(e.problem());
        if (compute) text.append('\n').append(e.answer());
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return Main.OK;
    }
}

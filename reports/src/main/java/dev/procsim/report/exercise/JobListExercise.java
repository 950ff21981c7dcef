package dev.procsim.report.exercise;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.report.run.TextbookRun;
import dev.procsim.report.text.Units;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.TaskListCsv;
import dev.procsim.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A job list under fcfs, sjf, rr or mlfq, as OSTEP's {@code scheduler.py} and {@code mlfq.py} pose
 * it: {@code --jobs} jobs of lengths 1 to {@code --max-len}, arriving at 0 (or at 0 to
 * {@code --max-arrival}), for mlfq optionally with I/O every 1 to {@code --max-io} of CPU. The
 * answer is the run of the task list under procsim's scheduler of that name ({@link TextbookRun},
 * as {@code procsim schedule} runs it).
 *
 * <p>Draws, from stream {@code exercise-jobs}, in this order: every job's length, then (with
 * {@code --max-arrival} above 0) every arrival, then (with {@code --max-io} above 0) every I/O
 * period; so an option that adds draws leaves the lengths as they were.
 */
final class JobListExercise implements Exercise {
    /** One job: it arrives, computes {@code length} (with I/O of {@code ioTime} after every {@code ioEvery}, 0 = none) and exits. */
    record Job(String name, long arrival, long length, long ioEvery) {}

    private final String policy;
    private final long seed;
    private final int maxLen, maxArrival, quantum, levels, boost, maxIo, ioTime;
    final List<Job> jobs;
    private TextbookRun run;

    JobListExercise(ExerciseOptions o) {
        policy = o.policy();
        seed = o.seed();
        boolean mlfq = policy.equals("mlfq");
        int n = ExerciseOptions.value("--jobs", o.jobs(), 3, 1, 20);
        maxLen = ExerciseOptions.value("--max-len", o.maxLen(), 10, 1, 1000);
        maxArrival = ExerciseOptions.value("--max-arrival", o.maxArrival(), 0, 0, 1000);
        // scheduler.py's default quantum is 1; at 1 an MLFQ job would drop a level every tick, so mlfq's is 2
        quantum = ExerciseOptions.value("--quantum", o.quantum(), mlfq ? 2 : 1, 1, 1000);
        levels = ExerciseOptions.value("--levels", o.levels(), 3, 1, 8);
        boost = ExerciseOptions.value("--boost", o.boost(), 0, 0, 100_000);
        maxIo = ExerciseOptions.value("--max-io", o.maxIo(), 0, 0, 1000);
        ioTime = ExerciseOptions.value("--io-time", o.ioTime(), 5, 1, 1000);
        if (o.ioTime() != null && maxIo == 0) throw new ExerciseOptions.Invalid("--io-time needs --max-io above 0 (the jobs do no I/O without it)");
        UniformRandomProvider r = new RandomStreams(seed).stream("exercise-jobs");
        long[] length = new long[n], arrival = new long[n], io = new long[n];
        for (int i = 0; i < n; i++) length[i] = 1 + r.nextInt(maxLen);
        if (maxArrival > 0) for (int i = 0; i < n; i++) arrival[i] = r.nextInt(maxArrival + 1);
        if (maxIo > 0) for (int i = 0; i < n; i++) io[i] = 1 + r.nextInt(maxIo);
        List<Job> js = new ArrayList<>();
        for (int i = 0; i < n; i++) js.add(new Job("J" + i, arrival[i], length[i], io[i]));
        jobs = List.copyOf(js);
    }

    private boolean hasQuantum() {
        return policy.equals("rr") || policy.equals("mlfq");
    }

    /** The command line that gives this problem again, every setting written out. */
    String command() {
        StringBuilder b = new StringBuilder("procsim exercise --policy " + policy + " --seed " + seed + " --jobs " + jobs.size() + " --max-len " + maxLen);
        if (maxArrival > 0) b.append(" --max-arrival ").append(maxArrival);
        if (hasQuantum()) b.append(" --quantum ").append(quantum);
        if (policy.equals("mlfq")) {
            b.append(" --levels ").append(levels).append(" --boost ").append(boost);
            if (maxIo > 0) b.append(" --max-io ").append(maxIo).append(" --io-time ").append(ioTime);
        }
        return b.toString();
    }

    /** The task list {@code procsim schedule} reads, in ms. */
    String csv() {
        StringBuilder b = new StringBuilder("# unit: ms\nname,arrival,burst" + (maxIo > 0 ? ",io_every,io_time" : "") + "\n");
        for (Job j : jobs) {
            b.append(j.name()).append(',').append(j.arrival()).append(',').append(j.length());
            if (maxIo > 0) b.append(',').append(j.ioEvery()).append(',').append(ioTime);
            b.append('\n');
        }
        return b.toString();
    }

    /** The scheduler's parameters: rr's quantum; mlfq's equal quanta, one-quantum allotments and boost, as mlfq.py -n -q -a 1 -B. */
    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        if (policy.equals("rr")) p.put("quantum", quantum + "ms");
        if (policy.equals("mlfq")) {
            p.put("quanta", String.join(",", java.util.Collections.nCopies(levels, quantum + "ms")));
            p.put("allotments", String.join(",", java.util.Collections.nCopies(levels, "1")));
            p.put("boost", boost + "ms");
        }
        return p;
    }

    private String scheduleCommand() {
        StringBuilder b = new StringBuilder("procsim schedule --tasks FILE.csv --scheduler " + policy);
        if (policy.equals("rr")) b.append(" --quantum ").append(quantum);
        if (policy.equals("mlfq")) for (Map.Entry<String, String> e : params().entrySet()) b.append(" --param ").append(e.getKey()).append('=').append(e.getValue().replace("ms", ""));
        return b.toString();
    }

    /** The same problem for OSTEP's simulator, where it has one: scheduler.py takes no arrivals. */
    private String ostepCommand() {
        List<String> parts = new ArrayList<>();
        if (policy.equals("mlfq")) {
            for (Job j : jobs) parts.add(j.arrival() + "," + j.length() + "," + j.ioEvery());
            return "./mlfq.py -n " + levels + " -q " + quantum + " -a 1 -B " + boost + (maxIo > 0 ? " -i " + ioTime : "") + " -l " + String.join(":", parts) + " -c";
        }
        for (Job j : jobs) {
            if (j.arrival() != 0) return null;
            parts.add(Long.toString(j.length()));
        }
        String p = policy.equals("fcfs") ? "FIFO" : policy.toUpperCase(java.util.Locale.ROOT);
        return "./scheduler.py -p " + p + (policy.equals("rr") ? " -q " + quantum : "") + " -l " + String.join(",", parts) + " -c";
    }

    private String rules() {
        return switch (policy) {
            case "fcfs" -> "Policy fcfs: first come, first served; a job runs to its end once it starts;"
                    + "\n  jobs arriving together queue in list order.";
            case "sjf" -> "Policy sjf: shortest job first, not preemptive: when the CPU is free, the waiting job with the least"
                    + "\n  work runs to its end; ties go to the job that arrived first, then to the job listed first.";
            case "rr" -> "Policy rr, quantum " + quantum + ": round robin; a job that uses up its quantum goes to the back of the queue,"
                    + "\n  behind any job arriving at that same time.";
            default -> "Policy mlfq: " + levels + (levels == 1 ? " level" : " levels") + ", quantum " + quantum + " at every level, allotment one quantum."
                    + "\n  A new job starts at the top level; the highest non-empty level runs, round robin within it."
                    + "\n  A job that uses up its quantum moves down a level (at the bottom it stays); a job preempted by a"
                    + "\n  higher level keeps the head of its level and the rest of its quantum."
                    + (maxIo > 0 ? "\n  A job that starts an I/O keeps its level and the rest of its quantum (if its quantum ran out at that"
                            + "\n  instant, it moves down first); back from I/O it joins the back of its level." : "")
                    + (boost > 0 ? "\n  Every " + boost + " ms every unfinished job goes back to the top level with a fresh quantum (boost)." : "\n  No boost.")
                    + "\n  When a quantum ends at the instant other jobs arrive" + (maxIo > 0 ? " or come back from I/O" : "")
                    + ", the job whose quantum\n  ended is queued first" + (boost > 0 ? "; then the boost happens; then the others join." : ".");
        };
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder(command()).append("\n\n");
        boolean allAtZero = jobs.stream().allMatch(j -> j.arrival() == 0);
        b.append("Jobs (times in ms); ").append(allAtZero ? "every job arrives at 0" : "each job arrives at its arrival time")
                .append(maxIo > 0 ? " and computes for its length,\nstarting an I/O of " + ioTime + " ms after every 'io every' of CPU (none after its last piece):\n"
                        : " and computes for its length:\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(maxIo > 0 ? List.of("job", "arrival", "length", "io every") : List.of("job", "arrival", "length"));
        for (Job j : jobs) {
            rows.add(maxIo > 0 ? List.of(j.name(), Long.toString(j.arrival()), Long.toString(j.length()), Long.toString(j.ioEvery()))
                    : List.of(j.name(), Long.toString(j.arrival()), Long.toString(j.length())));
        }
        ExerciseText.table(rows, b);
        b.append(rules()).append("\n\nQuestions:\n")
                .append("  1. Write the schedule as a trace: each time a job starts to run, the time, the job, how long it runs\n")
                .append("     and how much it then has left.\n")
                .append("  2. Each job's response time (first run - arrival), turnaround time (finish - arrival) and wait\n")
                .append("     (time ready but not running), and their averages.\n\n")
                .append("The same jobs as a task list (FILE.csv), for\n  ").append(scheduleCommand()).append(":\n");
        for (String line : csv().split("\n")) b.append("  ").append(line).append('\n');
        String ostep = ostepCommand();
        if (ostep != null) b.append("In OSTEP's homework simulator: ").append(ostep).append('\n');
        return b.toString();
    }

    /** The run of the task list under procsim's scheduler (once). */
    TextbookRun run() {
        if (run == null) {
            Workload w = TaskListCsv.parse("exercise.csv", csv());
            run = new TextbookRun(w, SchedulerRegistry.create(policy, params()), 1, 0, SimTime.NEVER, true);
        }
        return run;
    }

    @Override
    public String answer() {
        TextbookRun r = run();
        long u = r.workload.unitNanos();
        StringBuilder b = new StringBuilder("Answer, computed by procsim's ").append(policy).append(" scheduler (its kernel, with no costs):\n\nTrace:\n");
        trace(r, u, b);
        b.append("\nPer job (ms):\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("job", "arrival", "length", "start", "finish", "response", "turnaround", "wait"));
        for (TaskRecord t : r.tasks) {
            rows.add(List.of(t.name(), Units.in(t.arrival(), u), Units.in(TextbookRun.burst(t), u), Units.in(t.firstRun(), u), Units.in(t.finish(), u),
                    Units.in(t.response(), u), Units.in(t.turnaround(), u), Units.in(t.waiting(), u)));
        }
        rows.add(List.of("average", "", "", "", "", avg(r.tasks, TaskRecord::response, u), avg(r.tasks, TaskRecord::turnaround, u),
                avg(r.tasks, TaskRecord::waiting, u)));
        ExerciseText.table(rows, b);
        b.append('\n').append(ExerciseText.gantt(r.gantt(), u, 0)).append('\n');
        return b.toString();
    }

    private static String avg(List<TaskRecord> ts, ToLongFunction<TaskRecord> f, long u) {
        return Units.avg(ts.stream().mapToLong(f).average().orElse(Double.NaN), u);
    }

    /**
     * One line per stretch a job ran: {@code [time  4] J1 runs 2, has 3 left}. A stretch is what
     * the schedule log keeps, so a job that stays on the CPU past its quantum (nothing else ready)
     * is one line. After a stretch that ends one of the job's CPU pieces, the I/O it starts is said.
     */
    private void trace(TextbookRun r, long u, StringBuilder b) {
        Map<String, Long> left = new LinkedHashMap<>();
        Map<String, Job> byName = new LinkedHashMap<>();
        for (Job j : jobs) {
            left.put(j.name(), j.length() * SimTime.MS);
            byName.put(j.name(), j);
        }
        List<ScheduleLog.Segment> segs = r.gantt();
        int width = Units.in(segs.isEmpty() ? 0 : segs.get(segs.size() - 1).end(), u).length();
        long t = 0;
        for (ScheduleLog.Segment s : segs) {
            if (s.end() <= s.start()) continue;
            if (s.start() > t) b.append(at(t, u, width)).append("idle until ").append(Units.in(s.start(), u)).append('\n');
            long rest = left.merge(s.task(), -(s.end() - s.start()), Long::sum);
            Job j = byName.get(s.task());
            long done = j.length() * SimTime.MS - rest, io = j.ioEvery() * SimTime.MS;
            b.append(at(s.start(), u, width)).append(s.task()).append(" runs ").append(Units.in(s.end() - s.start(), u));
            if (rest == 0) b.append(", done at ").append(Units.in(s.end(), u));
            else b.append(", has ").append(Units.in(rest, u)).append(" left");
            if (rest > 0 && io > 0 && done % io == 0) b.append(", then does I/O for ").append(ioTime);
            b.append('\n');
            t = s.end();
        }
    }

    private static String at(long time, long u, int width) {
        String v = Units.in(time, u);
        return "  [time " + " ".repeat(Math.max(0, width - v.length())) + v + "] ";
    }
}

package dev.procsim.report.exercise;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.RealtimeStats;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.report.run.TextbookRun;
import dev.procsim.report.text.Units;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.RealtimeCsv;
import dev.procsim.workload.Workload;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A periodic task set under edf or rm: {@code --jobs} tasks with periods from the divisors of 24
 * (2, 3, 4, 6, 8, 12, so the hyperperiod is at most 24) and WCETs from 1 to half the period, each
 * job's deadline its task's next release; some sets are overloaded, so misses occur. The answer is
 * the run of the set over one hyperperiod as {@code procsim realtime} runs it ({@link TextbookRun},
 * late jobs continue), with the misses the kernel recorded.
 *
 * <p>Draws, from stream {@code exercise-periodic}, each task's period and then its WCET, task by task.
 */
final class PeriodicExercise implements Exercise {
    static final int[] PERIODS = {2, 3, 4, 6, 8, 12};

    record PeriodicTask(String name, long period, long wcet) {}

    private final String policy;
    private final long seed;
    final List<PeriodicTask> tasks;
    final long hyperperiod;
    private TextbookRun run;

    PeriodicExercise(ExerciseOptions o) {
        policy = o.policy();
        seed = o.seed();
        int n = ExerciseOptions.value("--jobs", o.jobs(), 3, 1, 6);
        UniformRandomProvider r = new RandomStreams(seed).stream("exercise-periodic");
        List<PeriodicTask> ts = new ArrayList<>();
        long h = 1;
        for (int i = 0; i < n; i++) {
            long period = PERIODS[r.nextInt(PERIODS.length)];
            long wcet = 1 + r.nextInt((int) Math.max(1, period / 2));
            ts.add(new PeriodicTask("T" + (i + 1), period, wcet));
            h = h / gcd(h, period) * period;
        }
        tasks = List.copyOf(ts);
        hyperperiod = h;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    String csv() {
        StringBuilder b = new StringBuilder("# unit: ms\nname,period,wcet\n");
        for (PeriodicTask t : tasks) b.append(t.name()).append(',').append(t.period()).append(',').append(t.wcet()).append('\n');
        return b.toString();
    }

    /** "1/4 + 2/6 = 7/12 = 0.5833": each task's share as given, their sum reduced, and to four decimals. */
    String utilisation() {
        long num = 0;
        List<String> terms = new ArrayList<>();
        for (PeriodicTask t : tasks) {
            terms.add(t.wcet() + "/" + t.period());
            num += t.wcet() * (hyperperiod / t.period());
        }
        long g = gcd(num, hyperperiod), n = num / g, d = hyperperiod / g;
        String exact = d == 1 ? Long.toString(n) : n + "/" + d;
        String decimal = BigDecimal.valueOf(num).divide(BigDecimal.valueOf(hyperperiod), 4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return String.join(" + ", terms) + " = " + exact + (d == 1 ? "" : " = " + decimal);
    }

    @Override
    public String problem() {
        StringBuilder b = new StringBuilder("procsim exercise --policy " + policy + " --seed " + seed + " --jobs " + tasks.size() + "\n\n");
        b.append("Periodic tasks (times in ms); each releases a job at 0 and then once every period, and a job\n")
                .append("must finish by its task's next release (its deadline):\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("task", "period", "wcet"));
        for (PeriodicTask t : tasks) rows.add(List.of(t.name(), Long.toString(t.period()), Long.toString(t.wcet())));
        ExerciseText.table(rows, b);
        b.append("Utilisation U = ").append(utilisation()).append("; hyperperiod (least common multiple of the periods): ")
                .append(hyperperiod).append(".\n");
        if (policy.equals("edf")) {
            b.append("Policy edf: earliest deadline first, preemptive. Ties: the job released first, then the task listed\n")
                    .append("  first; only a strictly earlier deadline preempts a running job.\n");
        } else {
            b.append("Policy rm: rate monotonic, fixed priorities: the shorter period first, preemptive. Ties: the job released\n")
                    .append("  first, then the task listed first; only a strictly shorter period preempts a running job.\n");
        }
        b.append("  A job that misses its deadline still runs to its end; its task's next job waits until then.\n\nQuestions:\n")
                .append("  1. Draw the schedule from 0 to ").append(hyperperiod).append(".\n")
                .append("  2. Which jobs miss their deadlines?\n\n")
                .append("The same tasks for procsim realtime --tasks FILE.csv --scheduler ").append(policy).append(":\n");
        for (String line : csv().split("\n")) b.append("  ").append(line).append('\n');
        return b.toString();
    }

    /** The run over [0, hyperperiod] (once). */
    TextbookRun run() {
        if (run == null) {
            Workload w = RealtimeCsv.parse("exercise.csv", csv());
            run = new TextbookRun(w, SchedulerRegistry.create(policy, Map.of()), 1, 0, hyperperiod * SimTime.MS, true);
        }
        return run;
    }

    @Override
    public String answer() {
        TextbookRun r = run();
        long u = r.workload.unitNanos();
        StringBuilder b = new StringBuilder("Answer, computed by procsim's ").append(policy).append(" scheduler over [0, ").append(hyperperiod)
                .append("] (its kernel, with no costs):\n\n");
        b.append(ExerciseText.gantt(r.gantt(), u, hyperperiod * SimTime.MS)).append("\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("task", "period", "wcet", "jobs done", "missed", "worst response"));
        Map<Integer, String> names = new HashMap<>();
        Map<String, Long> periods = new HashMap<>();
        for (TaskRecord t : r.tasks) {
            RealtimeStats s = t.realtime();
            names.put(t.pid(), t.name());
            periods.put(t.name(), s.spec().period());
            rows.add(List.of(t.name(), Units.in(s.spec().period(), u), Units.in(s.spec().wcet(), u), Long.toString(s.completed()),
                    Long.toString(s.missed()), Units.in(s.responseMax(), u)));
        }
        ExerciseText.table(rows, b);
        List<ScheduleLog.Instant> misses = new ArrayList<>();
        for (ScheduleLog.Instant i : r.kernel.scheduleLog().instants()) if (i.kind().equals("deadline-miss")) misses.add(i);
        misses.sort(Comparator.comparingLong(ScheduleLog.Instant::time).thenComparing(i -> names.get(i.pid())));
        if (misses.isEmpty()) {
            b.append("Deadline misses: none.\n");
            return b.toString();
        }
        b.append("Deadline misses:\n");
        for (ScheduleLog.Instant i : misses) {
            String task = names.get(i.pid());
            String how = switch (i.detail()) {
                case "late" -> "finished late";
                case "unfinished" -> "not finished by " + hyperperiod;
                case "never started" -> "not started by " + hyperperiod;
                default -> i.detail();
            };
            b.append("  ").append(task).append(": the job released at ").append(Units.in(i.time() - periods.get(task), u)).append(", deadline ")
                    .append(Units.in(i.time(), u)).append(", ").append(how).append('\n');
        }
        return b.toString();
    }
}

package dev.procsim.cli;

import dev.procsim.report.text.TextTable;

import dev.procsim.report.chart.GanttChart;

import dev.procsim.report.run.TextbookRun;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Units;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.RealtimeStats;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.RealtimeCsv;
import dev.procsim.workload.Workload;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "realtime", mixinStandardHelpOptions = true, description = "Run periodic tasks (CSV: name,period,wcet[,deadline,offset,priority]) over [0, horizon] and print per task jobs, completed, missed, dropped and response min/avg/max, and the totals. Misses are counted among jobs whose deadline is within the horizon; events at the horizon are included.")
final class RealtimeCommand implements Callable<Integer> {
    static final List<String> SCHEDULERS = List.of("edf", "rm", "dm", "llf", "deadline");

    @Option(names = "--tasks", required = true, paramLabel = "FILE.csv", description = "The real-time task set (name,period,wcet[,deadline,offset,priority]); - reads standard input.")
    Path tasks;

    @Option(names = "--scheduler", required = true, paramLabel = "edf|rm|dm|llf|deadline", description = "The real-time policy (see 'procsim list schedulers'), or a plug-in's (--plugin).")
    String scheduler;

    @Option(names = "--horizon", paramLabel = "D", description = "End of the run, like 2s; a bare number is in the task list's unit (default: the hyperperiod, the least common multiple of the periods, plus the largest offset; capped, with a note on stderr, at 10 million jobs or 10^6 longest periods).")
    String horizon;

    @Option(names = "--on-miss", paramLabel = "drop-when-infeasible|abort-at-deadline|continue",
            description = "What happens to a late job (default: the scheduler's, see 'procsim list schedulers').")
    String onMiss;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A scheduler parameter, repeatable (names and defaults: 'procsim list schedulers'), like --param quantum=0.5 for llf; a bare number for a time is in the task list's unit.")
    List<String> params;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "CPUs sharing one run queue (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--gantt", paramLabel = "FILE.png|FILE.svg|FILE.pdf", description = "Also draw the Gantt chart of the run to this file (written all at once; an existing file is replaced only if procsim wrote it); a short --horizon keeps it readable.")
    Path gantt;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Jobs a default horizon may hold at most (about 5 s of simulation). */
    static final long MAX_DEFAULT_JOBS = 10_000_000L;

    /** The default horizon, and the hyperperiod it comes from; {@code capped} when it is shorter than hyperperiod + offset. */
    record DefaultHorizon(long horizon, BigInteger hyperperiod, boolean capped) {}

    /**
     * The hyperperiod plus the largest offset, capped at 10^6 times the longest period, at the
     * time that holds {@value #MAX_DEFAULT_JOBS} jobs (rounded down to a whole number of longest
     * periods), and at about 146 years.
     */
    static DefaultHorizon defaultHorizon(Workload w) {
        BigInteger lcm = BigInteger.ONE;
        long maxOffset = 0, maxPeriod = 1;
        double jobsPerNs = 0;
        for (var actions : w.sources().values()) {
            Action.Periodic p = (Action.Periodic) actions.get(0);
            BigInteger per = BigInteger.valueOf(p.period());
            lcm = lcm.divide(lcm.gcd(per)).multiply(per);
            maxOffset = Math.max(maxOffset, p.offset());
            maxPeriod = Math.max(maxPeriod, p.period());
            jobsPerNs += 1.0 / p.period();
        }
        long byJobs = (long) Math.min(SimTime.NEVER / 2.0, MAX_DEFAULT_JOBS / jobsPerNs);
        byJobs = Math.max(maxPeriod, byJobs / maxPeriod * maxPeriod);
        BigInteger cap = BigInteger.valueOf(maxPeriod).multiply(BigInteger.valueOf(1_000_000)).min(BigInteger.valueOf(SimTime.NEVER / 2))
                .min(BigInteger.valueOf(byJobs));
        boolean capped = lcm.compareTo(cap) > 0;
        return new DefaultHorizon(lcm.min(cap).longValueExact() + maxOffset, lcm, capped);
    }

    private static String inUnit(BigInteger ns, long unitNanos) {
        return new java.math.BigDecimal(ns).divide(java.math.BigDecimal.valueOf(unitNanos)).stripTrailingZeros().toPlainString();
    }

    @Override
    public Integer call() throws Exception {
        ScheduleCommand.checkFormat(format);
        // a plug-in may be a real-time policy: its author knows, so any plug-in is taken
        java.util.Set<String> pluginNames = SchedulerRegistry.plugins().keySet();
        if (!SCHEDULERS.contains(scheduler) && !pluginNames.contains(scheduler)) {
            List<String> known = new ArrayList<>(SCHEDULERS);
            known.addAll(pluginNames);
            throw new Main.BadOption("--scheduler takes edf, rm, dm, llf or deadline" + (pluginNames.isEmpty() ? "" : " or a plug-in ("
                    + String.join(", ", pluginNames) + ")") + ", found '" + scheduler + "'" + dev.procsim.workload.Suggest.hint(scheduler, known));
        }
        if (onMiss != null && !List.of("drop-when-infeasible", "abort-at-deadline", "continue").contains(onMiss)) {
            throw new Main.BadOption("--on-miss takes drop-when-infeasible, abort-at-deadline or continue, found '" + onMiss + "'");
        }
        Main.checkRange("--cpus", cpus); // checked at parsing too (Main.RANGES)
        ScheduleCommand.checkGantt(gantt);
        PrintWriter err = spec.commandLine().getErr();
        // Ctrl-C from here on: while the task list is read nothing is kept; during the run the jobs so far are printed
        try (Interrupt ctrlC = Interrupt.install(err, "procsim: stopping (Ctrl-C)...")) {
            ctrlC.onTimeout(() -> {
                err.println("procsim: stopped (Ctrl-C) before the results were printed in full");
                err.flush();
            });
            return run(ctrlC, err);
        }
    }

    private int run(Interrupt ctrlC, PrintWriter err) throws Exception {
        Workload w = RealtimeCsv.read(tasks);
        Scheduler s = SchedulerChoice.create(scheduler, params, w, new SchedulerChoice.Shortcut("--on-miss", "on_miss", onMiss));
        DefaultHorizon dh = horizon == null ? defaultHorizon(w) : null;
        long h = dh != null ? dh.horizon() : ScheduleCommand.duration("--horizon", ScheduleCommand.inUnit(horizon, w));
        if (dh != null && dh.capped()) {
            err.println("procsim: the hyperperiod (" + inUnit(dh.hyperperiod(), w.unitNanos()) + " " + w.unit() + ") would take too long to simulate; ran to "
                    + Units.in(h, w.unitNanos()) + " " + w.unit() + " instead (at most " + MAX_DEFAULT_JOBS + " jobs or 10^6 longest periods);"
                    + " give --horizon to choose");
            err.flush();
        }
        if (h <= 0) throw new Main.BadOption("--horizon must be greater than 0");
        warnIfHuge(w, h, err);
        try (RunWatch watch = new RunWatch(err, h, System.console() != null)) {
            TextbookRun run = new TextbookRun(w, s, cpus, 0, h, gantt != null, ctrlC.stop(), watch::watch);
            watch.close();
            return report(run, w, h, dh);
        }
    }

    /**
     * A horizon given by hand that holds more than {@value #MAX_DEFAULT_JOBS} jobs runs as asked,
     * with a warning of how many jobs that is (Ctrl-C stops it and prints the jobs so far).
     */
    static void warnIfHuge(Workload w, long horizon, PrintWriter err) {
        double jobs = 0;
        for (var actions : w.sources().values()) jobs += (double) horizon / ((Action.Periodic) actions.get(0)).period();
        if (jobs <= MAX_DEFAULT_JOBS) return;
        double secs = jobs / 3e6; // about 3 million jobs a second (RealtimeBenchmark), so the time asked for is said
        String time = secs < 120 ? Math.round(secs) + " s" : secs < 7200 ? Math.round(secs / 60) + " min" : secs < 2 * 86400 ? Math.round(secs / 3600) + " h"
                : String.format(java.util.Locale.ROOT, "%.3g days", secs / 86400);
        err.println("procsim: this horizon releases about " + String.format(java.util.Locale.ROOT, "%.3g", jobs) + " jobs, roughly " + time
                + " of simulation at 3 million jobs a second; Ctrl-C stops the run and prints the jobs so far");
        err.flush();
    }

    /** Prints the run's jobs per task in the format asked for, and draws the Gantt chart unless the run was stopped. */
    private int report(TextbookRun run, Workload w, long h, DefaultHorizon dh) throws Exception {
        long u = w.unitNanos();
        List<List<String>> rows = new ArrayList<>();
        long jobs = 0, missed = 0, dropped = 0, preemptions = 0;
        for (TaskRecord t : run.tasks) {
            RealtimeStats r = t.realtime();
            jobs += r.released();
            missed += r.missed();
            dropped += r.dropped();
            preemptions += t.involuntarySwitches();
            rows.add(List.of(t.name(), Long.toString(r.released()), Long.toString(r.completed()), Long.toString(r.missed()),
                    Long.toString(r.dropped()), Units.in(r.responseMin(), u), r.completed() == 0 ? "" : Units.avg(r.responseMean(), u),
                    Units.in(r.responseMax(), u)));
        }
        long switches = run.kernel.metrics().contextSwitches();
        PrintWriter out = spec.commandLine().getOut();
        List<String> header = List.of("task", "jobs", "completed", "missed", "dropped", "response_min", "response_avg", "response_max");
        switch (format) {
            case "csv" -> {
                out.println(String.join(",", header));
                for (List<String> r : rows) out.println(String.join(",", r.stream().map(dev.procsim.report.text.Fmt::csv).toList()));
            }
            case "json" -> {
                JsonGenerator g = new JsonFactory().createGenerator(out);
                g.setPrettyPrinter(new DefaultPrettyPrinter());
                g.writeStartObject();
                g.writeStringField("scheduler", scheduler);
                g.writeStringField("unit", w.unit());
                ScheduleCommand.number(g, "horizon", Units.in(h, u));
                g.writeBooleanField("horizon_capped", dh != null && dh.capped());
                g.writeArrayFieldStart("tasks");
                for (List<String> r : rows) {
                    g.writeStartObject();
                    g.writeStringField("name", r.get(0));
                    for (int i = 1; i < header.size(); i++) ScheduleCommand.number(g, header.get(i), r.get(i));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeObjectFieldStart("totals");
                g.writeNumberField("jobs", jobs);
                g.writeNumberField("missed", missed);
                g.writeNumberField("dropped", dropped);
                g.writeNumberField("preemptions", preemptions);
                g.writeNumberField("context_switches", switches);
                g.writeEndObject();
                g.writeEndObject();
                g.flush();
                out.println();
            }
            default -> {
                out.println(scheduler + ScheduleCommand.settings(null, params, w) + " over [0, " + Units.in(h, u) + "] " + w.unit() + (dh != null && dh.capped() ? " (capped: the hyperperiod is "
                        + inUnit(dh.hyperperiod(), u) + " " + w.unit() + ")" : "")
                        + ", times in " + w.unit());
                List<List<String>> all = new ArrayList<>();
                all.add(header);
                all.addAll(rows);
                for (String line : TextTable.lines(all)) out.println(line);
                out.println("totals: jobs " + jobs + ", missed " + missed + ", dropped " + dropped + ", preemptions " + preemptions
                        + ", context switches " + switches);
            }
        }
        out.flush();
        if (run.interrupted()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("procsim: stopped (Ctrl-C) at simulated time " + Units.in(run.result.endTime(), u) + " " + w.unit()
                    + ": the jobs so far are counted; no Gantt chart drawn");
            err.flush();
            return Interrupt.STATUS;
        }
        ScheduleCommand.writeGantt(gantt, run, SchedulerChoice.describe(scheduler, params, w,
                new SchedulerChoice.Shortcut("--on-miss", "on_miss", onMiss)) + ": " + tasks.getFileName(), gantt == null ? java.util.Map.of() : GanttChart.deadlines(w, h));
        return 0;
    }
}

package dev.procsim.cli;

import dev.procsim.report.text.TextTable;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.chart.GanttChart;
import dev.procsim.report.files.AtomicFile;
import dev.procsim.report.text.Lang;
import dev.procsim.report.text.Units;

import dev.procsim.report.run.TextbookRun;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.workload.TaskListCsv;
import dev.procsim.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true, description = "Textbook mode: schedule a task list (CSV: name,arrival,burst[,priority,nice,io_every,io_time]) with one scheduler and print, in the file's unit, each task's start, finish, response, waiting and turnaround times, their averages and the Gantt chart. No kernel costs but the context switch given.")
final class ScheduleCommand implements Callable<Integer> {
    @Option(names = "--tasks", required = true, paramLabel = "FILE.csv", description = "The task list (see the README's 'Task lists'); - reads standard input.")
    Path tasks;

    @Option(names = "--scheduler", required = true, paramLabel = "NAME", description = "See 'procsim list schedulers'.")
    String scheduler;

    @Option(names = "--quantum", paramLabel = "D", description = "Time quantum, like 4ms (for schedulers that have one; the same as --param quantum=D); a bare number is in the task list's unit ('# unit:' line, default ms).")
    String quantum;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A scheduler parameter, repeatable (names and defaults: 'procsim list schedulers'), like --param boost=0 --param quanta=1,2,4; a bare number for a time is in the task list's unit.")
    List<String> params;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "1", description = "CPUs sharing one run queue (default: ${DEFAULT-VALUE}).")
    int cpus;

    @Option(names = "--switch-cost", paramLabel = "D", defaultValue = "0ns", description = "Context-switch cost (default 0); a bare number is in the task list's unit.")
    String switchCost;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--gantt", paramLabel = "FILE.png|FILE.svg|FILE.pdf", description = "Also draw the Gantt chart to this file (written all at once; an existing file is replaced only if procsim wrote it).")
    Path gantt;

    @Mixin
    PluginOptions plugins;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A bare number ({@code 4}, {@code 0.5}) is in the task list's unit; anything else is left as written. */
    static String inUnit(String v, Workload w) {
        return SchedulerChoice.inUnit(v, w);
    }

    static long duration(String option, String v) {
        try {
            return SimTime.parse(v);
        } catch (IllegalArgumentException e) {
            throw new Main.BadOption(option + ": " + e.getMessage());
        }
    }

    static void checkFormat(String format) {
        if (!List.of("table", "csv", "json").contains(format)) throw new Main.BadOption("--format takes table, csv or json, found '" + format + "'");
    }

    @Override
    public Integer call() throws Exception {
        checkFormat(format);
        Main.checkRange("--cpus", cpus); // checked at parsing too (Main.RANGES)
        checkGantt(gantt);
        PrintWriter err = spec.commandLine().getErr();
        // Ctrl-C from here on: while the task list is read nothing is kept; during the run the tasks are printed as they stand
        try (Interrupt ctrlC = Interrupt.install(err, "procsim: stopping (Ctrl-C)...");
                RunWatch watch = new RunWatch(err, SimTime.NEVER, System.console() != null)) {
            ctrlC.onTimeout(() -> {
                err.println("procsim: stopped (Ctrl-C) before the results were printed in full");
                err.flush();
            });
            Workload w = TaskListCsv.read(tasks);
            long cs = duration("--switch-cost", inUnit(switchCost, w));
            Scheduler s = SchedulerChoice.create(scheduler, params, w, new SchedulerChoice.Shortcut("--quantum", "quantum", quantum));
            TextbookRun run = new TextbookRun(w, s, cpus, cs, SimTime.NEVER, true, ctrlC.stop(), watch::watch); // the table prints the schedule
            watch.close();
            int rc = print(run, w, err);
            if (run.interrupted()) {
                err.println("procsim: stopped (Ctrl-C) at simulated time " + Units.in(run.result.endTime(), w.unitNanos()) + " " + w.unit()
                        + ": the tasks are as they stood (those unfinished have no finish time); no Gantt chart drawn");
                err.flush();
                return Interrupt.STATUS;
            }
            writeGantt(gantt, run, SchedulerChoice.describe(scheduler, params, w, new SchedulerChoice.Shortcut("--quantum", "quantum", quantum))
                    + ": " + tasks.getFileName(), java.util.Map.of());
            return rc;
        }
    }

    /** Prints the run's tasks in the format asked for; the exit status (tasks stuck: failed). */
    private int print(TextbookRun run, Workload w, PrintWriter err) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        long u = w.unitNanos();
        switch (format) {
            case "json" -> json(run, out, u, w.unit());
            case "csv" -> {
                out.println("name,arrival,burst,start,finish,response,waiting,turnaround");
                for (TaskRecord t : run.tasks) out.println(String.join(",", row(t, u).stream().map(dev.procsim.report.text.Fmt::csv).toList()));
            }
            default -> table(run, out, u, w.unit());
        }
        out.flush();
        return run.result.stuck().isEmpty() ? 0 : Main.FAILED;
    }

    /** Refuses a --gantt path that is not .png, .svg or .pdf, or that holds a file procsim did not write, before any work. */
    static void checkGantt(Path gantt) throws java.io.IOException {
        checkGantt(gantt, "--gantt");
    }

    /** The same for a chart option named {@code option}. */
    static void checkGantt(Path gantt, String option) throws java.io.IOException {
        if (gantt == null) return;
        String n = gantt.toString();
        if (!(n.endsWith(".png") || n.endsWith(".svg") || n.endsWith(".pdf"))) {
            throw new Main.BadOption(option + " must name a .png, .svg or .pdf file, was '" + gantt + "'");
        }
        AtomicFile.check(gantt.toAbsolutePath().normalize());
    }

    /** Draws the run's Gantt chart to {@code gantt} (format from its extension), all at once. */
    static void writeGantt(Path gantt, TextbookRun run, String title, java.util.Map<String, long[]> deadlines) throws java.io.IOException {
        if (gantt == null) return;
        String name = gantt.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.'));
        ChartRenderer.Format format = name.endsWith(".png") ? ChartRenderer.Format.PNG
                : name.endsWith(".pdf") ? ChartRenderer.Format.PDF : ChartRenderer.Format.SVG;
        AtomicFile.write(gantt, f -> ChartRenderer.render(GanttChart.of(run.gantt(), title, base, Lang.EN, deadlines), f.getParent(), List.of(format)));
    }

    static List<String> row(TaskRecord t, long u) {
        return List.of(t.name(), Units.in(t.arrival(), u), Units.in(TextbookRun.burst(t), u), Units.in(t.firstRun(), u),
                Units.in(t.finish(), u), Units.in(t.response(), u), Units.in(t.waiting(), u), Units.in(t.turnaround(), u));
    }

    static double avg(List<TaskRecord> ts, java.util.function.ToLongFunction<TaskRecord> f) {
        return ts.stream().mapToLong(f).filter(v -> v >= 0).average().orElse(Double.NaN);
    }

    private void table(TextbookRun run, PrintWriter out, long u, String unit) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("task", "arrival", "burst", "start", "finish", "response", "waiting", "turnaround"));
        for (TaskRecord t : run.tasks) rows.add(row(t, u));
        rows.add(List.of("average", "", "", "", "", Units.avg(avg(run.tasks, TaskRecord::response), u),
                Units.avg(avg(run.tasks, TaskRecord::waiting), u), Units.avg(avg(run.tasks, TaskRecord::turnaround), u)));
        out.println(scheduler + settings(quantum, params, run.workload) + ", times in " + unit);
        for (String line : TextTable.lines(rows)) out.println(line);
        out.println("context switches: " + run.kernel.metrics().contextSwitches());
        for (String line : ganttText(run.gantt(), u, run.kernel.cpuCount())) out.println(line);
    }

    /** What the user set, for the table's first line: " (quantum 4ms, boost=0)" or nothing. */
    static String settings(String quantum, List<String> params, Workload w) {
        List<String> parts = new ArrayList<>();
        if (quantum != null) parts.add("quantum " + inUnit(quantum, w));
        if (params != null) for (String p : params) parts.add(p.strip());
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** One line per CPU: | P1 0-10 | P2 10-11 | idle 11-12 | ... in the file's unit (at most 500 segments a CPU). */
    static List<String> ganttText(List<ScheduleLog.Segment> segs, long u, int cpus) {
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < cpus; c++) lines.add(TextTable.gantt(cpus == 1 ? "gantt: |" : "gantt cpu" + c + ": |", segs, c, u, 0, 500));
        return lines;
    }

    private void json(TextbookRun run, PrintWriter out, long u, String unit) throws java.io.IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.setPrettyPrinter(new DefaultPrettyPrinter());
        g.writeStartObject();
        g.writeStringField("scheduler", scheduler);
        g.writeStringField("unit", unit);
        g.writeArrayFieldStart("tasks");
        for (TaskRecord t : run.tasks) {
            g.writeStartObject();
            List<String> r = row(t, u);
            g.writeStringField("name", r.get(0));
            String[] names = {"arrival", "burst", "start", "finish", "response", "waiting", "turnaround"};
            for (int i = 0; i < names.length; i++) number(g, names[i], r.get(i + 1));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("averages");
        number(g, "waiting", Units.avg(avg(run.tasks, TaskRecord::waiting), u));
        number(g, "turnaround", Units.avg(avg(run.tasks, TaskRecord::turnaround), u));
        number(g, "response", Units.avg(avg(run.tasks, TaskRecord::response), u));
        g.writeEndObject();
        g.writeNumberField("context_switches", run.kernel.metrics().contextSwitches());
        g.writeArrayFieldStart("gantt");
        for (ScheduleLog.Segment s : run.gantt()) {
            if (s.end() <= s.start()) continue;
            g.writeStartObject();
            g.writeStringField("task", s.task());
            g.writeNumberField("cpu", s.cpu());
            number(g, "start", Units.in(s.start(), u));
            number(g, "end", Units.in(s.end(), u));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }

    static void number(JsonGenerator g, String name, String v) throws java.io.IOException {
        if (v.isEmpty()) g.writeNullField(name);
        else {
            g.writeFieldName(name);
            g.writeNumber(v);
        }
    }
}

package dev.procsim.report.files;

import dev.procsim.report.text.FileNames;

import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.report.stats.Stats;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Provenance;
import dev.procsim.report.text.Version;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.workload.Experiment;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the result files of an experiment into a directory (README "Output files"; every column
 * in docs/results.md): the resolved experiment, summary JSON and CSV, aggregates (wide, and long
 * in {@link AggregatesLongCsv}), per-task rows, time series and the schedule. Everything is in
 * run order with fixed formatting, so equal results give equal bytes.
 */
public final class ResultWriter {
    private ResultWriter() {}

    public static void write(ExperimentRunner.Result r, List<Aggregate> aggs, Path dir) throws IOException {
        write(r, aggs, dir, Provenance.of(r.experiment(), List.of()));
    }

    /** The result files, {@code summary.json} recording where they came from ({@code from}). */
    public static void write(ExperimentRunner.Result r, List<Aggregate> aggs, Path dir, Provenance from) throws IOException {
        Experiment x = r.experiment();
        Files.writeString(dir.resolve("experiment.yaml"), experimentYaml(x), StandardCharsets.UTF_8);
        List<String> factors = factorNames(x);
        List<String> metrics = r.runs().isEmpty() ? List.of() : new ArrayList<>(r.runs().get(0).metrics.keySet());
        summaryJson(r, aggs, factors, metrics, from, dir.resolve("summary.json"));
        summaryCsv(r, factors, metrics, dir.resolve("summary.csv"));
        aggregatesCsv(aggs, factors, metrics, dir.resolve("aggregates.csv"));
        AggregatesLongCsv.write(aggs, factors, metrics, dir.resolve(AggregatesLongCsv.FILE));
        perRunFiles(r, factors, dir);
    }

    /** The content of experiment.yaml: the canonical form of what ran. */
    public static String experimentYaml(Experiment x) {
        return "# resolved by procsim: every default explicit\n" + x.canonical();
    }

    static List<String> factorNames(Experiment x) {
        List<String> f = new ArrayList<>(List.of("scheduler", "fork"));
        f.addAll(x.sweep().keySet());
        return f;
    }

    public static int runIndex(RunSummary s, Experiment x) {
        return s.point.index() * x.replications() + s.replication;
    }

    private static void num(JsonGenerator g, String field, double v) throws IOException {
        String s = Fmt.num(v);
        if (s.isEmpty()) g.writeNullField(field);
        else {
            g.writeFieldName(field);
            g.writeNumber(s);
        }
    }

    /** How the results were estimated ({@code statistics:} section); nothing for an experiment without one. */
    private static void statisticsJson(JsonGenerator g, ExperimentRunner.Result r) throws IOException {
        Experiment x = r.experiment();
        dev.procsim.workload.Statistics st = x.statistics();
        if (st.equals(dev.procsim.workload.Statistics.DEFAULT)) return;
        g.writeObjectFieldStart("statistics");
        g.writeStringField("method", st.method() == dev.procsim.workload.Statistics.Method.BATCH_MEANS ? "batch-means" : "replications");
        g.writeStringField("warmup", st.warmup().name().toLowerCase(java.util.Locale.ROOT));
        if (st.warmup() != dev.procsim.workload.Statistics.Warmup.NONE) {
            g.writeArrayFieldStart("warmup_cut_ns"); // per combination, as its runs used it
            for (Experiment.Point p : x.points()) {
                RunSummary s = r.runs().stream().filter(v -> v.point.index() == p.index()).findFirst().orElse(null);
                Double c = s == null ? null : s.metrics.get("warmup_cut_ns");
                if (c == null) g.writeNull();
                else g.writeNumber(c.longValue());
            }
            g.writeEndArray();
        }
        if (st.method() == dev.procsim.workload.Statistics.Method.BATCH_MEANS) g.writeStringField("batches", st.batches() == 0 ? "auto" : Integer.toString(st.batches()));
        if (st.sequential() && !r.runs().isEmpty()) {
            dev.procsim.report.stats.SequentialStopping.Decision d = dev.procsim.report.run.SequentialRunner.decide(x, r.runs());
            g.writeObjectFieldStart("precision");
            g.writeStringField("metric", st.precisionMetric());
            num(g, "relative", st.relative());
            g.writeNumberField("max_replications", st.maxReplications());
            g.writeNumberField("replications", x.replications());
            g.writeBooleanField("met", d.met());
            g.writeNumberField("pacing_combination", d.pacing());
            g.writeNumberField("estimated_needed", d.needed());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void summaryJson(ExperimentRunner.Result r, List<Aggregate> aggs, List<String> factors, List<String> metrics,
            Provenance from, Path file) throws IOException {
        Experiment x = r.experiment();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("experiment", x.name());
            g.writeStringField("procsim_version", Version.text());
            g.writeObjectFieldStart("provenance");
            g.writeStringField("version", from.version());
            g.writeStringField("commit", from.commit());
            g.writeStringField("java", from.java());
            g.writeStringField("experiment_sha256", from.experimentSha256());
            g.writeStringField("command", from.command());
            g.writeEndObject();
            statisticsJson(g, r);
            g.writeNumberField("seed", x.seed());
            g.writeNumberField("replications", x.replications());
            g.writeNumberField("combinations", x.points().size());
            g.writeNumberField("runs", r.runs().size());
            g.writeBooleanField("partial", r.partial());
            g.writeStringField("shard", r.shard() + "/" + r.shards());
            g.writeArrayFieldStart("factors");
            for (String f : factors) g.writeString(f);
            g.writeEndArray();
            g.writeArrayFieldStart("run_results");
            for (RunSummary s : r.runs()) {
                g.writeStartObject();
                g.writeNumberField("run", runIndex(s, x));
                g.writeNumberField("combination", s.point.index());
                g.writeNumberField("replication", s.replication);
                factorsObject(g, s.point);
                g.writeStringField("stop_reason", s.stopReason);
                g.writeObjectFieldStart("metrics");
                for (var e : s.metrics.entrySet()) num(g, e.getKey(), e.getValue());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("aggregates");
            for (Aggregate a : aggs) {
                g.writeStartObject();
                g.writeNumberField("combination", a.point.index());
                factorsObject(g, a.point);
                g.writeNumberField("n", a.runs.size());
                g.writeObjectFieldStart("metrics");
                for (var e : a.stats.entrySet()) {
                    g.writeObjectFieldStart(e.getKey());
                    num(g, "mean", e.getValue().mean());
                    num(g, "sd", e.getValue().sd());
                    num(g, "ci95_low", e.getValue().ciLow());
                    num(g, "ci95_high", e.getValue().ciHigh());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeObjectFieldStart("percentiles");
                percentiles(g, "response_ns", Aggregate.percentiles(a.response));
                percentiles(g, "fork_latency_ns", Aggregate.percentiles(a.forkLatency));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void percentiles(JsonGenerator g, String name, Map<String, Long> p) throws IOException {
        g.writeObjectFieldStart(name);
        for (var e : p.entrySet()) g.writeNumberField(e.getKey(), e.getValue());
        g.writeEndObject();
    }

    private static void factorsObject(JsonGenerator g, Experiment.Point p) throws IOException {
        g.writeObjectFieldStart("factors");
        for (var e : p.factors().entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
    }

    static void factorCells(StringBuilder b, Experiment.Point p) {
        for (String v : p.factors().values()) b.append(',').append(Fmt.csv(v));
    }

    private static String header(String first, List<String> factors) {
        StringBuilder b = new StringBuilder(first);
        for (String f : factors) b.append(',').append(f);
        return b.toString();
    }

    private static void summaryCsv(ExperimentRunner.Result r, List<String> factors, List<String> metrics, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder(header("run,combination,replication", factors)).append(",stop_reason");
            for (String m : metrics) h.append(',').append(m);
            w.write(h.append('\n').toString());
            for (RunSummary s : r.runs()) {
                StringBuilder b = new StringBuilder().append(runIndex(s, r.experiment())).append(',').append(s.point.index()).append(',')
                        .append(s.replication);
                factorCells(b, s.point);
                b.append(',').append(s.stopReason);
                for (String m : metrics) b.append(',').append(Fmt.num(s.metrics.get(m)));
                w.write(b.append('\n').toString());
            }
        }
    }

    private static void aggregatesCsv(List<Aggregate> aggs, List<String> factors, List<String> metrics, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder h = new StringBuilder(header("combination", factors)).append(",n");
            for (String m : metrics) h.append(',').append(m).append("_mean,").append(m).append("_sd,").append(m).append("_ci95_low,")
                    .append(m).append("_ci95_high");
            for (String lat : List.of("response", "fork_latency")) {
                for (double p : Aggregate.PERCENTILES) h.append(',').append(lat).append('_').append(Aggregate.label(p)).append("_ns");
                h.append(',').append(lat).append("_max_ns");
            }
            w.write(h.append('\n').toString());
            for (Aggregate a : aggs) {
                StringBuilder b = new StringBuilder().append(a.point.index());
                factorCells(b, a.point);
                b.append(',').append(a.runs.size());
                for (String m : metrics) {
                    Stats s = a.stats.get(m);
                    b.append(',').append(Fmt.num(s.mean())).append(',').append(Fmt.num(s.sd())).append(',').append(Fmt.num(s.ciLow()))
                            .append(',').append(Fmt.num(s.ciHigh()));
                }
                for (var h2 : List.of(a.response, a.forkLatency)) {
                    for (long v : Aggregate.percentiles(h2).values()) b.append(',').append(v);
                }
                w.write(b.append('\n').toString());
            }
        }
    }

    /** Tasks in order of creation: by arrival time, then PID (the kernel records them in order of reaping). */
    static List<TaskRecord> creationOrder(List<TaskRecord> tasks) {
        List<TaskRecord> t = new ArrayList<>(tasks);
        t.sort(Comparator.comparingLong(TaskRecord::arrival).thenComparingInt(TaskRecord::pid));
        return t;
    }

    static final String TASKS_COLUMNS = ",name,pid,tgid,ppid,ns_pid,program,arrival_ns,first_run_ns,finish_ns,cpu_ns,waiting_ns,"
            + "response_ns,turnaround_ns,page_faults,page_copies,voluntary_switches,involuntary_switches,outcome,outcome_detail,migrations\n";

    private static String prefix(RunSummary s, Experiment x, boolean withReplication) {
        StringBuilder b = new StringBuilder().append(runIndex(s, x));
        if (withReplication) b.append(',').append(s.replication);
        factorCells(b, s.point);
        return b.toString();
    }

    static void appendTasks(RunSummary s, Experiment x, TextOut w) throws IOException {
        String prefix = prefix(s, x, true);
        for (TaskRecord t : creationOrder(s.tasks)) {
            w.raw(prefix).comma().name(t.taskName()).comma().num(t.pid()).comma().num(t.tgid()).comma().num(t.ppid()).comma().num(t.nsPid()).comma().text(t.program()).comma()
                    .num(t.arrival()).comma().opt(t.firstRun()).comma().opt(t.finish()).comma().num(t.cpuTime()).comma()
                    .opt(t.waiting()).comma().opt(t.response()).comma().opt(t.turnaround()).comma().num(t.pageFaults()).comma()
                    .num(t.pageCopies()).comma().num(t.voluntarySwitches()).comma().num(t.involuntarySwitches()).comma()
                    .raw(TaskOutcome.word(t)).comma().raw(TaskOutcome.detail(t)).comma().num(t.migrations()).newline();
        }
    }

    static void appendSeries(RunSummary s, Experiment x, Writer w) throws IOException {
        String p = prefix(s, x, true);
        for (RunSummary.Series ser : s.series) {
            if (ser.byCpu()) continue; // over CPUs, not time: charted, not a time series
            for (int i = 0; i < ser.times().length; i++) w.write(p + "," + ser.name() + "," + ser.times()[i] + "," + ser.values()[i] + "\n");
        }
    }

    static void appendSchedule(RunSummary s, Experiment x, Writer w) throws IOException {
        if (s.replication != 0) return;
        String p = prefix(s, x, false);
        for (ScheduleLog.Segment g : s.schedule) {
            w.write(p + "," + g.cpu() + "," + g.pid() + "," + Fmt.csv(g.task()) + "," + g.start() + "," + g.end() + "\n");
        }
    }

    /** The per-run files, written as part files per run and joined in run order: {@code <part>.csv}. */
    public static final List<String> PARTS = List.of("tasks", "timeseries", "schedule");

    /** A sink that writes each run's rows to {@code dir/parts/<run>.<file>} as soon as it finishes. */
    public static ExperimentRunner.Sink partsSink(Experiment x, Path dir) throws IOException {
        return partsSink(x, dir, TraceExport.Scope.NONE);
    }

    /** As above, and the trace of each run {@code traces} covers in {@code dir/traces/} (see {@link TraceExport#fileName}). */
    public static ExperimentRunner.Sink partsSink(Experiment x, Path dir, TraceExport.Scope traces) throws IOException {
        Path parts = Files.createDirectories(dir.resolve("parts"));
        Map<Integer, String> names = FileNames.names(x);
        return (run, s) -> {
            if (traces.covers(s.replication)) {
                String json = TraceExport.fileName(names.get(s.point.index()), s.replication);
                Double end = s.metrics.get("end_time_ns");
                TraceExport.write(dir.resolve("traces").resolve(json), s.point.label(), s.replication, s.fullSchedule, s.instants,
                        s.fullScheduleCut, s.tasks, s.wakes, s.series, end == null ? -1 : end.longValue());
                SchedTextExport.write(dir.resolve("traces").resolve(SchedTextExport.fileName(json)), s.fullSchedule, s.wakes,
                        s.fullScheduleCut, s.tasks);
            }
            try (TextOut t = new TextOut(Files.newOutputStream(parts.resolve(run + ".tasks")));
                    Writer ts = Files.newBufferedWriter(parts.resolve(run + ".timeseries"), StandardCharsets.UTF_8);
                    Writer sc = Files.newBufferedWriter(parts.resolve(run + ".schedule"), StandardCharsets.UTF_8)) {
                appendTasks(s, x, t);
                appendSeries(s, x, ts);
                appendSchedule(s, x, sc);
            }
        };
    }

    /** tasks.csv, timeseries.csv, schedule.csv: from part files in run order when they exist, else from memory. */
    private static void perRunFiles(ExperimentRunner.Result r, List<String> factors, Path dir) throws IOException {
        Experiment x = r.experiment();
        String[] headers = {header("run,replication", factors) + TASKS_COLUMNS, header("run,replication", factors) + ",series,time_ns,value\n",
                header("run", factors) + ",cpu,pid,task,start_ns,end_ns\n"};
        Path parts = dir.resolve("parts");
        for (int k = 0; k < PARTS.size(); k++) {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve(PARTS.get(k) + ".csv")))) {
                out.write(headers[k].getBytes(StandardCharsets.UTF_8));
                if (Files.isDirectory(parts)) {
                    for (RunSummary s : r.runs()) {
                        Path part = parts.resolve(runIndex(s, x) + "." + PARTS.get(k));
                        Files.copy(part, out);
                        Files.delete(part);
                    }
                } else {
                    Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                    TextOut c = new TextOut(out);
                    for (RunSummary s : r.runs()) {
                        if (k == 0) appendTasks(s, x, c);
                        else if (k == 1) appendSeries(s, x, w);
                        else appendSchedule(s, x, w);
                    }
                    c.flush();
                    w.flush();
                }
            }
        }
        if (Files.isDirectory(parts)) AtomicOutput.deleteTree(parts); // parts of runs stopped by Ctrl-C, if any
    }

}

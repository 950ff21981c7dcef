package dev.procsim.report.files;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's schedule in the Trace Event Format (the JSON that Perfetto UI and {@code chrome://tracing}
 * open): process 1 "CPUs" with a track per CPU, process 2 "Tasks" with a track per task (its PID),
 * a complete event ({@code "ph": "X"}) per schedule segment on both, and instant events
 * ({@code "ph": "i"}) on the task's track for its arrival (fork or workload arrival), each exec,
 * each fork it was refused (with the limit), each deadline miss (at the deadline) and its exit;
 * between a task's runs, slices of its state ({@link TaskStates}: runnable, sleeping with the
 * reason, its state at the end), flows ({@code "ph": "s"} / {@code "f"}) from the waker's run at
 * each wake-up and from the parent at each fork to the task's next run, and process 3 "Counters"
 * with the run's time series ({@code "ph": "C"}). {@code otherData} names the procsim version
 * that wrote it. Times are microseconds with three decimals, so nanoseconds are exact. Written as
 * the run finishes, while its task records are still in memory; the same run gives the same bytes.
 */
public final class TraceExport {
    static final int CPU_PROCESS = 1;
    static final int TASK_PROCESS = 2;
    static final int COUNTER_PROCESS = 3;

    private TraceExport() {}

    /** Which runs get a trace: each combination's first replication (the default), every run, or none. */
    public enum Scope {
        FIRST, ALL, NONE;

        boolean covers(int replication) {
            return this == ALL || (this == FIRST && replication == 0);
        }
    }

    /** A run's trace file under {@code traces/}: the first replication as {@code <combination>.json}, the others {@code <combination>.rep<N>.json}. */
    static String fileName(String combination, int replication) {
        return replication == 0 ? combination + ".json" : combination + ".rep" + replication + ".json";
    }

    /** Writes {@code file}: the schedule segments and task instants of one run. */
    public static void write(Path file, String label, int replication, List<ScheduleLog.Segment> schedule,
            List<ScheduleLog.Instant> instants, boolean scheduleCut, List<TaskRecord> tasks) throws IOException {
        write(file, label, replication, schedule, instants, scheduleCut, tasks, ScheduleLog.Wakes.NONE, List.of(), -1);
    }

    /**
     * As above, and each task's states between its runs (runnable, sleeping with the reason, its
     * state at the end) as slices on its track, the wake-up and fork flows (arrows from the waker
     * or parent to the task's next run), and the run's time series as counters ({@code series},
     * process 3 "Counters"); {@code end} the run's end (-1: the last segment's).
     */
    public static void write(Path file, String label, int replication, List<ScheduleLog.Segment> schedule,
            List<ScheduleLog.Instant> instants, boolean scheduleCut, List<TaskRecord> tasks, ScheduleLog.Wakes wakes,
            List<dev.procsim.report.run.RunSummary.Series> series, long end) throws IOException {
        Files.createDirectories(file.getParent());
        try (TextOut w = new TextOut(Files.newOutputStream(file))) {
            w.raw("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"procsim\",\"combination\":");
            w.json(label);
            w.raw(",\"replication\":").num(replication).raw(",\"segments\":").num(schedule.size()).raw(",\"segments_cut\":")
                    .raw(String.valueOf(scheduleCut)).raw(",\"procsim_version\":").json(dev.procsim.report.text.Version.text()).raw("},\n");
            w.raw("\"traceEvents\":[\n");
            meta(w, CPU_PROCESS, -1, "process_name", "CPUs");
            w.raw(",\n");
            meta(w, TASK_PROCESS, -1, "process_name", "Tasks");
            int cpus = 0;
            Map<Integer, String> names = new TreeMap<>();
            for (ScheduleLog.Segment s : schedule) {
                cpus = Math.max(cpus, s.cpu() + 1);
                names.putIfAbsent(s.pid(), s.task());
            }
            for (TaskRecord t : tasks) names.putIfAbsent(t.pid(), t.name());
            for (ScheduleLog.Instant i : instants) names.putIfAbsent(i.pid(), "pid " + i.pid());
            for (int c = 0; c < cpus; c++) {
                w.raw(",\n");
                meta(w, CPU_PROCESS, c, "thread_name", "CPU " + c);
            }
            for (var e : names.entrySet()) {
                w.raw(",\n");
                meta(w, TASK_PROCESS, e.getKey(), "thread_name", e.getValue() + " (" + e.getKey() + ")");
            }
            for (ScheduleLog.Segment s : schedule) {
                w.raw(",\n{\"ph\":\"X\",\"pid\":").num(CPU_PROCESS).raw(",\"tid\":").num(s.cpu()).raw(",\"ts\":").micros(s.start())
                        .raw(",\"dur\":").micros(s.end() - s.start()).raw(",\"name\":").json(s.task())
                        .raw(",\"args\":{\"pid\":").num(s.pid()).raw("}}");
                w.raw(",\n{\"ph\":\"X\",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(s.pid()).raw(",\"ts\":").micros(s.start())
                        .raw(",\"dur\":").micros(s.end() - s.start()).raw(",\"name\":\"running\",\"args\":{\"cpu\":").num(s.cpu()).raw("}}");
            }
            List<TaskRecord> sorted = new ArrayList<>(tasks);
            sorted.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
            for (TaskRecord t : sorted) {
                if (t.arrival() >= 0) instant(w, t.pid(), t.arrival(), t.ppid() > 1 ? "fork" : "arrive", "parent", t.ppid());
                if (t.finish() >= 0) instant(w, t.pid(), t.finish(), "exit", "status", t.exitStatus());
            }
            for (ScheduleLog.Instant i : instants) {
                w.raw(",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(i.pid()).raw(",\"ts\":")
                        .micros(i.time()).raw(",\"name\":\"").raw(i.kind()).raw("\",\"args\":{\"")
                        .raw(i.kind().equals("exec") ? "program" : i.kind().equals("fork-failed") ? "limit" : "how").raw("\":");
                w.json(i.detail());
                w.raw("}}");
            }
            long last = end >= 0 ? end : schedule.stream().mapToLong(ScheduleLog.Segment::end).max().orElse(0);
            TaskStates states = new TaskStates(schedule, wakes, tasks, last);
            for (TaskStates.Slice x : states.slices) {
                w.raw(",\n{\"ph\":\"X\",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(x.pid()).raw(",\"ts\":").micros(x.start())
                        .raw(",\"dur\":").micros(x.end() - x.start()).raw(",\"name\":").json(x.name()).raw(",\"cat\":\"state\"}");
            }
            int id = 0;
            for (TaskStates.Flow f : states.flows) {
                id++;
                w.raw(",\n{\"ph\":\"s\",\"id\":").num(id).raw(",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(f.fromPid()).raw(",\"ts\":")
                        .micros(f.from()).raw(",\"name\":\"").raw(f.name()).raw("\",\"cat\":\"").raw(f.name()).raw("\"}");
                w.raw(",\n{\"ph\":\"f\",\"bp\":\"e\",\"id\":").num(id).raw(",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(f.toPid())
                        .raw(",\"ts\":").micros(f.to()).raw(",\"name\":\"").raw(f.name()).raw("\",\"cat\":\"").raw(f.name()).raw("\"}");
            }
            boolean counters = false;
            for (dev.procsim.report.run.RunSummary.Series ser : series) {
                if (ser.byCpu()) continue;
                if (!counters) {
                    w.raw(",\n");
                    meta(w, COUNTER_PROCESS, -1, "process_name", "Counters");
                    counters = true;
                }
                for (int i = 0; i < ser.times().length; i++) {
                    w.raw(",\n{\"ph\":\"C\",\"pid\":").num(COUNTER_PROCESS).raw(",\"ts\":").micros(ser.times()[i]).raw(",\"name\":")
                            .json(ser.name()).raw(",\"args\":{\"value\":").num(ser.values()[i]).raw("}}");
                }
            }
            w.raw("\n]}\n");
        }
    }

    private static void instant(TextOut w, int pid, long at, String name, String arg, int value) throws IOException {
        w.raw(",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":").num(TASK_PROCESS).raw(",\"tid\":").num(pid).raw(",\"ts\":").micros(at)
                .raw(",\"name\":\"").raw(name).raw("\",\"args\":{\"").raw(arg).raw("\":").num(value).raw("}}");
    }

    private static void meta(TextOut w, int pid, int tid, String what, String name) throws IOException {
        w.raw("{\"ph\":\"M\",\"pid\":").num(pid);
        if (tid >= 0) w.raw(",\"tid\":").num(tid);
        w.raw(",\"name\":\"").raw(what).raw("\",\"args\":{\"name\":").json(name).raw("}}");
    }

    /** Nanoseconds as microseconds with exactly three decimals. */
    static String micros(long ns) {
        String frac = Long.toString(1000 + ns % 1000).substring(1);
        return ns / 1000 + "." + frac;
    }

}

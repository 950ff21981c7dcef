package dev.procsim.report;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.workload.Experiment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's schedule in the Trace Event Format (the JSON that Perfetto UI and {@code chrome://tracing}
 * open): process 1 "CPUs" with a track per CPU, process 2 "Tasks" with a track per task (its PID),
 * a complete event ({@code "ph": "X"}) per schedule segment on both, and instant events
 * ({@code "ph": "i"}) on the task's track for its arrival (fork or workload arrival), each exec,
 * each fork it was refused (with the limit), each deadline miss (at the deadline) and its exit. Times are
 * microseconds with three decimals, so nanoseconds are exact. Written as the run finishes, while
 * its task records are still in memory; the same run gives the same bytes.
 */
public final class TraceExport {
    static final int CPU_PROCESS = 1;
    static final int TASK_PROCESS = 2;

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

    /** File names for each combination: its label made safe for a file name, unique within the experiment. */
    public static Map<Integer, String> names(Experiment x) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (Experiment.Point p : x.points()) {
            String s = slug(x.shortLabel(p));
            int n = used.merge(s, 1, Integer::sum);
            out.put(p.index(), n == 1 ? s : s + "-" + n);
        }
        return out;
    }

    /** Lower case letters, digits, '.', '=' kept; every other run of characters becomes one '-'. */
    static String slug(String label) {
        StringBuilder b = new StringBuilder();
        for (char c : label.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '=';
            if (keep) b.append(c);
            else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') b.append('-');
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '-') b.setLength(b.length() - 1);
        return b.length() == 0 ? "run" : b.toString();
    }

    /** Writes {@code file}: the schedule segments and task instants of one run. */
    public static void write(Path file, String label, int replication, List<ScheduleLog.Segment> schedule,
            List<ScheduleLog.Instant> instants, boolean scheduleCut, List<TaskRecord> tasks) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"procsim\",\"combination\":");
            string(w, label);
            w.write(",\"replication\":" + replication + ",\"segments\":" + schedule.size() + ",\"segments_cut\":" + scheduleCut + "},\n");
            w.write("\"traceEvents\":[\n");
            meta(w, CPU_PROCESS, -1, "process_name", "CPUs");
            w.write(",\n");
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
                w.write(",\n");
                meta(w, CPU_PROCESS, c, "thread_name", "CPU " + c);
            }
            for (var e : names.entrySet()) {
                w.write(",\n");
                meta(w, TASK_PROCESS, e.getKey(), "thread_name", e.getValue() + " (" + e.getKey() + ")");
            }
            for (ScheduleLog.Segment s : schedule) {
                w.write(",\n{\"ph\":\"X\",\"pid\":" + CPU_PROCESS + ",\"tid\":" + s.cpu() + ",\"ts\":" + micros(s.start()) + ",\"dur\":"
                        + micros(s.end() - s.start()) + ",\"name\":");
                string(w, s.task());
                w.write(",\"args\":{\"pid\":" + s.pid() + "}}");
                w.write(",\n{\"ph\":\"X\",\"pid\":" + TASK_PROCESS + ",\"tid\":" + s.pid() + ",\"ts\":" + micros(s.start()) + ",\"dur\":"
                        + micros(s.end() - s.start()) + ",\"name\":\"running\",\"args\":{\"cpu\":" + s.cpu() + "}}");
            }
            List<TaskRecord> sorted = new ArrayList<>(tasks);
            sorted.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
            for (TaskRecord t : sorted) {
                if (t.arrival() >= 0) instant(w, t.pid(), t.arrival(), t.ppid() > 1 ? "fork" : "arrive", "parent", t.ppid());
                if (t.finish() >= 0) instant(w, t.pid(), t.finish(), "exit", "status", t.exitStatus());
            }
            for (ScheduleLog.Instant i : instants) {
                w.write(",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":" + TASK_PROCESS + ",\"tid\":" + i.pid() + ",\"ts\":" + micros(i.time())
                        + ",\"name\":\"" + i.kind() + "\",\"args\":{\"" + (i.kind().equals("exec") ? "program" : i.kind().equals("fork-failed") ? "limit" : "how")
                        + "\":");
                string(w, i.detail());
                w.write("}}");
            }
            w.write("\n]}\n");
        }
    }

    private static void instant(Writer w, int pid, long at, String name, String arg, int value) throws IOException {
        w.write(",\n{\"ph\":\"i\",\"s\":\"t\",\"pid\":" + TASK_PROCESS + ",\"tid\":" + pid + ",\"ts\":" + micros(at) + ",\"name\":\"" + name
                + "\",\"args\":{\"" + arg + "\":" + value + "}}");
    }

    private static void meta(Writer w, int pid, int tid, String what, String name) throws IOException {
        w.write("{\"ph\":\"M\",\"pid\":" + pid + (tid >= 0 ? ",\"tid\":" + tid : "") + ",\"name\":\"" + what + "\",\"args\":{\"name\":");
        string(w, name);
        w.write("}}");
    }

    /** Nanoseconds as microseconds with exactly three decimals. */
    static String micros(long ns) {
        String frac = Long.toString(1000 + ns % 1000).substring(1);
        return ns / 1000 + "." + frac;
    }

    static void string(Writer w, String s) throws IOException {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        w.write(b.append('"').toString());
    }
}

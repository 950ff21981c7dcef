package dev.procsim.workload.trace;

import dev.procsim.workload.InputError;
import dev.procsim.workload.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scheduler trace as text, one line at a time (a trace of any size streams), and hands
 * each scheduling event to a {@link SchedEvents} (a {@link TraceTimelines}, or a measurement). Two formats, told apart line by line:
 * <ul>
 *   <li>{@code perf script} of a {@code perf sched record} session:
 *       {@code COMM PID [CPU] SECS.FRAC: sched:EVENT: FIELDS} ({@code PID/TID} also read);</li>
 *   <li>ftrace and {@code trace-cmd report} text: {@code COMM-PID [CPU] FLAGS SECS.FRAC: EVENT: FIELDS}
 *       (the flags column optional).</li>
 * </ul>
 * Events read: {@code sched_switch}, {@code sched_waking} and {@code sched_wakeup},
 * {@code sched_wakeup_new}, {@code sched_process_fork}, {@code sched_process_exec},
 * {@code sched_process_exit}; other events
 * (sched_stat_runtime, sched_migrate_task, irq, ...) are counted and skipped, as are blank lines
 * and {@code #} comments (ftrace's header). A line that is neither, a known event whose fields do
 * not parse, or a time earlier than the line before is an error naming the line and column.
 * Times are kept in integer nanoseconds (microsecond traces are exact multiples of 1,000).
 */
public final class SchedTraceReader {
    private static final Pattern PERF = Pattern.compile("^\\s*(.*?)\\s+(-?\\d+)(?:/(-?\\d+))?\\s+\\[(\\d+)\\]\\s+(?:\\S+\\s+)?(\\d+)\\.(\\d+):\\s+(?:\\d+\\s+)?([\\w:]+):\\s*(.*)$");
    private static final Pattern FTRACE = Pattern.compile("^\\s*(.*)-(\\d+)\\s+(?:\\(\\s*[\\d-]*\\)\\s+)?\\[(\\d+)\\]\\s+(?:[\\w.]{4,6}\\s+)?(\\d+)\\.(\\d+):\\s+([\\w:]+):\\s*(.*)$");
    private static final Pattern SWITCH = Pattern.compile("prev_comm=(.*) prev_pid=(\\d+) prev_prio=(-?\\d+) prev_state=(\\S+) ==> next_comm=(.*) next_pid=(\\d+) next_prio=(-?\\d+)\\s*$");
    private static final Pattern WAKE = Pattern.compile("comm=(.*) pid=(\\d+) prio=(-?\\d+)(?: success=\\d+)? target_cpu=(\\d+)\\s*$");
    /** trace-cmd report's own rendering of the same events (libtraceevent's plugin_sched_switch.c). */
    private static final Pattern SWITCH_TC = Pattern.compile("(.*):(\\d+) \\[(-?\\d+)\\] (\\S+) ==> (.*):(\\d+) \\[(-?\\d+)\\]\\s*$");
    private static final Pattern WAKE_TC = Pattern.compile("(.*):(\\d+) \\[(-?\\d+)\\](?: success=\\d+)? CPU:(\\d+)\\s*$");
    private static final Pattern FORK = Pattern.compile("comm=(.*) pid=(\\d+) child_comm=(.*) child_pid=(\\d+)\\s*$");
    private static final Pattern EXEC = Pattern.compile("filename=(.*) pid=(\\d+) old_pid=(\\d+)\\s*$");
    private static final Pattern EXIT = Pattern.compile("comm=(.*) pid=(\\d+) prio=(-?\\d+)(?: group_dead=\\w+)?\\s*$");

    private final String file;
    private final SchedEvents out;
    private long lastTime = Long.MIN_VALUE;
    private long lines, events, skipped;

    public SchedTraceReader(String file, SchedEvents out) {
        this.file = file;
        this.out = out;
    }

    /** Reads every line; throws {@link InputException} at the first bad one, {@link IOException} as the reader does. */
    public void read(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lines++;
            line(line);
        }
        if (events == 0) throw error(0, 0, "trace", "no scheduling events found (expected the text of 'perf script' after 'perf sched record',"
                + " or ftrace/trace-cmd text with sched_switch events)");
        out.end(lastTime);
    }

    public long lines() { return lines; }
    public long events() { return events; }
    /** Events of other kinds, skipped. */
    public long skipped() { return skipped; }

    private void line(String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return;
        Matcher m = PERF.matcher(line);
        String comm, event, fields;
        int pid, cpu;
        long t;
        int fieldsAt;
        if (m.matches()) {
            comm = m.group(1);
            // perf prints ':-1 -1' for a task it can no longer name (a child's last events after its parent reaped it): no waker known
            pid = Math.max(0, parseInt(m.group(3) != null ? m.group(3) : m.group(2), m.start(2), "pid"));
            cpu = parseInt(m.group(4), m.start(4), "cpu");
            t = time(m.group(5), m.group(6), m.start(5));
            event = m.group(7);
            fields = m.group(8);
            fieldsAt = m.start(8);
        } else if ((m = FTRACE.matcher(line)).matches()) {
            comm = m.group(1);
            pid = parseInt(m.group(2), m.start(2), "pid");
            cpu = parseInt(m.group(3), m.start(3), "cpu");
            t = time(m.group(4), m.group(5), m.start(4));
            event = m.group(6);
            fields = m.group(7);
            fieldsAt = m.start(7);
        } else {
            throw error(1, "line", "not a trace event: expected 'COMM PID [CPU] SECONDS: EVENT: FIELDS' (perf script)"
                    + " or 'COMM-PID [CPU] SECONDS: EVENT: FIELDS' (ftrace); a truncated or damaged line?");
        }
        if (t < lastTime) {
            throw error(m.start(m.groupCount() - 3) + 1, "time", String.format(java.util.Locale.ROOT,
                    "time goes backwards: %s s after %s s on an earlier line (a trace merged out of order? sort it by time)",
                    seconds(t), seconds(lastTime)));
        }
        lastTime = t;
        String name = event.startsWith("sched:") ? event.substring(6) : event;
        switch (name) {
            case "sched_switch" -> {
                Matcher f = fields(SWITCH, SWITCH_TC, fields, fieldsAt, name,
                        "prev_comm=C prev_pid=N prev_prio=N prev_state=S ==> next_comm=C next_pid=N next_prio=N (or trace-cmd's C:N [P] S ==> C:N [P])");
                out.onSwitch(t, cpu, parseInt(f.group(2), fieldsAt, "prev_pid"), f.group(1), parseInt(f.group(3), fieldsAt, "prev_prio"),
                        f.group(4), parseInt(f.group(6), fieldsAt, "next_pid"), f.group(5), parseInt(f.group(7), fieldsAt, "next_prio"));
            }
            case "sched_waking", "sched_wakeup" -> {
                Matcher f = fields(WAKE, WAKE_TC, fields, fieldsAt, name, "comm=C pid=N prio=N target_cpu=N (or trace-cmd's C:N [P] CPU:N)");
                out.onWake(t, cpu, pid, parseInt(f.group(2), fieldsAt, "pid"), f.group(1), parseInt(f.group(3), fieldsAt, "prio"));
            }
            case "sched_wakeup_new" -> {
                Matcher f = fields(WAKE, WAKE_TC, fields, fieldsAt, name, "comm=C pid=N prio=N target_cpu=N (or trace-cmd's C:N [P] CPU:N)");
                out.onWakeNew(t, parseInt(f.group(2), fieldsAt, "pid"), f.group(1), parseInt(f.group(3), fieldsAt, "prio"));
            }
            case "sched_process_fork" -> {
                Matcher f = fields(FORK, fields, fieldsAt, name, "comm=C pid=N child_comm=C child_pid=N");
                out.onFork(t, cpu, parseInt(f.group(2), fieldsAt, "pid"), f.group(1), parseInt(f.group(4), fieldsAt, "child_pid"), f.group(3));
            }
            case "sched_process_exec" -> {
                Matcher f = fields(EXEC, fields, fieldsAt, name, "filename=F pid=N old_pid=N");
                out.onExec(t, parseInt(f.group(2), fieldsAt, "pid"), f.group(1));
            }
            case "sched_process_exit" -> {
                Matcher f = fields(EXIT, fields, fieldsAt, name, "comm=C pid=N prio=N");
                out.onExit(t, parseInt(f.group(2), fieldsAt, "pid"));
            }
            default -> {
                skipped++;
                return;
            }
        }
        events++;
        if (comm.isEmpty()) throw error(1, "comm", "no task name before the PID");
    }

    private Matcher fields(Pattern p, Pattern or, String fields, int at, String event, String expected) {
        Matcher f = p.matcher(fields);
        if (!f.matches()) f = or.matcher(fields);
        if (!f.matches()) throw error(at + 1, event, "fields do not parse: expected '" + expected + "', found '" + fields + "'");
        return f;
    }

    private Matcher fields(Pattern p, String fields, int at, String event, String expected) {
        Matcher f = p.matcher(fields);
        if (!f.matches()) throw error(at + 1, event, "fields do not parse: expected '" + expected + "', found '" + fields + "'");
        return f;
    }

    private long time(String secs, String frac, int at) {
        if (frac.length() > 9 || secs.length() > 9) throw error(at + 1, "time", "a time of more than 9 digits before or after the point: '" + secs + "." + frac + "'");
        long ns = Long.parseLong(frac);
        for (int i = frac.length(); i < 9; i++) ns *= 10;
        return Long.parseLong(secs) * 1_000_000_000L + ns;
    }

    private int parseInt(String s, int at, String field) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(at + 1, field, "not a whole number that fits: '" + s + "'");
        }
    }

    private static String seconds(long ns) {
        return String.format(java.util.Locale.ROOT, "%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L);
    }

    private InputException error(int column, String field, String message) {
        return error(lines, column, field, message);
    }

    private InputException error(long line, int column, String field, String message) {
        return new InputException(List.of(new InputError(file, (int) Math.min(line, Integer.MAX_VALUE - 1), column, field, message)));
    }
}

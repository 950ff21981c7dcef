package dev.procsim.report.files;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A run's schedule as ftrace text ({@code traces/<combination>.sched.txt.gz}), the format
 * {@code procsim import} and {@code procsim compare} read, so that a simulation and a recording
 * of Linux are measured by the same code: for each schedule segment a {@code sched_switch} from
 * the idle task at its start and one to the idle task at its end, and a {@code sched_waking} for
 * each wake-up with the waker as the line's task ({@code <idle>-0} for a timer), and a
 * {@code sched_wakeup_new} at each task's arrival (fork or workload arrival). The state at a
 * switch-out: X when the task exited then, S when its next event is a wake-up, else R (preempted,
 * or yielding). Names are procsim's task names, PIDs its PIDs, priority 120. Gzip with no time
 * in its header: the same run gives the same bytes.
 */
public final class SchedTextExport {
    private SchedTextExport() {}

    /** The file beside the run's JSON trace: {@code <combination>.sched.txt.gz}. */
    static String fileName(String jsonName) {
        return jsonName.substring(0, jsonName.length() - ".json".length()) + ".sched.txt.gz";
    }

    public static void write(Path file, List<ScheduleLog.Segment> schedule, ScheduleLog.Wakes wakes, boolean cut, List<TaskRecord> tasks)
            throws IOException {
        // per task (by PID): its segments' starts in order, its wake-up times, its exit (the record of the PID's last task)
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, long[]> wakeTimes = new HashMap<>();
        Map<Integer, Integer> wakeCount = new HashMap<>();
        for (ScheduleLog.Segment s : schedule) names.putIfAbsent(s.pid(), s.task());
        for (int i = 0; i < wakes.count(); i++) {
            int pid = wakes.pid()[i];
            int n = wakeCount.getOrDefault(pid, 0);
            long[] a = wakeTimes.computeIfAbsent(pid, k -> new long[4]);
            if (n == a.length) wakeTimes.put(pid, a = Arrays.copyOf(a, n * 2));
            a[n] = wakes.time()[i];
            wakeCount.put(pid, n + 1);
        }
        java.util.Set<Exit> exits = new java.util.HashSet<>();
        for (TaskRecord r : tasks) if (r.finish() >= 0) exits.add(new Exit(r.pid(), r.finish()));
        List<ScheduleLog.Segment> byStart = new ArrayList<>(schedule);
        byStart.sort((a, b) -> a.start() != b.start() ? Long.compare(a.start(), b.start()) : Integer.compare(a.cpu(), b.cpu()));
        long[] nextStart = new long[byStart.size()]; // the start of the same task's next segment, or MAX_VALUE
        Map<Integer, Long> later = new HashMap<>();
        for (int j = byStart.size() - 1; j >= 0; j--) {
            ScheduleLog.Segment s = byStart.get(j);
            nextStart[j] = later.getOrDefault(s.pid(), Long.MAX_VALUE);
            later.put(s.pid(), s.start());
        }
        // each segment's state at its end: X when its task exited then, S when its next event is a wake-up, else R
        char[] state = new char[byStart.size()];
        Map<Integer, Integer> nextWake = new HashMap<>();
        for (int j = 0; j < byStart.size(); j++) {
            ScheduleLog.Segment s = byStart.get(j);
            state[j] = 'R';
            if (exits.contains(new Exit(s.pid(), s.end()))) {
                state[j] = 'X';
                continue;
            }
            long[] w = wakeTimes.get(s.pid());
            int n = wakeCount.getOrDefault(s.pid(), 0), i = nextWake.getOrDefault(s.pid(), 0);
            while (i < n && w[i] < s.end()) i++;
            nextWake.put(s.pid(), i);
            if (i < n && nextStart[j] >= w[i]) state[j] = 'S';
        }
        // events as (time, order at one instant: switch-outs, wake-ups, switch-ins; kind; index), formatted as they are written
        List<TaskRecord> arrivals = new ArrayList<>();
        for (TaskRecord r : tasks) if (r.arrival() >= 0) arrivals.add(r);
        long[][] order = new long[byStart.size() * 2 + wakes.count() + arrivals.size()][];
        int e = 0;
        for (int j = 0; j < byStart.size(); j++) {
            order[e++] = new long[] {byStart.get(j).start(), 2, SWITCH_IN, j};
            order[e++] = new long[] {byStart.get(j).end(), 0, SWITCH_OUT, j};
        }
        for (int i = 0; i < wakes.count(); i++) order[e++] = new long[] {wakes.time()[i], 1, WAKE, i};
        for (int i = 0; i < arrivals.size(); i++) order[e++] = new long[] {arrivals.get(i).arrival(), 1, NEW_TASK, i};
        java.util.Arrays.sort(order, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1])
                : a[2] != b[2] ? Long.compare(a[2], b[2]) : Long.compare(a[3], b[3]));
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write("# tracer: procsim (simulated schedule; read by procsim import and procsim compare)\n");
            if (cut) w.write("# the schedule log reached kernel.max_schedule_segments: later events are missing\n");
            for (long[] o : order) {
                int x = (int) o[3];
                switch ((int) o[2]) {
                    case SWITCH_IN -> {
                        ScheduleLog.Segment s = byStart.get(x);
                        w.write(line("<idle>", 0, s.cpu(), s.start(), "sched_switch", "prev_comm=swapper/" + s.cpu()
                                + " prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=" + s.task() + " next_pid=" + s.pid() + " next_prio=120"));
                    }
                    case SWITCH_OUT -> {
                        ScheduleLog.Segment s = byStart.get(x);
                        w.write(line(s.task(), s.pid(), s.cpu(), s.end(), "sched_switch", "prev_comm=" + s.task() + " prev_pid=" + s.pid()
                                + " prev_prio=120 prev_state=" + state[x] + " ==> next_comm=swapper/" + s.cpu() + " next_pid=0 next_prio=120"));
                    }
                    case WAKE -> {
                        int pid = wakes.pid()[x], waker = wakes.waker()[x], cpu = wakes.wakerCpu()[x];
                        w.write(line(waker == 0 ? "<idle>" : names.getOrDefault(waker, "pid" + waker), waker, cpu, wakes.time()[x], "sched_waking",
                                "comm=" + names.getOrDefault(pid, "pid" + pid) + " pid=" + pid + " prio=120 target_cpu="
                                + String.format(java.util.Locale.ROOT, "%03d", cpu)));
                    }
                    default -> {
                        TaskRecord r = arrivals.get(x);
                        w.write(line("<idle>", 0, 0, r.arrival(), "sched_wakeup_new", "comm=" + r.name() + " pid=" + r.pid() + " prio=120 target_cpu=000"));
                    }
                }
            }
        }
    }

    /** A task's exit: its PID and time. */
    private record Exit(int pid, long time) {}

    private static final int SWITCH_OUT = 0, WAKE = 1, NEW_TASK = 2, SWITCH_IN = 3;

    private static String line(String comm, int pid, int cpu, long t, String event, String fields) {
        return String.format(java.util.Locale.ROOT, "%16s-%-7d [%03d] %d.%09d: %s: %s%n", comm, pid, cpu, t / 1_000_000_000L, t % 1_000_000_000L,
                event, fields);
    }
}

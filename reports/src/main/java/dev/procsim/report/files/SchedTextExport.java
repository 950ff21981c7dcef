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
        Map<Long, Boolean> exits = new HashMap<>(); // pid << 32 ^ finish time
        for (TaskRecord r : tasks) if (r.finish() >= 0) exits.put(key(r.pid(), r.finish()), Boolean.TRUE);
        // events: (time, order, line); order: switch-outs, then wake-ups, then switch-ins at one instant
        List<long[]> order = new ArrayList<>(schedule.size() * 2 + wakes.count());
        List<String> lines = new ArrayList<>(schedule.size() * 2 + wakes.count());
        Map<Integer, Integer> nextWake = new HashMap<>();
        List<ScheduleLog.Segment> byStart = new ArrayList<>(schedule);
        byStart.sort((a, b) -> a.start() != b.start() ? Long.compare(a.start(), b.start()) : Integer.compare(a.cpu(), b.cpu()));
        long[] nextStart = new long[byStart.size()]; // the start of the same task's next segment, or MAX_VALUE
        Map<Integer, Long> later = new HashMap<>();
        for (int j = byStart.size() - 1; j >= 0; j--) {
            ScheduleLog.Segment s = byStart.get(j);
            nextStart[j] = later.getOrDefault(s.pid(), Long.MAX_VALUE);
            later.put(s.pid(), s.start());
        }
        for (int j = 0; j < byStart.size(); j++) {
            ScheduleLog.Segment s = byStart.get(j);
            String name = s.task();
            lines.add(line("<idle>", 0, s.cpu(), s.start(), "sched_switch", "prev_comm=swapper/" + s.cpu() + " prev_pid=0 prev_prio=120 prev_state=R ==> next_comm="
                    + name + " next_pid=" + s.pid() + " next_prio=120"));
            order.add(new long[] {s.start(), 2, lines.size() - 1});
            char state = 'R';
            if (exits.containsKey(key(s.pid(), s.end()))) state = 'X';
            else {
                long[] w = wakeTimes.get(s.pid());
                int n = wakeCount.getOrDefault(s.pid(), 0), i = nextWake.getOrDefault(s.pid(), 0);
                while (i < n && w[i] < s.end()) i++;
                nextWake.put(s.pid(), i);
                if (i < n && nextStart[j] >= w[i]) state = 'S';
            }
            lines.add(line(name, s.pid(), s.cpu(), s.end(), "sched_switch", "prev_comm=" + name + " prev_pid=" + s.pid()
                    + " prev_prio=120 prev_state=" + state + " ==> next_comm=swapper/" + s.cpu() + " next_pid=0 next_prio=120"));
            order.add(new long[] {s.end(), 0, lines.size() - 1});
        }
        for (int i = 0; i < wakes.count(); i++) {
            int pid = wakes.pid()[i], waker = wakes.waker()[i];
            String wn = waker == 0 ? "<idle>" : names.getOrDefault(waker, "pid" + waker);
            lines.add(line(wn, waker, wakes.wakerCpu()[i], wakes.time()[i], "sched_waking", "comm=" + names.getOrDefault(pid, "pid" + pid) + " pid=" + pid
                    + " prio=120 target_cpu=" + String.format(java.util.Locale.ROOT, "%03d", wakes.wakerCpu()[i])));
            order.add(new long[] {wakes.time()[i], 1, lines.size() - 1});
        }
        for (TaskRecord r : tasks) { // a new task's first wake-up (fork or arrival): where its first wake-up latency starts
            if (r.arrival() < 0) continue;
            lines.add(line("<idle>", 0, 0, r.arrival(), "sched_wakeup_new", "comm=" + r.name() + " pid=" + r.pid() + " prio=120 target_cpu=000"));
            order.add(new long[] {r.arrival(), 1, lines.size() - 1});
        }
        order.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            w.write("# tracer: procsim (simulated schedule; read by procsim import and procsim compare)\n");
            if (cut) w.write("# the schedule log reached kernel.max_schedule_segments: later events are missing\n");
            for (long[] o : order) w.write(lines.get((int) o[2]));
        }
    }

    private static long key(int pid, long time) {
        return (long) pid << 40 ^ time;
    }

    private static String line(String comm, int pid, int cpu, long t, String event, String fields) {
        return String.format(java.util.Locale.ROOT, "%16s-%-7d [%03d] %d.%09d: %s: %s%n", comm, pid, cpu, t / 1_000_000_000L, t % 1_000_000_000L,
                event, fields);
    }
}

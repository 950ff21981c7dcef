package dev.procsim.report.files;

import dev.procsim.kernel.BlockReason;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.kernel.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each task was doing when it was not running, for the trace's task tracks: from its
 * arrival to its exit (or the end of the run), the gaps between its running segments are
 * {@code runnable} (waiting for a CPU) or {@code sleeping: REASON} until a wake-up and runnable
 * after it; the time after its last segment is its state at the end of the run. Also the flows:
 * from the waker's running slice at each wake-up to the wakee's next one, and from a parent at
 * each fork to the child's first run. PIDs used again are told apart by each task's arrival and
 * exit.
 */
final class TaskStates {
    /** A stretch of one task's time on its track: [start, end), named. */
    record Slice(int pid, long start, long end, String name) {}

    /** An arrow from {@code fromPid}'s track at {@code from} to {@code toPid}'s at {@code to}. */
    record Flow(String name, int fromPid, long from, int toPid, long to) {}

    final List<Slice> slices = new ArrayList<>();
    final List<Flow> flows = new ArrayList<>();

    TaskStates(List<ScheduleLog.Segment> schedule, ScheduleLog.Wakes wakes, List<TaskRecord> tasks, long end) {
        Map<Integer, List<long[]>> segs = new HashMap<>(); // pid -> [start, end] in start order
        for (ScheduleLog.Segment s : schedule) segs.computeIfAbsent(s.pid(), k -> new ArrayList<>()).add(new long[] {s.start(), s.end()});
        for (List<long[]> l : segs.values()) l.sort((a, b) -> Long.compare(a[0], b[0]));
        Map<Integer, List<Integer>> wakesOf = new HashMap<>(); // pid -> wake indices in time order
        for (int i = 0; i < wakes.count(); i++) wakesOf.computeIfAbsent(wakes.pid()[i], k -> new ArrayList<>()).add(i);
        List<TaskRecord> sorted = new ArrayList<>(tasks);
        sorted.sort((a, b) -> a.pid() != b.pid() ? Integer.compare(a.pid(), b.pid()) : Long.compare(a.arrival(), b.arrival()));
        for (TaskRecord t : sorted) {
            if (t.arrival() < 0) continue;
            long life = t.finish() >= 0 ? t.finish() : end;
            List<long[]> mine = within(segs.getOrDefault(t.pid(), List.of()), t.arrival(), life);
            List<Integer> w = new ArrayList<>();
            for (int i : wakesOf.getOrDefault(t.pid(), List.of())) if (wakes.time()[i] >= t.arrival() && wakes.time()[i] <= life) w.add(i);
            int wi = 0;
            long at = t.arrival();
            boolean asleep = false;
            String why = null;
            for (long[] s : mine) {
                // the gap before this segment: asleep until a wake-up, if one comes, then runnable
                while (wi < w.size() && wakes.time()[w.get(wi)] <= s[0]) {
                    int k = w.get(wi++);
                    long wt = wakes.time()[k];
                    if (wt < at) continue; // blocked and woken within what the log shows as one run (the same instant)
                    if (wt > at) add(t.pid(), at, wt, "sleeping: " + reason(wakes.reason(k)));
                    at = Math.max(at, wt);
                    if (wakes.waker()[k] > 0) flows.add(new Flow("wake-up", wakes.waker()[k], wt, t.pid(), s[0]));
                }
                if (s[0] > at) add(t.pid(), at, s[0], "runnable");
                at = Math.max(at, s[1]);
            }
            // after the last segment: a wake-up still to come, else the state the run ended in
            while (wi < w.size()) {
                int k = w.get(wi++);
                long wt = wakes.time()[k];
                if (wt < at) continue;
                if (wt > at) add(t.pid(), at, wt, "sleeping: " + reason(wakes.reason(k)));
                at = Math.max(at, wt);
            }
            if (t.finish() < 0 && end > at) add(t.pid(), at, end, finalState(t));
            if (t.ppid() > 1 && !mine.isEmpty()) flows.add(new Flow("fork", t.ppid(), t.arrival(), t.pid(), mine.get(0)[0]));
        }
    }

    private void add(int pid, long start, long end, String name) {
        if (end > start) slices.add(new Slice(pid, start, end, name));
    }

    /** The segments that fall in [from, to]. */
    private static List<long[]> within(List<long[]> all, long from, long to) {
        List<long[]> out = new ArrayList<>();
        for (long[] s : all) if (s[0] >= from && s[1] <= to) out.add(s);
        return out;
    }

    private static String finalState(TaskRecord t) {
        if (t.state() == TaskState.BLOCKED) return "sleeping: " + reason(t.blockReason());
        if (t.state() == TaskState.STOPPED) return "stopped";
        if (t.state() == TaskState.ZOMBIE) return "zombie";
        return "runnable";
    }

    /** A block reason as the trace names it: sleep, wait, pipe empty, ... */
    static String reason(BlockReason r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @Override
    public String toString() {
        return Arrays.toString(slices.toArray()) + Arrays.toString(flows.toArray());
    }
}

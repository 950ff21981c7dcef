package dev.procsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dispatch log for Gantt charts: one segment per stretch of time a task ran on a CPU
 * (context-switch time excluded). A task kept on its CPU across a quantum expiry (nothing else was
 * ready) continues its segment. Stops recording past a limit and says so.
 */
public final class ScheduleLog {
    /** One stretch of execution; the task's name is its {@link TaskName}, printed by {@link #task()}. */
    public record Segment(int cpu, int pid, TaskName taskName, long start, long end) {
        /** A segment of the task named {@code task}. */
        public Segment(int cpu, int pid, String task, long start, long end) {
            this(cpu, pid, TaskName.of(task), start, end);
        }

        public String task() {
            return taskName.toString();
        }
    }

    /**
     * A moment in a task's life the schedule alone does not show: {@code exec} (detail: the new
     * program), {@code deadline-miss} (time: the missed deadline; detail: how it was missed) or
     * {@code fork-failed} (detail: the limit that refused it).
     */
    public record Instant(long time, int pid, String kind, String detail) {}

    /**
     * The wake-ups of blocked tasks, in time order: when, whom (PID), and who woke it (the PID of
     * the task whose program ran the waking call; 0 for a timer or the kernel's own events).
     */
    public record Wakes(long[] time, int[] pid, int[] waker, int[] wakerCpu, byte[] reason, int count) {
        /** No wake-ups. */
        public static final Wakes NONE = new Wakes(new long[0], new int[0], new int[0], new int[0], new byte[0], 0);

        /** Why the {@code i}-th woken task had been blocked. */
        public BlockReason reason(int i) {
            return BlockReason.values()[reason[i]];
        }
    }

    private long[] wakeTime = new long[0];
    private int[] wakePid = new int[0], wakeWaker = new int[0], wakeCpu = new int[0];
    private byte[] wakeReason = new byte[0];
    private int wakes;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Instant> instants = new ArrayList<>();
    private final int limit;
    private boolean truncated;
    private boolean instantsCut;
    private int[] lastOfCpu = new int[0]; // per CPU: index of its latest segment, -1 when none

    ScheduleLog(int limit) {
        this.limit = limit;
    }

    void add(int cpu, Task t, long start, long end) {
        if (end <= start) return;
        if (cpu >= lastOfCpu.length) {
            int old = lastOfCpu.length;
            lastOfCpu = Arrays.copyOf(lastOfCpu, Math.max(cpu + 1, 2 * old));
            Arrays.fill(lastOfCpu, old, lastOfCpu.length, -1);
        }
        int i = lastOfCpu[cpu];
        if (i >= 0) {
            // Merge with this CPU's latest segment when the same task simply continued.
            Segment s = segments.get(i);
            if (s.pid() == t.pid && s.end() == start && s.taskName() == t.name) { // the same task object's name
                segments.set(i, new Segment(cpu, s.pid(), s.taskName(), s.start(), end));
                return;
            }
        }
        int n = segments.size();
        if (n >= limit) {
            truncated = true;
            return;
        }
        segments.add(new Segment(cpu, t.pid, t.name, start, end));
        lastOfCpu[cpu] = n;
    }

    /** Records an instant, while the log is under its limit (the same limit as segments). */
    void instant(long time, Task t, String kind, String detail) {
        if (limit == 0) return;
        if (instants.size() >= limit) {
            instantsCut = true;
            return;
        }
        instants.add(new Instant(time, t.pid, kind, detail));
    }

    /** Records a wake-up, while the log is under its limit (the same limit as segments). */
    void wake(long time, int pid, int waker, int wakerCpu, BlockReason why) {
        if (wakes >= limit) return; // the text trace stops at the same limit as the segments (it says where)
        if (wakes == wakeTime.length) {
            int cap = Math.min(limit, Math.max(16, wakes * 2));
            wakeTime = Arrays.copyOf(wakeTime, cap);
            wakePid = Arrays.copyOf(wakePid, cap);
            wakeWaker = Arrays.copyOf(wakeWaker, cap);
            wakeCpu = Arrays.copyOf(wakeCpu, cap);
            wakeReason = Arrays.copyOf(wakeReason, cap);
        }
        wakeTime[wakes] = time;
        wakePid[wakes] = pid;
        wakeWaker[wakes] = waker;
        wakeCpu[wakes] = wakerCpu;
        wakeReason[wakes] = (byte) why.ordinal();
        wakes++;
    }

    /** The wake-ups recorded (arrays may be longer than {@code count}). */
    public Wakes wakes() {
        return new Wakes(wakeTime, wakePid, wakeWaker, wakeCpu, wakeReason, wakes);
    }

    /** False once the log is full (or was never on): callers may skip building instants. */
    boolean recordsInstants() {
        return instants.size() < limit;
    }

    /** Instants in the order they were recorded (deadline misses carry their deadline, which may precede the moment the miss was known). */
    public List<Instant> instants() {
        return java.util.Collections.unmodifiableList(instants);
    }

    public List<Segment> segments() {
        return java.util.Collections.unmodifiableList(segments);
    }

    /** True when instants were left out past the limit. */
    public boolean instantsTruncated() {
        return instantsCut;
    }

    public boolean truncated() {
        return truncated;
    }
}

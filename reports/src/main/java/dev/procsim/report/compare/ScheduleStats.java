package dev.procsim.report.compare;

import dev.procsim.workload.trace.SchedEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a schedule trace shows of each task, measured the same way for a recording of Linux and
 * for procsim's own text trace: CPU time, run slices (switch-in to switch-out), switch-ins,
 * migrations (a switch-in on another CPU than the task's last), and wake-up latencies (from the
 * first wake-up of a task that is not running, or a new task's sched_wakeup_new, to its next
 * switch-in). A wake-up of a running task (woken before it got off its CPU) starts no latency.
 * A PID used again after its task exited (X or Z) is another task.
 */
public final class ScheduleStats implements SchedEvents {
    /** One task's measures. */
    public static final class Task {
        final int pid;
        String comm;
        long cpu, runStart = -1, wakeAt = -1;
        int switchIns, migrations, lastCpu = -1;
        boolean dead;
        long[] latencies = new long[4], slices = new long[4];
        int nLat, nSlice;

        Task(int pid, String comm) {
            this.pid = pid;
            this.comm = comm;
        }

        public int pid() { return pid; }
        public String comm() { return comm; }
        /** {@code COMM-PID}. */
        public String key() { return comm + "-" + pid; }
        public long cpuTime() { return cpu; }
        public int switchIns() { return switchIns; }
        public int migrations() { return migrations; }
        public long[] latencies() { return Arrays.copyOf(latencies, nLat); }
        public long[] slices() { return Arrays.copyOf(slices, nSlice); }

        void latency(long v) {
            if (nLat == latencies.length) latencies = Arrays.copyOf(latencies, nLat * 2);
            latencies[nLat++] = v;
        }

        void slice(long v) {
            if (nSlice == slices.length) slices = Arrays.copyOf(slices, nSlice * 2);
            slices[nSlice++] = v;
        }
    }

    private final Map<Integer, Task> byPid = new HashMap<>();
    private final List<Task> all = new ArrayList<>();
    private long first = Long.MIN_VALUE, last;

    private Task task(int pid, String comm) {
        Task x = byPid.get(pid);
        if (x == null || x.dead) {
            x = new Task(pid, comm);
            byPid.put(pid, x);
            all.add(x);
        } else {
            x.comm = comm;
        }
        return x;
    }

    private void seen(long t) {
        if (first == Long.MIN_VALUE) first = t;
        last = t;
    }

    @Override
    public void onSwitch(long t, int cpu, int prevPid, String prevComm, int prevPrio, String prevState, int nextPid, String nextComm, int nextPrio) {
        seen(t);
        if (prevPid != 0) {
            Task p = byPid.get(prevPid);
            if (p != null && !p.dead && p.runStart >= 0) {
                p.cpu += t - p.runStart;
                p.slice(t - p.runStart);
                p.runStart = -1;
            }
            if (p != null && !prevState.isEmpty() && (prevState.charAt(0) == 'X' || prevState.charAt(0) == 'Z')) p.dead = true;
        }
        if (nextPid != 0) {
            Task q = task(nextPid, nextComm);
            if (q.wakeAt >= 0) {
                q.latency(t - q.wakeAt);
                q.wakeAt = -1;
            }
            q.switchIns++;
            if (q.lastCpu >= 0 && q.lastCpu != cpu) q.migrations++;
            q.lastCpu = cpu;
            q.runStart = t;
        }
    }

    @Override
    public void onWake(long t, int cpu, int wakerPid, int pid, String comm, int prio) {
        seen(t);
        if (pid == 0) return;
        Task x = task(pid, comm);
        if (x.runStart < 0 && x.wakeAt < 0) x.wakeAt = t;
    }

    @Override
    public void onWakeNew(long t, int pid, String comm, int prio) {
        seen(t);
        Task x = task(pid, comm);
        if (x.runStart < 0 && x.wakeAt < 0) x.wakeAt = t;
    }

    @Override
    public void onFork(long t, int cpu, int parentPid, String parentComm, int childPid, String childComm) {
        seen(t);
    }

    @Override
    public void onExit(long t, int pid) {
        seen(t);
    }

    @Override
    public void end(long t) {
        last = Math.max(last, t);
        for (Task x : all) {
            if (x.runStart >= 0 && !x.dead) {
                x.cpu += t - x.runStart;
                x.slice(t - x.runStart);
                x.runStart = -1;
            }
        }
    }

    public List<Task> tasks() { return all; }
    /** From the first event to the last (ns). */
    public long length() { return first == Long.MIN_VALUE ? 0 : last - first; }
}

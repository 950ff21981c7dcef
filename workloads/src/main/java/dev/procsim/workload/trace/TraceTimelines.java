package dev.procsim.workload.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each traced task's life as a program, built event by event (Linux's scheduler tracepoints as
 * {@link SchedTraceReader} reads them):
 * <ul>
 *   <li>CPU time between a task's switch-in and switch-out adds to its current burst; a switch-out
 *       while still runnable ({@code prev_state} R, preempted) keeps the burst open; any other
 *       state ends it ({@code compute}) and starts a sleep; X or Z (dead) ends the program
 *       ({@code exit}).</li>
 *   <li>A sleep ends at the task's wake-up. When the wake-up comes from another traced task (the
 *       task running on the CPU that logged {@code sched_waking}), the sleep becomes a wait for
 *       that task: a one-byte pipe read in the sleeper's program, a one-byte write at that
 *       instant in the waker's (between two parts of its burst), so that another policy may reorder
 *       them. A wake-up from an interrupt or the idle task (a timer, a device) keeps the sleep's
 *       length.</li>
 *   <li>{@code sched_process_fork} puts a fork of the child's program in the parent's at that
 *       instant; the child's program starts there. {@code sched_process_exec} ends the program
 *       with an exec of the next one ({@code COMM-PID-execN}), where the task goes on.</li>
 *   <li>A task seen only after the trace began starts at its first event; what it did before is
 *       not known (a run in progress at its first switch-out is not counted).</li>
 * </ul>
 * Not kept: where a task ran (placement is the simulated kernel's), a dependency that showed as
 * no wake-up (data already waiting), and a task's nice changes after its first run.
 */
public final class TraceTimelines implements SchedEvents {
    static final byte COMPUTE = 0, SLEEP = 1, READ = 2, WRITE = 3, FORK = 4, EXIT = 5, EXEC = 6;
    static final byte NEW = 0, RUNNING = 1, RUNNABLE = 2, SLEEPING = 3, DEAD = 4;

    /** One task's program so far: actions as parallel primitive arrays (a long trace has millions). */
    public static final class Timeline {
        final int index, pid;
        final long start;
        final Set<String> comms = new LinkedHashSet<>(2);
        String comm;
        int parent = -1;
        int prio = 120;
        boolean exiting;
        boolean prioSeen;
        byte state = NEW;
        long runStart, sleepStart, burst, cpuTime;
        int n;
        byte[] kind = new byte[8];
        long[] value = new long[8];
        int[] ref = new int[8];

        Timeline(int index, int pid, String comm, long start) {
            this.index = index;
            this.pid = pid;
            this.start = start;
            name(comm);
        }

        void name(String c) {
            comm = c;
            if (comms.size() < 8) comms.add(c);
        }

        void add(byte k, long v, int r) {
            if (n == kind.length) {
                kind = java.util.Arrays.copyOf(kind, n * 2);
                value = java.util.Arrays.copyOf(value, n * 2);
                ref = java.util.Arrays.copyOf(ref, n * 2);
            }
            kind[n] = k;
            value[n] = v;
            ref[n] = r;
            n++;
        }

        /** Ends the current burst at {@code t}: its CPU time so far becomes a compute action. */
        void flush(long t) {
            if (state == RUNNING) {
                burst += t - runStart;
                cpuTime += t - runStart;
                runStart = t;
            }
            if (burst > 0) add(COMPUTE, burst, -1);
            burst = 0;
        }

        public int pid() { return pid; }
        public String comm() { return comm; }
        /** CPU time the trace shows for this task (ns). */
        public long cpuTime() { return cpuTime; }
        public int actions() { return n; }
    }

    private final List<Timeline> all = new ArrayList<>();
    private final Map<Integer, Timeline> byPid = new HashMap<>();
    /** Wake-up edges (waker index, wakee index) by id, and ids by the pair. */
    private final List<long[]> edges = new ArrayList<>();
    private final Map<Long, Integer> edgeIds = new HashMap<>();
    private long first = Long.MIN_VALUE, last;
    private int cpus;
    private long wakesFromTasks, wakesFromInterrupts, unknownRuns;

    /**
     * The task with this PID now, made (first seen at {@code t}) if there is none. A task that has
     * exited stays the PID's until a fork gives the PID to another ({@link #born}): the events
     * that follow its exit (its last switch-out) are about it.
     */
    private Timeline task(int pid, String comm, long t) {
        Timeline x = byPid.get(pid);
        if (x == null) return born(pid, comm, t);
        if (!comm.equals(x.comm) && x.state != DEAD) x.name(comm); // exec changed it
        return x;
    }

    private Timeline born(int pid, String comm, long t) {
        Timeline x = new Timeline(all.size(), pid, comm, t);
        all.add(x);
        byPid.put(pid, x);
        return x;
    }

    private void seen(long t, int cpu) {
        if (first == Long.MIN_VALUE) first = t;
        last = t;
        cpus = Math.max(cpus, cpu + 1);
    }

    @Override
    public void onSwitch(long t, int cpu, int prevPid, String prevComm, int prevPrio, String prevState, int nextPid, String nextComm, int nextPrio) {
        seen(t, cpu);
        if (prevPid != 0 && task(prevPid, prevComm, t).state != DEAD) {
            Timeline p = task(prevPid, prevComm, t);
            prio(p, prevPrio);
            if (p.state != RUNNING) unknownRuns++; // it was running before the trace showed it start
            char s = prevState.isEmpty() ? 'R' : prevState.charAt(0);
            if (p.state == RUNNING && s == 'R') {
                p.burst += t - p.runStart;
                p.cpuTime += t - p.runStart;
                p.state = RUNNABLE;
            } else if (s == 'X' || s == 'Z') {
                p.flush(t);
                p.add(EXIT, 0, -1);
                p.state = DEAD;
            } else if (s == 'R') {
                p.state = RUNNABLE;
            } else {
                p.flush(t);
                p.state = SLEEPING;
                p.sleepStart = t;
            }
        }
        if (nextPid != 0) {
            Timeline q = task(nextPid, nextComm, t);
            if (q.state == DEAD) q = born(nextPid, nextComm, t); // the PID used again, its fork not traced
            prio(q, nextPrio);
            if (q.state == SLEEPING) q.add(SLEEP, t - q.sleepStart, -1); // its wake-up was not traced
            q.state = RUNNING;
            q.runStart = t;
        }
    }

    @Override
    public void onWake(long t, int cpu, int wakerPid, int pid, String comm, int prio) {
        seen(t, cpu);
        if (pid == 0) return;
        Timeline w = task(pid, comm, t);
        if (w.state == NEW) {
            w.state = RUNNABLE; // first seen being woken: it slept since before the trace
            return;
        }
        if (w.state != SLEEPING) return; // already awake (sched_waking then sched_wakeup, or a spurious wake), or exited
        Timeline k = wakerPid != 0 && wakerPid != pid ? byPid.get(wakerPid) : null;
        if (k != null && k.state == RUNNING) {
            int e = edge(k, w);
            k.flush(t);
            k.add(WRITE, 0, e);
            w.add(READ, t - w.sleepStart, e);
            wakesFromTasks++;
        } else {
            w.add(SLEEP, t - w.sleepStart, -1);
            wakesFromInterrupts++;
        }
        w.state = RUNNABLE;
    }

    @Override
    public void onWakeNew(long t, int pid, String comm, int prio) {
        if (first == Long.MIN_VALUE) first = t;
        last = t;
        prio(task(pid, comm, t), prio);
    }

    @Override
    public void onFork(long t, int cpu, int parentPid, String parentComm, int childPid, String childComm) {
        seen(t, cpu);
        Timeline p = task(parentPid, parentComm, t);
        if (p.state != RUNNING) { // its switch-in was not traced (seen first forking): it runs now
            if (p.state == SLEEPING) p.add(SLEEP, t - p.sleepStart, -1);
            p.state = RUNNING;
            p.runStart = t;
        }
        Timeline old = byPid.get(childPid);
        if (old != null && old.state != DEAD) old.state = DEAD; // its exit was not traced; the PID is someone else's now
        Timeline c = born(childPid, childComm, t);
        c.parent = p.index;
        c.prio = p.prio;
        c.state = RUNNABLE;
        p.flush(t);
        p.add(FORK, 0, c.index);
    }

    /** sched_process_exec: the task's program goes on in a new one (the writer splits it there). */
    @Override
    public void onExec(long t, int pid, String filename) {
        Timeline x = byPid.get(pid);
        if (x == null || x.state == DEAD) return;
        x.flush(t);
        x.add(EXEC, 0, -1);
    }

    /**
     * sched_process_exit fires early in do_exit: the kernel's work of the exit (the address space
     * torn down, the parent told) runs after it, as the task's CPU time, until its last switch-out
     * (prev_state X or Z), where the program ends. A task not seen running then ends at once.
     */
    @Override
    public void onExit(long t, int pid) {
        if (first == Long.MIN_VALUE) first = t;
        last = t;
        Timeline x = byPid.get(pid);
        if (x == null || x.state == DEAD) return;
        x.exiting = true;
        if (x.state == RUNNING) return;
        x.flush(t);
        x.add(EXIT, 0, -1);
        x.state = DEAD;
    }

    /** The end of the trace: runs in progress are counted up to it; sleeps in progress are left open. */
    @Override
    public void end(long t) {
        last = Math.max(last, t);
        for (Timeline x : all) {
            if (x.state == RUNNING || x.burst > 0) x.flush(t);
            if (x.exiting && x.state != DEAD) {
                x.add(EXIT, 0, -1);
                x.state = DEAD;
            }
        }
    }

    private static void prio(Timeline x, int prio) {
        if (!x.prioSeen) {
            x.prio = prio;
            x.prioSeen = true;
        }
    }

    private int edge(Timeline waker, Timeline wakee) {
        long key = (long) waker.index << 32 | wakee.index;
        Integer id = edgeIds.get(key);
        if (id == null) {
            id = edges.size();
            edges.add(new long[] {waker.index, wakee.index});
            edgeIds.put(key, id);
        }
        return id;
    }

    public List<Timeline> tasks() { return all; }
    int waker(int edge) { return (int) edges.get(edge)[0]; }
    int wakee(int edge) { return (int) edges.get(edge)[1]; }
    int edgeCount() { return edges.size(); }
    /** The first and last event's times (ns). */
    public long first() { return first; }
    public long last() { return last; }
    /** CPUs seen (the highest CPU number plus one). */
    public int cpus() { return cpus; }
    /** Wake-ups of a sleeping task by another traced task (kept as pipe writes), and by interrupts or idle (kept as sleeps). */
    public long wakesFromTasks() { return wakesFromTasks; }
    public long wakesFromInterrupts() { return wakesFromInterrupts; }
}

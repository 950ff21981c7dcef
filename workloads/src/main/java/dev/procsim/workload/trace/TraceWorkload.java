package dev.procsim.workload.trace;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the tasks of a {@link TraceTimelines} as an experiment file that {@code procsim run}
 * takes as it is: one program per task, named {@code COMM-PID}.
 *
 * <p>Which tasks: every task but the idle task, or with {@code only} those that ever had a name
 * matching it, with their descendants. A wake-up between two kept tasks is a one-byte pipe write
 * and read; one from a task left out becomes the sleep it was. Pipes must be created by a common
 * ancestor, so tasks are grouped by who forked whom and who woke whom: a group with one first
 * task is that task's process, started when the trace first shows it, with its nice (from the
 * traced priority, 120 + nice); it creates the group's pipes, then runs its program. A group of
 * several first tasks gets a process of its own that creates the pipes and forks each at its
 * start time (they then run at its nice, 0, whatever theirs was: said in the file).
 *
 * <p>The machine: the trace's CPUs, per-CPU run queues when there are several, the kernel's own
 * policy ({@code eevdf}); {@code costs: none}, since the traced bursts already include the
 * kernel's work on the tasks' behalf (fork, exit, pipe calls); the horizon: the trace's length.
 */
public final class TraceWorkload {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.]+");

    private final TraceTimelines tl;
    private final List<TraceTimelines.Timeline> tasks;
    private final boolean[] kept;
    private final String[] names;
    private final int[] group;
    private int keptCount, pipes, mergedGroups;
    /** The policies the experiment compares (the kernel's own, eevdf, unless told). */
    private List<String> schedulers = List.of("eevdf");

    /** The policies to replay under, each a name of the registry. */
    public TraceWorkload schedulers(List<String> names) {
        if (!names.isEmpty()) schedulers = List.copyOf(names);
        return this;
    }

    public TraceWorkload(TraceTimelines tl, Pattern only) {
        this.tl = tl;
        this.tasks = tl.tasks();
        int n = tasks.size();
        kept = new boolean[n];
        names = new String[n];
        group = new int[n];
        for (TraceTimelines.Timeline t : tasks) { // parents come before their children
            boolean match = only == null || t.comms.stream().anyMatch(c -> only.matcher(c).find());
            kept[t.index] = match || t.parent >= 0 && kept[t.parent];
            if (kept[t.index]) keptCount++;
        }
        Map<String, Integer> used = new HashMap<>();
        for (TraceTimelines.Timeline t : tasks) {
            if (!kept[t.index]) continue;
            String base = UNSAFE.matcher(t.comm).replaceAll("_").replaceAll("^_+|_+$", "");
            String name = (base.isEmpty() ? "task" : base) + "-" + t.pid;
            int k = used.merge(name, 1, Integer::sum);
            names[t.index] = k == 1 ? name : name + "-" + k; // a PID used again within the trace
        }
        for (int i = 0; i < n; i++) group[i] = i;
        for (TraceTimelines.Timeline t : tasks) if (kept[t.index] && t.parent >= 0 && kept[t.parent]) union(t.index, t.parent);
        for (int e = 0; e < tl.edgeCount(); e++) if (edgeKept(e)) union(tl.waker(e), tl.wakee(e));
    }

    private int find(int i) {
        while (group[i] != i) i = group[i] = group[group[i]];
        return i;
    }

    private void union(int a, int b) {
        int x = find(a), y = find(b);
        if (x != y) group[Math.max(x, y)] = Math.min(x, y); // the earlier task's index names the group
    }

    private boolean edgeKept(int e) {
        return kept[tl.waker(e)] && kept[tl.wakee(e)];
    }

    public int keptTasks() { return keptCount; }
    /** Pipes written: wake-ups kept as a wait on another task, one pipe per waker and wakee. */
    public int pipes() { return pipes; }

    /** Writes the experiment file; {@code source} names the trace in its header and its name. */
    public void write(Writer w, String source, String name, long lines) throws IOException {
        if (keptCount == 0) throw new IllegalStateException("no task to write");
        long t0 = tl.first(), length = Math.max(1, tl.last() - t0);
        // the groups: their first tasks (no kept parent), in start order, and their pipes
        Map<Integer, List<TraceTimelines.Timeline>> firsts = new java.util.TreeMap<>();
        for (TraceTimelines.Timeline t : tasks) {
            if (kept[t.index] && (t.parent < 0 || !kept[t.parent])) firsts.computeIfAbsent(find(t.index), g -> new ArrayList<>()).add(t);
        }
        Map<Integer, List<Integer>> groupPipes = new HashMap<>();
        for (int e = 0; e < tl.edgeCount(); e++) if (edgeKept(e)) groupPipes.computeIfAbsent(find(tl.waker(e)), g -> new ArrayList<>()).add(e);
        for (List<Integer> ps : groupPipes.values()) pipes += ps.size();
        for (List<TraceTimelines.Timeline> f : firsts.values()) if (f.size() > 1) mergedGroups++;

        w.write("# written by procsim import from " + source + "\n");
        w.write(String.format(Locale.ROOT, "# %,d lines; %,d tasks of %,d kept; %,d CPUs; %.6f s traced; %,d wake-ups by tasks (kept as pipe%n"
                + "# writes and reads, %,d pipes), %,d by interrupts or idle (kept as sleeps).%n", lines, keptCount, tasks.size(), tl.cpus(),
                length / 1e9, tl.wakesFromTasks(), pipes, tl.wakesFromInterrupts()));
        if (mergedGroups > 0) {
            w.write("# " + mergedGroups + " group(s) of tasks that woke each other but had no common traced ancestor are started by a\n"
                    + "# process of their own (group-N), which forks them at their start times; they run at nice 0.\n");
        }
        w.write("# Replay: procsim run THIS_FILE; the policy, CPUs and costs below may be changed like any experiment's.\n");
        w.write("name: " + name + "\n");
        w.write("horizon: " + length + "ns\n");
        w.write("cpus: " + Math.max(1, tl.cpus()) + "\n");
        if (tl.cpus() > 1) w.write("kernel: {run_queue: per-cpu}\n");
        w.write("costs: none   # the traced bursts include the kernel's work on the tasks' behalf\n");
        w.write("compare: {scheduler: [" + String.join(", ", schedulers) + "]}\n");
        w.write("workload:\n  programs:\n");
        List<String[]> processes = new ArrayList<>(); // name, at, nice, program
        for (var g : firsts.entrySet()) {
            List<TraceTimelines.Timeline> f = g.getValue();
            List<Integer> ps = groupPipes.getOrDefault(g.getKey(), List.of());
            if (f.size() == 1) {
                TraceTimelines.Timeline t = f.get(0);
                program(w, t, ps);
                processes.add(new String[] {names[t.index], Long.toString(t.start - t0), Integer.toString(nice(t)), names[t.index]});
            } else {
                String root = "group-" + names[f.get(0).index];
                w.write("    " + root + ":\n");
                for (int e : ps) w.write("      - {pipe: w" + e + "}\n");
                long at = f.get(0).start;
                for (TraceTimelines.Timeline t : f) {
                    if (t.start > at) w.write("      - {sleep: " + (t.start - at) + "ns}\n");
                    at = Math.max(at, t.start);
                    w.write("      - {fork: " + names[t.index] + "}\n");
                }
                for (TraceTimelines.Timeline t : f) program(w, t, List.of());
                processes.add(new String[] {root, Long.toString(f.get(0).start - t0), "0", root});
            }
        }
        for (TraceTimelines.Timeline t : tasks) {
            if (kept[t.index] && t.parent >= 0 && kept[t.parent]) program(w, t, List.of());
        }
        w.write("  processes:\n");
        for (String[] p : processes) {
            w.write("    - {name: " + p[0] + ", at: " + p[1] + "ns" + (p[2].equals("0") ? "" : ", nice: " + p[2]) + ", program: " + p[3] + "}\n");
        }
    }

    /** nice from the traced priority of a fair task (100..139 is nice -20..19); 0 for the others. */
    static int nice(TraceTimelines.Timeline t) {
        return t.prio >= 100 && t.prio <= 139 ? t.prio - 120 : 0;
    }

    private void program(Writer w, TraceTimelines.Timeline t, List<Integer> pipesFirst) throws IOException {
        w.write("    " + names[t.index] + ":\n");
        int written = 0, execs = 0;
        for (int e : pipesFirst) {
            w.write("      - {pipe: w" + e + "}\n");
            written++;
        }
        for (int i = 0; i < t.n; i++) {
            long v = t.value[i];
            int r = t.ref[i];
            switch (t.kind[i]) {
                case TraceTimelines.COMPUTE -> w.write("      - {compute: " + v + "ns}\n");
                case TraceTimelines.SLEEP -> w.write("      - {sleep: " + v + "ns}\n");
                case TraceTimelines.READ -> w.write(edgeKept(r) ? "      - {read: {pipe: w" + r + ", bytes: 1B}}\n" : "      - {sleep: " + v + "ns}\n");
                case TraceTimelines.WRITE -> {
                    if (!edgeKept(r)) continue;
                    w.write("      - {write: {pipe: w" + r + ", bytes: 1B}}\n");
                }
                case TraceTimelines.FORK -> w.write("      - {fork: " + names[r] + "}\n");
                case TraceTimelines.EXIT -> w.write("      - {exit: 0}\n");
                case TraceTimelines.EXEC -> { // the program goes on in the next one, which the task execs
                    String next = names[t.index] + "-exec" + ++execs;
                    w.write("      - {exec: " + next + "}\n");
                    w.write("    " + next + ":\n");
                    written = -1; // the new program needs an action of its own
                }
                default -> throw new IllegalStateException("action kind " + t.kind[i]);
            }
            written++;
        }
        if (written <= 0) w.write("      - {exit: 0}\n"); // seen, never ran (or nothing after its exec): an empty program is not allowed
    }
}

package dev.procsim.workload.rtapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A procsim workload as rt-app JSON (github.com/scheduler-tools/rt-app, doc/tutorial.txt), so
 * that the same workload runs on a real kernel under rt-app or LISA. Each workload process is an
 * rt-app task started after its {@code delay}; each program something forks is a task with
 * {@code "instance": 0}, started by rt-app's {@code fork} event. Programs map event by event:
 * <ul>
 *   <li>{@code compute} and {@code syscall}: {@code run} (µs of calibrated work); {@code sleep}
 *       and {@code io}: {@code sleep}; a random duration: its mean (rt-app has no random
 *       durations);</li>
 *   <li>{@code periodic}: {@code run} of the job's WCET and a {@code timer} of its period, in a phase
 *       looped once per job;</li>
 *   <li>{@code repeat} at the top of a program: a phase with that {@code loop} (forever: the
 *       largest loop rt-app takes; the global {@code duration} ends it); a repeat inside another is
 *       unrolled;</li>
 *   <li>a pipe read: {@code suspend}; a write to it: {@code resume} of the reader, when one task
 *       reads that pipe (rt-app's wake-ups are per thread). rt-app's suspend waits for a resume
 *       that comes after it: a write made before the reader waits is lost there, where procsim's
 *       pipe keeps it;</li>
 *   <li>{@code fork}: {@code fork}; {@code exec}: the task goes on with the events of the program it
 *       runs; {@code exit} or the program's end: the task's end;</li>
 *   <li>nice: {@code priority} under {@code SCHED_OTHER}; {@code cpus:}: {@code cpus}.</li>
 * </ul>
 * Everything else (wait, signals, threads, memory touches, affinity changes, ...) has no rt-app
 * event and is left out; {@link #dropped()} says what and how often.
 */
public final class RtAppExport {
    /** rt-app's loop counts are C ints. */
    static final int FOREVER_LOOP = Integer.MAX_VALUE;
    /** Events one unrolled program may have at most (a repeat inside a repeat is unrolled). */
    static final int MAX_EVENTS = 100_000;

    private final Workload w;
    private final long horizon;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Integer> dropped = new TreeMap<>();
    private final Map<String, Integer> approximated = new TreeMap<>();
    /** Pipe name to the rt-app task that reads it, when exactly one does. */
    private final Map<String, String> reader = new HashMap<>();
    private int events;

    /** The programs with each top-level exec replaced by the program it runs (the same rt-app task goes on with its events). */
    private final Map<String, List<Action>> programs = new LinkedHashMap<>();

    public RtAppExport(Workload w, long horizon) {
        this.w = w;
        this.horizon = horizon;
        for (var e : w.sources().entrySet()) programs.put(e.getKey(), execInlined(e.getValue(), 0));
    }

    private List<Action> execInlined(List<Action> program, int depth) {
        List<Action> out = new ArrayList<>();
        for (Action a : program) {
            if (a instanceof Action.Exec x && depth < 16 && w.sources().containsKey(x.run())) {
                out.addAll(execInlined(w.sources().get(x.run()), depth + 1));
                return out; // exec replaces the rest of the program
            }
            out.add(a);
        }
        return out;
    }

    /** Actions left out, by kind: their count. */
    public Map<String, Integer> dropped() { return dropped; }
    /** Actions approximated (random durations by their mean; pipes whose reader is not one task), by kind. */
    public Map<String, Integer> approximated() { return approximated; }

    /** The JSON; {@code name} is rt-app's log_basename, {@code source} said in the first key ({@code "procsim"}, which rt-app does not read). */
    public String write(String name, String source) {
        // which programs run as which rt-app tasks: a process's own name; a forked program's name
        Map<String, List<String>> runners = new LinkedHashMap<>();
        Map<String, Integer> forks = new HashMap<>();
        for (ProcessSpec p : w.processes()) runners.computeIfAbsent(p.program(), k -> new ArrayList<>()).add(p.name());
        for (var e : programs.entrySet()) countForks(e.getValue(), forks, 1);
        for (var f : forks.entrySet()) runners.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(forked(f.getKey()));
        Map<String, Integer> instances = instances();
        Map<String, List<String>> readers = new HashMap<>();
        for (var e : programs.entrySet()) {
            for (String pipe : pipesRead(e.getValue(), new ArrayList<>())) {
                List<String> r = readers.computeIfAbsent(pipe, k -> new ArrayList<>());
                if (instances.getOrDefault(e.getKey(), 0) > 1) r.add("(several)");
                r.addAll(runners.getOrDefault(e.getKey(), List.of()));
            }
        }
        readers.forEach((pipe, r) -> {
            if (r.size() == 1) reader.put(pipe, r.get(0)); // one task reads it: its wake-ups can be named
        });

        ObjectNode root = json.createObjectNode();
        root.put("procsim", "written by procsim export --rt-app from " + source);
        ObjectNode tasks = root.putObject("tasks");
        for (ProcessSpec p : w.processes()) {
            ObjectNode t = tasks.putObject(p.name());
            t.put("instance", 1);
            if (p.at() > 0) t.put("delay", us(p.at()));
            common(t, p.nice(), p.cpus());
            phases(t, programs.get(p.program()), p.name());
        }
        for (String prog : forks.keySet().stream().sorted().toList()) {
            ObjectNode t = tasks.putObject(forked(prog));
            t.put("instance", 0); // created by a fork event only
            common(t, 0, null);
            phases(t, programs.get(prog), forked(prog));
        }
        ObjectNode g = root.putObject("global");
        g.put("duration", horizon >= SimTime.NEVER / 2 ? -1 : (horizon + SimTime.S - 1) / SimTime.S);
        g.put("calibration", "CPU0");
        g.put("default_policy", "SCHED_OTHER");
        g.put("pi_enabled", false);
        g.put("lock_pages", false);
        g.put("logdir", "./");
        g.put("log_basename", name);
        g.put("ftrace", "none");
        g.put("gnuplot", false);
        try {
            return json.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rt-app task of a forked program: the program's name, as rt-app's fork event names the task to start. */
    static String forked(String program) {
        return program;
    }

    private void common(ObjectNode t, int nice, dev.procsim.kernel.CpuSet cpus) {
        t.put("loop", 1); // the program runs once (rt-app's default, -1, would repeat it)
        t.put("policy", "SCHED_OTHER");
        t.put("priority", nice);
        if (cpus != null) {
            var a = t.putArray("cpus");
            for (int c = 0; c <= cpus.last(); c++) if (cpus.contains(c)) a.add(c);
        }
    }

    /**
     * How many tasks run each program, capped at 2 (more than one is all that matters): the
     * processes that start it, plus each fork of it times the tasks that run the forking program.
     */
    private Map<String, Integer> instances() {
        Map<String, Map<String, Integer>> forksIn = new HashMap<>();
        for (var e : programs.entrySet()) countForks(e.getValue(), forksIn.computeIfAbsent(e.getKey(), k -> new HashMap<>()), 1);
        Map<String, Integer> n = new HashMap<>();
        for (ProcessSpec p : w.processes()) n.merge(p.program(), 1, (a, b) -> Math.min(2, a + b));
        for (int round = 0; round <= programs.size(); round++) {
            Map<String, Integer> next = new HashMap<>();
            for (ProcessSpec p : w.processes()) next.merge(p.program(), 1, (a, b) -> Math.min(2, a + b));
            for (var q : forksIn.entrySet()) {
                int runs = n.getOrDefault(q.getKey(), 0);
                if (runs == 0) continue;
                for (var f : q.getValue().entrySet()) next.merge(f.getKey(), (int) Math.min(2, (long) runs * f.getValue()), (a, b) -> Math.min(2, a + b));
            }
            if (next.equals(n)) break;
            n = next;
        }
        return n;
    }

    private void countForks(List<Action> actions, Map<String, Integer> forks, int times) {
        for (Action a : actions) {
            if (a instanceof Action.Fork f) forks.merge(f.run(), times, (x, y) -> (int) Math.min(Integer.MAX_VALUE, (long) x + y));
            else if (a instanceof Action.Repeat r) countForks(r.body(), forks, r.times() < 0 ? 2 : (int) Math.min(Integer.MAX_VALUE, (long) times * r.times()));
        }
    }

    private static List<String> pipesRead(List<Action> actions, List<String> out) {
        for (Action a : actions) {
            if (a instanceof Action.PipeRead r && !out.contains(r.name())) out.add(r.name());
            else if (a instanceof Action.Repeat r) pipesRead(r.body(), out);
        }
        return out;
    }

    /** The program as phases: runs of plain events (loop 1) and each top-level repeat (its loop). */
    private void phases(ObjectNode t, List<Action> program, String self) {
        ObjectNode ps = t.putObject("phases");
        ObjectNode cur = null;
        int n = 0;
        events = 0;
        for (Action a : program) {
            if (a instanceof Action.Repeat r) {
                ObjectNode p = ps.putObject("p" + n++);
                p.put("loop", r.times() < 0 ? FOREVER_LOOP : r.times());
                for (Action b : r.body()) event(p, b, self, 1);
                cur = null;
            } else if (a instanceof Action.Periodic per) {
                ObjectNode p = ps.putObject("p" + n++);
                p.put("loop", per.jobs() < 0 ? FOREVER_LOOP : (int) Math.min(FOREVER_LOOP, per.jobs()));
                p.put("run" + events++, us(per.wcet()));
                ObjectNode timer = p.putObject("timer" + events++);
                timer.put("ref", "unique");
                timer.put("period", us(per.period()));
                cur = null;
            } else {
                if (a instanceof Action.Exit) break; // the task ends here
                if (cur == null) {
                    cur = ps.putObject("p" + n++);
                    cur.put("loop", 1);
                }
                event(cur, a, self, 1);
            }
        }
        if (n == 0) ps.putObject("p0").put("loop", 1).put("run0", 0);
    }

    /** One action as rt-app events in phase {@code p}; a repeat inside a repeat unrolled ({@code depth} its nesting). */
    private void event(ObjectNode p, Action a, String self, int depth) {
        if (events > MAX_EVENTS) throw new IllegalArgumentException("program of task " + self + " unrolls to more than " + MAX_EVENTS
                + " rt-app events (a repeat inside a repeat): shorten it before exporting");
        if (a instanceof Action.Compute c) p.put("run" + events++, us(c.time()));
        else if (a instanceof Action.Syscall c) p.put("run" + events++, us(c.time()));
        else if (a instanceof Action.Sleep c) p.put("sleep" + events++, us(c.time()));
        else if (a instanceof Action.Io c) p.put("sleep" + events++, us(c.time()));
        else if (a instanceof Action.Yield) p.put("yield" + events++, "");
        else if (a instanceof Action.Fork f) p.put("fork" + events++, forked(f.run()));
        else if (a instanceof Action.PipeRead r) {
            if (reader.containsKey(r.name())) p.put("suspend" + events++, self);
            else approximated.merge("read of a pipe without one reader task (left out)", 1, Integer::sum);
        } else if (a instanceof Action.PipeWrite wr) {
            String to = reader.get(wr.name());
            if (to != null) p.put("resume" + events++, to);
            else approximated.merge("write to a pipe without one reader task (left out)", 1, Integer::sum);
        } else if (a instanceof Action.PipeCreate || a instanceof Action.PipeClose) {
            return; // rt-app's resume needs no resource made first
        } else if (a instanceof Action.Repeat r) {
            int times = r.times() < 0 ? 1 : r.times();
            if (r.times() < 0) approximated.merge("repeat forever inside a repeat (run once)", 1, Integer::sum);
            for (int i = 0; i < times; i++) for (Action b : r.body()) event(p, b, self, depth + 1);
        } else if (a instanceof Action.Exit) {
            dropped.merge("exit inside a repeat", 1, Integer::sum);
        } else {
            dropped.merge(kind(a), 1, Integer::sum);
        }
    }

    private static String kind(Action a) {
        String s = a.getClass().getSimpleName();
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private long us(Dur d) {
        if (d instanceof Dur.Random) approximated.merge("random duration (its mean)", 1, Integer::sum);
        return us(Math.round(d.mean()));
    }

    /** Nanoseconds to rt-app's microseconds, rounded; at least 1 for any positive time. */
    static long us(long ns) {
        if (ns <= 0) return 0;
        return Math.max(1, (ns + 500) / 1000);
    }
}

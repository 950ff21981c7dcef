package dev.procsim.workload.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.workload.InputError;
import dev.procsim.workload.InputException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * procsim's own JSON trace ({@code traces/<combination>.json}) read back as scheduling events,
 * so that {@code import} and {@code compare} take it like a recording: each {@code running}
 * slice of a task's track is a switch-in and a switch-out on its CPU (state X when the task's
 * {@code exit} instant is then, S when a {@code sleeping} slice follows, else R); the end of each
 * {@code sleeping} slice is a wake-up, by the task the {@code wake-up} flow that starts there
 * comes from (none: a timer); each {@code fork} or {@code arrive} instant is the task's
 * sched_wakeup_new (with sched_process_fork from its parent for a fork). A file that is not
 * procsim's trace ({@code otherData.generator} other than procsim) is refused.
 */
public final class ProcsimJsonTrace {
    private ProcsimJsonTrace() {}

    /**
     * One event, ordered by time, then as the kernel logs one instant: forks and wake-ups (made
     * by a task still running), new tasks' wake-ups, exits, switch-outs, switch-ins.
     */
    private record Ev(long t, int order, Runnable emit) {}

    /** A task at an instant. */
    private record At(int pid, long t) {}

    /** Reads the trace into {@code out}; returns the number of events handed on. */
    public static int read(Reader in, String file, SchedEvents out) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr(), col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new InputException(List.of(new InputError(file, line, col, "json", "not JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !"procsim".equals(root.path("otherData").path("generator").asText()) || !root.path("traceEvents").isArray()) {
            throw new InputException(List.of(new InputError(file, 1, 1, "otherData.generator",
                    "not a procsim trace (expected the traces/*.json that procsim run writes, or a perf script or ftrace text trace)")));
        }
        Map<Integer, String> names = new HashMap<>();
        Map<At, Integer> wakers = new HashMap<>();
        java.util.Set<At> exits = new java.util.LinkedHashSet<>(), sleepsFrom = new java.util.HashSet<>();
        Map<Integer, long[]> flowStart = new HashMap<>(); // id -> [waker pid, time]
        List<JsonNode> running = new ArrayList<>(), sleeping = new ArrayList<>(), starts = new ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            String ph = e.path("ph").asText();
            int pid = e.path("tid").asInt();
            if (e.path("pid").asInt() != 2) continue; // the task tracks
            long t = ns(e.path("ts").asDouble());
            switch (ph) {
                case "M" -> {
                    String n = e.path("args").path("name").asText();
                    int cut = n.lastIndexOf(" (");
                    if (e.has("tid")) names.put(pid, cut > 0 ? n.substring(0, cut) : n);
                }
                case "X" -> {
                    if ("running".equals(e.path("name").asText())) running.add(e);
                    else if (e.path("name").asText().startsWith("sleeping")) {
                        sleeping.add(e);
                        sleepsFrom.add(new At(pid, t));
                    }
                }
                case "i" -> {
                    String n = e.path("name").asText();
                    if (n.equals("exit")) exits.add(new At(pid, t));
                    else if (n.equals("fork") || n.equals("arrive")) starts.add(e);
                }
                case "s" -> {
                    if ("wake-up".equals(e.path("name").asText())) flowStart.put(e.path("id").asInt(), new long[] {pid, t});
                }
                case "f" -> {
                    long[] s = flowStart.get(e.path("id").asInt());
                    if (s != null && "wake-up".equals(e.path("name").asText())) wakers.put(new At(pid, s[1]), (int) s[0]);
                }
                default -> { }
            }
        }
        List<Ev> evs = new ArrayList<>();
        for (JsonNode e : running) {
            int pid = e.path("tid").asInt(), cpu = e.path("args").path("cpu").asInt();
            long s = ns(e.path("ts").asDouble()), end = s + ns(e.path("dur").asDouble());
            String n = names.getOrDefault(pid, "pid" + pid);
            String state = exits.contains(new At(pid, end)) ? "X" : sleepsFrom.contains(new At(pid, end)) ? "S" : "R";
            evs.add(new Ev(s, 5, () -> out.onSwitch(s, cpu, 0, "swapper/" + cpu, 120, "R", pid, n, 120)));
            evs.add(new Ev(end, 4, () -> out.onSwitch(end, cpu, pid, n, 120, state, 0, "swapper/" + cpu, 120)));
        }
        for (JsonNode e : sleeping) {
            int pid = e.path("tid").asInt();
            long w = ns(e.path("ts").asDouble()) + ns(e.path("dur").asDouble());
            int waker = wakers.getOrDefault(new At(pid, w), 0);
            String n = names.getOrDefault(pid, "pid" + pid);
            evs.add(new Ev(w, 1, () -> out.onWake(w, 0, waker, pid, n, 120)));
        }
        for (JsonNode e : starts) {
            int pid = e.path("tid").asInt(), parent = e.path("args").path("parent").asInt();
            long t = ns(e.path("ts").asDouble());
            String n = names.getOrDefault(pid, "pid" + pid);
            if (e.path("name").asText().equals("fork") && parent > 1) {
                evs.add(new Ev(t, 0, () -> out.onFork(t, 0, parent, names.getOrDefault(parent, "pid" + parent), pid, n)));
            }
            evs.add(new Ev(t, 2, () -> out.onWakeNew(t, pid, n, 120)));
        }
        for (At x : exits) evs.add(new Ev(x.t(), 3, () -> out.onExit(x.t(), x.pid())));
        evs.sort((a, b) -> a.t != b.t ? Long.compare(a.t, b.t) : Integer.compare(a.order, b.order));
        if (evs.isEmpty()) throw new InputException(List.of(new InputError(file, 1, 1, "traceEvents", "no task ran in this trace")));
        for (Ev e : evs) e.emit.run();
        out.end(evs.get(evs.size() - 1).t);
        return evs.size();
    }

    /** Microseconds with three decimals, as written, to nanoseconds. */
    private static long ns(double micros) {
        return Math.round(micros * 1000);
    }

}

package dev.procsim.workload;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.Signals;
import dev.procsim.memory.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads programs (design.md section 4): a list of actions, each a single-key mapping
 * ({@code compute: 5ms}) or a bare word ({@code yield}); durations are constants or distributions.
 * A random duration draws from a stream named after where it is written, so the same file gives
 * the same numbers under every scheduler and fork strategy.
 */
public final class ProgramReader {
    /** Action names, for "did you mean" hints. */
    public static final List<String> ACTIONS = List.of("compute", "io", "sleep", "syscall", "yield", "fork", "spawn", "exec",
            "write", "read", "wait", "exit", "repeat", "kill", "periodic", "thread", "clone", "join", "exit_group", "pipe", "close",
            "signal", "block", "unblock", "setpgid", "slice", "sched_deadline", "affinity");
    /** clone flags by name, as Linux's CLONE_* (without the prefix). */
    static final java.util.Map<String, Integer> CLONE_FLAGS = java.util.Map.of("vm", Action.Clone.VM, "files", Action.Clone.FILES,
            "sighand", Action.Clone.SIGHAND, "thread", Action.Clone.THREAD, "newpid", Action.Clone.NEWPID);
    static final long MAX_MEMORY = 256L << 30;
    static final int MAX_REPEAT = 1_000_000_000;

    private final Fields f;
    /** Durations and distributions, as every action argument that takes a time reads them. */
    final DistributionReader durations;
    /** Program names a fork, spawn or exec refers to, with where (checked once every program is known). */
    final List<Reference> references = new ArrayList<>();

    record Reference(String program, YamlNode at, String path) {}

    /** Pipe names created anywhere in the workload, and uses of pipe names (checked once all are read). */
    final java.util.Set<String> pipesCreated = new java.util.LinkedHashSet<>();
    final List<Reference> pipeUses = new ArrayList<>();
    /** CPU lists of affinity actions (checked against the machine by the experiment). */
    final List<MachineReader.CpuUse> cpuUses = new ArrayList<>();

    /** Pipes, signals and process groups (their own file). */
    private final IpcActionReader ipc;

    public ProgramReader(Fields f, Path baseDir) {
        this(f, baseDir, InputFiles.DISK);
    }

    /** With {@code inputs}: where the files named ({@code empirical:}) are read from. */
    ProgramReader(Fields f, Path baseDir, InputFiles inputs) {
        this.f = f;
        this.ipc = new IpcActionReader(this, f);
        this.durations = new DistributionReader(f, baseDir, inputs);
    }

    /** Reports every reference to a program not in {@code known}, and every use of a pipe no program creates. */
    public void checkReferences(Set<String> known) {
        for (Reference r : pipeUses) {
            if (!pipesCreated.contains(r.program())) {
                f.error(r.at(), r.path(), "no pipe named '" + r.program() + "' is created by any program (with 'pipe: "
                        + r.program() + "')" + Suggest.hint(r.program(), pipesCreated)
                        + (pipesCreated.isEmpty() ? "" : "; pipes: " + String.join(", ", pipesCreated)));
            }
        }
        for (Reference r : references) {
            if (!known.contains(r.program())) {
                f.error(r.at(), r.path(), "no program named '" + r.program() + "'" + Suggest.hint(r.program(), known)
                        + "; programs: " + String.join(", ", known));
            }
        }
    }

    /** The joins of the program being read, checked against the threads it creates once it is read. */
    private List<Object[]> joins = new ArrayList<>();

    /**
     * A program: a list of actions (an empty list is a program that exits at once). A {@code join}
     * must name a thread the program creates: one that creates none, or fewer than the index
     * joined, is an error here.
     */
    public List<Action> program(YamlNode n, String path) {
        List<Object[]> outer = joins;
        joins = new ArrayList<>();
        try {
            List<Action> out = actions(n, path);
            long threads = threadsCreated(out);
            for (Object[] j : joins) {
                int index = ((Action.Join) j[0]).index();
                if (threads == 0) {
                    f.error((YamlNode) j[1], (String) j[2], "join waits for a thread this program creates, and it creates none"
                            + " (create one with 'thread: PROGRAM' or 'clone: {run: PROGRAM, flags: [vm, sighand, thread]}')");
                } else if (index >= threads) {
                    f.error((YamlNode) j[1], (String) j[2], "join of thread " + index + ", but this program creates only " + threads
                            + " thread" + (threads == 1 ? "" : "s") + " (numbered from 0 in the order created)");
                }
            }
            return out;
        } finally {
            joins = outer;
        }
    }

    /** Threads a program creates if it runs to its end ({@code Long.MAX_VALUE} when a loop creates them for ever). */
    static long threadsCreated(List<Action> actions) {
        long n = 0;
        for (Action a : actions) {
            long k = 0;
            if (a instanceof Action.Clone c && c.thread()) k = 1;
            else if (a instanceof Action.Repeat r) {
                long b = threadsCreated(r.body());
                k = b == 0 ? 0 : r.times() < 0 ? Long.MAX_VALUE : Math.multiplyHigh(b, r.times()) != 0 ? Long.MAX_VALUE : b * r.times();
            }
            n = k == Long.MAX_VALUE || n + k < n ? Long.MAX_VALUE : n + k;
        }
        return n;
    }

    private List<Action> actions(YamlNode n, String path) {
        YamlNode.ListNode l = f.list(n, path);
        List<Action> out = new ArrayList<>();
        if (l == null) return out;
        for (int i = 0; i < l.items().size(); i++) {
            Action a = action(l.items().get(i), path + "[" + i + "]");
            if (a != null) out.add(a);
        }
        return out;
    }

    private Action action(YamlNode n, String path) {
        String name;
        YamlNode arg;
        YamlNode at = n;
        if (n instanceof YamlNode.Scalar s && !s.isNull()) {
            name = s.text();
            arg = null;
        } else if (n instanceof YamlNode.MapNode m && m.size() == 1) {
            name = m.values().keySet().iterator().next();
            arg = m.get(name);
        } else {
            f.error(n, path, "expected an action like {compute: 5ms} (one key), found " + n.kind()
                    + (n instanceof YamlNode.MapNode m ? " with keys " + m.values().keySet() : ""));
            return null;
        }
        String p = path + "." + name;
        if (arg instanceof YamlNode.Scalar s && s.isNull()) arg = null;
        try {
            switch (name) {
                case "compute": return new Action.Compute(durations.dur(need(arg, at, p), p));
                case "io": return new Action.Io(durations.dur(need(arg, at, p), p));
                case "sleep": return new Action.Sleep(arg == null ? Dur.FOREVER : durations.dur(arg, p));
                case "syscall": return new Action.Syscall(durations.dur(need(arg, at, p), p));
                case "yield": return new Action.Yield();
                case "fork": return fork(need(arg, at, p), p);
                case "spawn": return new Action.Spawn(ref(arg, at, p, "run"));
                case "exec": return exec(need(arg, at, p), p);
                case "write": return IpcActionReader.isPipe(arg) ? ipc.pipeWrite(arg, p) : touch(true, need(arg, at, p), p);
                case "read": return IpcActionReader.isPipe(arg) ? ipc.pipeRead(arg, p) : touch(false, need(arg, at, p), p);
                case "pipe": return new Action.PipeCreate(ipc.pipeName(need(arg, at, p), p, true));
                case "close": return ipc.pipeClose(need(arg, at, p), p);
                case "signal": return ipc.sigaction(need(arg, at, p), p);
                case "block": return new Action.SigMask(true, ipc.signalSet(need(arg, at, p), p));
                case "unblock": return new Action.SigMask(false, ipc.signalSet(need(arg, at, p), p));
                case "setpgid": return ipc.setpgid(need(arg, at, p), p);
                case "slice": return new Action.SetSlice(f.duration(need(arg, at, p), p, true, Action.SetSlice.MIN));
                case "sched_deadline": return schedDeadline(need(arg, at, p), p);
                case "affinity": {
                    dev.procsim.kernel.CpuSet set = MachineReader.cpus(f, need(arg, at, p), p);
                    if (set == null) throw new Missing();
                    cpuUses.add(new MachineReader.CpuUse(set, arg, p));
                    return new Action.SetAffinity(set);
                }
                case "wait": return waitAction(arg, p);
                case "exit": return new Action.Exit(arg == null ? 0 : (int) f.integer(arg, p, 0, 255, 0));
                case "repeat": return repeat(need(arg, at, p), p);
                case "kill": return kill(need(arg, at, p), p);
                case "periodic": return periodic(need(arg, at, p), p);
                case "thread": return new Action.Clone(ref(arg, at, p, "run"), Action.Clone.THREAD_FLAGS);
                case "clone": return clone(need(arg, at, p), p);
                case "join": {
                    Action.Join j = join(arg, p);
                    joins.add(new Object[] {j, arg == null ? at : arg, p});
                    return j;
                }
                case "exit_group": return new Action.ExitGroup(arg == null ? 0 : (int) f.integer(arg, p, 0, 255, 0));
                default:
                    f.error(n, path, "unknown action '" + name + "'" + Suggest.hint(name, ACTIONS) + "; actions: "
                            + String.join(", ", ACTIONS));
                    return null;
            }
        } catch (Missing e) {
            return null;
        } catch (IllegalArgumentException e) {
            f.error(n, p, e.getMessage());
            return null;
        }
    }

    /** Thrown (already reported) when a required value is absent; ends reading of that action only. */
    static final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Missing() {
            super(null, null, false, false);
        }
    }

    private YamlNode need(YamlNode arg, YamlNode at, String path) {
        if (arg == null) {
            f.error(at, path, "expected a value, found nothing");
            throw new Missing();
        }
        return arg;
    }

    YamlNode.MapNode args(YamlNode arg, String path, List<String> keys) {
        YamlNode.MapNode m = f.map(arg, path);
        if (m == null) throw new Missing();
        f.onlyKeys(m, path, keys);
        return m;
    }

    /** {@code fork: child} or {@code fork: {run: child, ...}}. */
    String ref(YamlNode arg, YamlNode at, String path, String key) {
        YamlNode v = need(arg, at, path);
        if (v instanceof YamlNode.MapNode m) {
            f.onlyKeys(m, path, List.of(key));
            v = need(m.get(key), m, Fields.join(path, key));
            path = Fields.join(path, key);
        }
        String name = f.text(v, path);
        if (name == null) throw new Missing();
        references.add(new Reference(name, v, path));
        return name;
    }

    private Action fork(YamlNode arg, String path) {
        if (arg instanceof YamlNode.Scalar) return new Action.Fork(ref(arg, arg, path, "run"));
        YamlNode.MapNode m = args(arg, path, List.of("run", "strategy", "on_fail", "retry_after"));
        String run = ref(m.get("run"), m, path + ".run", "run");
        String strategy = m.get("strategy") == null ? null
                : f.choice(m.get("strategy"), path + ".strategy", dev.procsim.memory.ForkStrategies.all().keySet(), null);
        Action.OnFail onFail = Action.OnFail.CONTINUE;
        if (m.get("on_fail") != null) {
            String s = f.choice(m.get("on_fail"), path + ".on_fail", List.of("continue", "retry", "exit"), "continue");
            onFail = Action.OnFail.valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
        Dur retry = m.get("retry_after") == null ? null : durations.dur(m.get("retry_after"), path + ".retry_after");
        if (onFail == Action.OnFail.RETRY && retry == null) retry = Dur.of(SimTime.MS);
        return new Action.Fork(run, strategy, onFail, retry);
    }

    private Action exec(YamlNode arg, String path) {
        if (arg instanceof YamlNode.Scalar) return new Action.Exec(ref(arg, arg, path, "run"), 0);
        YamlNode.MapNode m = args(arg, path, List.of("run", "memory"));
        String run = ref(m.get("run"), m, path + ".run", "run");
        long mem = m.get("memory") == null ? 0 : f.size(m.get("memory"), path + ".memory", MAX_MEMORY, 0);
        return new Action.Exec(run, mem);
    }

    private Action touch(boolean write, YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("pages", "fraction", "offset", "pattern", "stride"));
        if ((m.get("pages") == null) == (m.get("fraction") == null)) {
            f.error(m, path, "expected exactly one of 'pages' (a count or size) and 'fraction' (0..1)");
            throw new Missing();
        }
        Action.Amount count = m.get("pages") != null ? pages(m.get("pages"), path + ".pages")
                : Action.Amount.fraction(f.fraction(m.get("fraction"), path + ".fraction", 0));
        Action.Amount offset = Action.Amount.pages(0);
        YamlNode o = m.get("offset");
        if (o != null) {
            String t = f.text(o, path + ".offset");
            if (t != null && t.strip().matches("\\d*\\.\\d+")) offset = Action.Amount.fraction(f.fraction(o, path + ".offset", 0));
            else offset = pages(o, path + ".offset");
        }
        Action.Pattern pattern = Action.Pattern.SEQUENTIAL;
        if (m.get("pattern") != null) {
            pattern = Action.Pattern.valueOf(f.choice(m.get("pattern"), path + ".pattern", List.of("sequential", "random", "stride"),
                    "sequential").toUpperCase(java.util.Locale.ROOT));
        }
        int stride = m.get("stride") == null ? 1 : (int) f.integer(m.get("stride"), path + ".stride", 1, Integer.MAX_VALUE, 1);
        return new Action.Touch(write, count, offset, pattern, stride);
    }

    /** A page count: a whole number of pages, or a size with a unit. */
    private Action.Amount pages(YamlNode n, String path) {
        String t = f.text(n, path);
        if (t == null) return Action.Amount.pages(0);
        if (t.strip().matches("\\d+")) return Action.Amount.pages(f.integer(n, path, 0, Sizes.pages(MAX_MEMORY), 0));
        return Action.Amount.pages(Sizes.pages(f.size(n, path, MAX_MEMORY, 0)));
    }

    private Action waitAction(YamlNode arg, String path) {
        if (arg == null) return new Action.Wait(Action.Wait.ANY, false);
        if (arg instanceof YamlNode.Scalar) return new Action.Wait(childIndex(arg, path), false);
        YamlNode.MapNode m = args(arg, path, List.of("pid", "nohang"));
        int idx = m.get("pid") == null ? Action.Wait.ANY : childIndex(m.get("pid"), path + ".pid");
        boolean nohang = m.get("nohang") != null && f.bool(m.get("nohang"), path + ".nohang", false);
        return new Action.Wait(idx, nohang);
    }

    private int childIndex(YamlNode n, String path) {
        String t = f.text(n, path);
        if (t == null || t.equals("any")) return Action.Wait.ANY;
        return (int) f.integer(n, path, 0, Integer.MAX_VALUE, 0);
    }

    /** {@code clone: {run: P, flags: [vm, files, sighand, thread, newpid], pids_max: N}}; no flags is a fork. */
    private Action clone(YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("run", "flags", "pids_max"));
        String run = ref(m.get("run"), m, path + ".run", "run");
        int flags = 0;
        YamlNode fl = m.get("flags");
        if (fl != null) {
            YamlNode.ListNode l = f.list(fl, path + ".flags");
            if (l != null) {
                for (int i = 0; i < l.items().size(); i++) {
                    String name = f.choice(l.items().get(i), path + ".flags[" + i + "]", CLONE_FLAGS.keySet().stream().sorted().toList(), null);
                    if (name != null) flags |= CLONE_FLAGS.get(name);
                }
            }
        }
        long pidsMax = dev.procsim.kernel.Cgroup.UNLIMITED;
        if (m.get("pids_max") != null) {
            pidsMax = f.integer(m.get("pids_max"), path + ".pids_max", 1, 4_194_304, 1);
            if ((flags & Action.Clone.NEWPID) == 0) {
                f.error(m.get("pids_max"), path + ".pids_max", "pids_max (the container's cgroup) needs the newpid flag");
                throw new Missing();
            }
        }
        try {
            return new Action.Clone(run, flags, pidsMax);
        } catch (IllegalArgumentException e) {
            f.error(fl != null ? fl : m, path + ".flags", e.getMessage());
            throw new Missing();
        }
    }

    /** {@code join}, {@code join: any}, {@code join: N} or {@code join: {thread: N}}. */
    private Action.Join join(YamlNode arg, String path) {
        if (arg == null) return new Action.Join(Action.Join.ANY);
        if (arg instanceof YamlNode.Scalar) return new Action.Join(childIndex(arg, path));
        YamlNode.MapNode m = args(arg, path, List.of("thread"));
        return new Action.Join(m.get("thread") == null ? Action.Join.ANY : childIndex(m.get("thread"), path + ".thread"));
    }

    /** {@code sched_deadline: {runtime: Q, deadline: D, period: P}} (deadline defaults to the period). */
    private Action schedDeadline(YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("runtime", "deadline", "period"));
        long runtime = required(m, "runtime", path, true);
        long period = required(m, "period", path, true);
        long deadline = m.get("deadline") == null ? period : f.duration(m.get("deadline"), path + ".deadline", true, period);
        return new Action.SetDeadline(new dev.procsim.kernel.DeadlineParams(runtime, deadline, period));
    }

    private Action repeat(YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("times", "do"));
        int times = Action.Repeat.FOREVER;
        YamlNode t = m.get("times");
        if (t == null) {
            f.error(m, path, "expected 'times' (a count or forever)");
        } else if (!"forever".equals(t instanceof YamlNode.Scalar s ? s.text() : null)) {
            times = (int) f.integer(t, path + ".times", 0, MAX_REPEAT, 0);
        }
        YamlNode body = m.get("do");
        if (body == null) {
            f.error(m, path, "expected 'do' (the list of actions to repeat)");
            throw new Missing();
        }
        return new Action.Repeat(times, actions(body, path + ".do"));
    }

    private Action kill(YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("target", "signal"));
        YamlNode t = m.get("target");
        Action.Target target = new Action.Target.Self();
        List<String> kinds = List.of("child", "pid", "child_group");
        if (t == null) {
            f.error(m, path, "expected 'target' (parent, self, {child: N}, {pid: N}, {pid: -PGID} or {child_group: N})");
        } else if (t instanceof YamlNode.MapNode tm && tm.size() == 1) {
            String k = tm.values().keySet().iterator().next();
            String tp = path + ".target." + k;
            if (k.equals("child")) target = new Action.Target.Child((int) f.integer(tm.get(k), tp, 0, Integer.MAX_VALUE, 0));
            else if (k.equals("child_group")) target = new Action.Target.ChildGroup((int) f.integer(tm.get(k), tp, 0, Integer.MAX_VALUE, 0));
            else if (k.equals("pid")) {
                int pid = (int) f.integer(tm.get(k), tp, -4_194_304, 4_194_304, 1);
                if (pid == 0) f.error(tm.get(k), tp, "expected a PID (N > 0) or a process group (-PGID); 0 is not a process");
                target = new Action.Target.Pid(pid == 0 ? 1 : pid);
            } else {
                f.error(tm.key(k), tp, "unknown target '" + k + "'" + Suggest.hint(k, kinds) + "; expected child, pid or child_group");
            }
        } else {
            String s = f.choice(t, path + ".target", List.of("parent", "self"), "self");
            target = s.equals("parent") ? new Action.Target.Parent() : new Action.Target.Self();
        }
        int signal = m.get("signal") == null ? Signals.SIGKILL : ipc.signal(m.get("signal"), path + ".signal");
        return new Action.Kill(target, signal);
    }

    private Action periodic(YamlNode arg, String path) {
        YamlNode.MapNode m = args(arg, path, List.of("period", "wcet", "deadline", "offset", "jobs"));
        long period = required(m, "period", path, true);
        long wcet = required(m, "wcet", path, true);
        long deadline = m.get("deadline") == null ? period : f.duration(m.get("deadline"), path + ".deadline", true, period);
        long offset = m.get("offset") == null ? 0 : f.duration(m.get("offset"), path + ".offset", false, 0);
        long jobs = m.get("jobs") == null ? -1 : f.integer(m.get("jobs"), path + ".jobs", 1, Long.MAX_VALUE, 1);
        return new Action.Periodic(period, wcet, deadline, offset, jobs);
    }

    private long required(YamlNode.MapNode m, String key, String path, boolean positive) {
        if (m.get(key) == null) {
            f.error(m, path, "expected '" + key + "'");
            throw new Missing();
        }
        return f.duration(m.get(key), path + "." + key, positive, 1);
    }
}

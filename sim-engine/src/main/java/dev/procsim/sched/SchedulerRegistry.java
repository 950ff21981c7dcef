package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every scheduler by name, with its parameters and their defaults (what {@code procsim list
 * schedulers} prints). Adding a policy: its class, and one {@code register} line here.
 *
 * <p>Plug-ins ({@link SchedulerProvider}) come after the built-in schedulers, in order of name.
 * The built-ins are fixed when the class loads, and a built-in name is looked up in their map
 * alone, as before there were plug-ins. The plug-ins are one set for the whole JVM, replaced whole
 * by {@link #usePlugins}: until it is first called, those on the class path, found at first need.
 * Each {@code procsim} command calls it before it reads its input, with the class path and the
 * command's {@code --plugin} jars, so that what a command sees depends on its own command line
 * only, never on the commands run before it in the same JVM (tests run many). Two commands with
 * different plug-ins at the same time in one JVM are not supported: the last one to start wins.
 */
public final class SchedulerRegistry {
    /**
     * A declared parameter: name, default (as written in an experiment), meaning, and whether its
     * value is a time or a list of times (a bare number on the command line then takes the task
     * list's unit). The short form infers that from a default like {@code 10ms}.
     */
    public record Param(String name, String defaultValue, String description, boolean time) {
        public Param(String name, String defaultValue, String description) {
            this(name, defaultValue, description, isTime(defaultValue));
        }

        private static boolean isTime(String v) {
            try {
                dev.procsim.engine.SimTime.parse(v);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** A registered scheduler. */
    public record Entry(String name, String description, List<Param> params, Function<SchedulerParams, Scheduler> factory) {}

    /** The built-in schedulers, filled once when the class loads and never changed. */
    private static final Map<String, Entry> BUILT_IN = new LinkedHashMap<>();

    /** The plug-ins in use and the union with the built-ins; null until first needed. */
    private static volatile Plugins current;

    private record Plugins(SchedulerPlugins.Found found, Map<String, Entry> all) {}

    private static final Param ON_MISS_CONTINUE = new Param("on_miss", "continue",
            "late jobs: continue, abort-at-deadline or drop-when-infeasible");

    static {
        register("fcfs", "first come, first served; no preemption", List.of(), p -> new FcfsScheduler());
        register("sjf", "shortest job (next CPU burst) first; no preemption", List.of(), p -> new SjfScheduler(false));
        register("srtf", "shortest remaining time first; a new or woken task with less work preempts", List.of(),
                p -> new SjfScheduler(true));
        register("rr", "round robin: FIFO with a time quantum",
                List.of(new Param("quantum", "10ms", "time slice")), p -> new RoundRobinScheduler(p.duration("quantum")));
        register("priority", "static priority from the task list (lower number first)",
                List.of(new Param("preemptive", "false", "a better task arriving preempts the running one")),
                p -> new PriorityScheduler(p.flag("preemptive")));
        register("mlfq", "multi-level feedback queue, as OSTEP's mlfq.py",
                List.of(new Param("levels", "3", "number of queues"),
                        new Param("quantum", "10ms", "time slice at the top level, doubled at each level below"),
                        new Param("allotment", "20ms", "CPU a task may use at a level before it is demoted, doubled at each level below (a whole number of quanta)"),
                        new Param("quanta", "", "time slices per level, top first (as mlfq.py -Q, for example 10ms,20ms,40ms); replaces levels and quantum", true),
                        new Param("allotments", "", "allotment per level in quanta, top first (as mlfq.py -A, for example 2,2,2); replaces allotment"),
                        new Param("boost", "1s", "period of moving every task back to the top, 0 for never (as mlfq.py -B)"),
                        new Param("stay", "false", "a task that blocks gets its level's quantum and allotment afresh (as mlfq.py -S)"),
                        new Param("io_bump", "false", "a woken task joins the head of its level, not the tail (as mlfq.py -I)")),
                SchedulerRegistry::mlfq);
        register("cfs", "Linux completely fair scheduler: weights by nice, virtual runtime",
                List.of(new Param("latency", "6ms", "sched_latency before scaling by 1 + log2(CPUs)"),
                        new Param("min_granularity", "0.75ms", "minimum slice before scaling"),
                        new Param("wakeup_granularity", "1ms", "how much less vruntime a woken task needs to preempt, before scaling")),
                p -> new CfsScheduler(p.duration("latency"), p.duration("min_granularity"), p.duration("wakeup_granularity")));
        register("eevdf", "Linux 6.6+ fair scheduler: earliest eligible virtual deadline first, weights by nice, lag-based placement",
                List.of(new Param("base_slice", "0.75ms", "sched_base_slice (the request size) before scaling by 1 + log2(CPUs)")),
                p -> new EevdfScheduler(p.duration("base_slice")));
        register("sched-deadline", "Linux SCHED_DEADLINE: global EDF among constant-bandwidth servers (runtime, deadline, period per task, admitted up to 95% of the CPUs); other tasks in the background",
                List.of(), p -> new SchedDeadlineScheduler());
        register("non-preemptive", "cooperative: the task keeps the CPU until it blocks, yields, exits, or enters the kernel after its quantum",
                List.of(new Param("quantum", "10ms", "after this much CPU the task is switched at its next kernel entry"),
                        new Param("order", "fifo", "order of ready tasks: fifo or priority")),
                p -> new NonPreemptiveScheduler(p.duration("quantum"), p.choice("order", "fifo", "priority")));
        register("time-sharing", "static priority (nice) plus a dynamic part that rises while waiting and falls while running",
                List.of(new Param("preset", "generic", "generic, bsd (4.4BSD) or linux-o1 (Linux 2.6 O(1)); the presets ignore the other parameters"),
                        new Param("quantum", "10ms", "time slice"),
                        new Param("run_penalty", "1", "priority points lost per millisecond of CPU"),
                        new Param("wait_bonus", "0.5", "priority points gained per millisecond waiting ready (aging)"),
                        new Param("bound", "40", "the dynamic part stays within [-bound, +bound] points")),
                p -> switch (p.choice("preset", "generic", "bsd", "linux-o1")) {
                    case "bsd" -> new BsdScheduler();
                    case "linux-o1" -> new LinuxO1Scheduler();
                    default -> new TimeSharingScheduler(p.duration("quantum"), p.number("run_penalty"), p.number("wait_bonus"), p.number("bound"));
                });
        register("deadline", "real time: earliest absolute deadline first, preemptive, with an on-miss policy",
                List.of(new Param("on_miss", "drop-when-infeasible", "late jobs: drop-when-infeasible, abort-at-deadline or continue")),
                p -> new EdfScheduler("deadline", onMiss(p)));
        register("edf", "earliest deadline first, preemptive (textbook: late jobs continue)", List.of(ON_MISS_CONTINUE),
                p -> new EdfScheduler("edf", onMiss(p)));
        register("rm", "rate monotonic: fixed priority by period, preemptive", List.of(ON_MISS_CONTINUE),
                p -> new FixedPriorityRtScheduler(false, onMiss(p)));
        register("dm", "deadline monotonic: fixed priority by relative deadline, preemptive", List.of(ON_MISS_CONTINUE),
                p -> new FixedPriorityRtScheduler(true, onMiss(p)));
        register("llf", "least laxity first, re-evaluated each quantum and at releases", List.of(new Param("quantum", "1ms", "re-evaluation period"),
                ON_MISS_CONTINUE), p -> new LlfScheduler(p.duration("quantum"), onMiss(p)));
    }


    private static Scheduler mlfq(SchedulerParams p) {
        long[] quanta = p.durations("quanta");
        if (quanta.length == 0) quanta = MlfqScheduler.doubling(p.integer("levels"), p.duration("quantum"));
        int[] allotments = p.integers("allotments");
        if (allotments.length == 0) {
            allotments = MlfqScheduler.equalAllotments(quanta.length, p.duration("quantum"), p.duration("allotment"));
        } else if (allotments.length != quanta.length) {
            throw new IllegalArgumentException("mlfq.allotments: " + allotments.length + (allotments.length == 1 ? " value" : " values") + " for " + quanta.length
                    + " levels; give one per level, top first");
        }
        long boost = p.raw("boost").trim().equals("0") ? 0 : p.duration("boost");
        return new MlfqScheduler(quanta, allotments, boost, p.flag("stay"), p.flag("io_bump"));
    }

    static Scheduler.OnMiss onMiss(SchedulerParams p) {
        return switch (p.choice("on_miss", "continue", "abort-at-deadline", "drop-when-infeasible")) {
            case "abort-at-deadline" -> Scheduler.OnMiss.ABORT_AT_DEADLINE;
            case "drop-when-infeasible" -> Scheduler.OnMiss.DROP_WHEN_INFEASIBLE;
            default -> Scheduler.OnMiss.CONTINUE;
        };
    }

    private SchedulerRegistry() {}

    private static void register(String name, String description, List<Param> params, Function<SchedulerParams, Scheduler> factory) {
        BUILT_IN.put(name, new Entry(name, description, params, factory));
    }

    /** Every scheduler: the built-ins in their order, then the plug-ins by name. */
    public static Map<String, Entry> all() {
        return current().all();
    }

    /** The plug-ins in use, by name. */
    public static Map<String, Entry> plugins() {
        return current().found().entries();
    }

    /** The jar or folder a plug-in was loaded from; null for a built-in or unknown name. */
    public static String pluginSource(String name) {
        return current().found().sources().get(name);
    }

    /**
     * Replaces the plug-ins with those {@code loader} finds (null: those on the class path). A
     * plug-in named as a built-in or as another plug-in, or one that cannot be loaded, is an
     * {@link IllegalArgumentException} naming where each came from; the plug-ins in use then stay.
     */
    public static synchronized void usePlugins(ClassLoader loader) {
        SchedulerPlugins.Found found = SchedulerPlugins.discover(loader == null ? SchedulerRegistry.class.getClassLoader() : loader, BUILT_IN);
        Map<String, Entry> all = new LinkedHashMap<>(BUILT_IN);
        all.putAll(found.entries());
        current = new Plugins(found, Collections.unmodifiableMap(all));
    }

    private static Plugins current() {
        Plugins p = current;
        if (p != null) return p;
        synchronized (SchedulerRegistry.class) {
            if (current == null) usePlugins(null);
            return current;
        }
    }

    /** A new scheduler by name with parameters (unknown names and parameters are errors naming the valid ones). */
    public static Scheduler create(String name, Map<String, String> params) {
        Entry e = BUILT_IN.get(name);
        if (e == null) e = current().found().entries().get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown scheduler '" + name + "'; known: " + String.join(", ", all().keySet()));
        }
        Map<String, Param> declared = new LinkedHashMap<>();
        for (Param p : e.params()) declared.put(p.name(), p);
        return e.factory().apply(new SchedulerParams(name, params, declared));
    }

    public static Scheduler create(String name) {
        return create(name, Map.of());
    }
}

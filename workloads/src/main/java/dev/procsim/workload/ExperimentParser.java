package dev.procsim.workload;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.memory.CostProfile;
import dev.procsim.memory.ForkStrategies;
import dev.procsim.sched.SchedulerRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an experiment file (README "Experiment files"): checks every key, reports every problem at
 * once with file, line, column and key path, and validates each sweep point by building its
 * workload. Never throws anything but {@link InputException} for a user's mistake.
 */
public final class ExperimentParser {
    static final List<String> TOP = List.of("name", "description", "seed", "replications", "horizon", "cpus", "kernel", "costs",
            "compare", "sweep", "params", "workload", "report", "statistics");
    public static final int MAX_REPLICATIONS = 10_000;
    public static final int MAX_POINTS = 10_000;
    static final List<String> DEFAULT_SCHEDULERS = List.of("time-sharing");
    static final String DEFAULT_FORK = "cow";
    private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    private ExperimentParser() {}

    public static Experiment read(Path file) {
        String text = InputText.read(file, YamlReader.MAX_CHARS);
        boolean stdin = file.toString().equals(InputText.STDIN);
        Path dir = stdin ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
        return parse(InputText.displayName(file), text, dir);
    }

    /** The SHA-256 of {@code text} in UTF-8, in hex: what {@code sha256sum} prints for a UTF-8 file without a byte-order mark. */
    static String sha256(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }

    /** Parses and validates; {@code baseDir} resolves the file's relative paths. */
    public static Experiment parse(String file, String text, Path baseDir) {
        return parse(file, text, baseDir, InputFiles.DISK);
    }

    /** As {@link #parse(String, String, Path)}, with the files the experiment names read from {@code inputs} (a Spark job's copies). */
    public static Experiment parse(String file, String text, Path baseDir, InputFiles inputs) {
        List<InputError> errors = new ArrayList<>();
        YamlNode rootNode = YamlReader.read(file, text, errors);
        if (rootNode == null) throw new InputException(errors);
        Fields f = new Fields(file, errors, null);
        YamlNode.MapNode root = f.map(rootNode, "");
        if (root == null) throw new InputException(errors);
        f.onlyKeys(root, "", TOP);

        String name = root.get("name") == null ? ExperimentName.fromFile(file) : f.text(root.get("name"), "name");
        String nameProblem = name == null ? null : ExperimentName.problem(name);
        if (nameProblem != null) f.error(root.get("name"), "name", nameProblem);
        String description = root.get("description") == null ? "" : f.text(root.get("description"), "description");
        long seed = root.get("seed") == null ? 1 : f.integer(root.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        int reps = root.get("replications") == null ? 1
                : (int) f.integer(root.get("replications"), "replications", 1, MAX_REPLICATIONS, 1);
        Statistics statistics = StatisticsSection.read(f, root.get("statistics"), reps, root.get("replications"));

        int errorsBeforeParams = f.errorCount();
        Map<String, String> params = new LinkedHashMap<>();
        YamlNode pn = root.get("params");
        if (pn != null) {
            YamlNode.MapNode pm = f.map(pn, "params");
            if (pm != null) {
                for (var e : pm.values().entrySet()) {
                    String v = f.raw(e.getValue(), "params." + e.getKey());
                    if (v != null) {
                        if (v.contains("${")) {
                            f.error(e.getValue(), "params." + e.getKey(), "a parameter cannot refer to another parameter (found '" + v
                                    + "'); write its value here");
                        }
                        params.put(e.getKey(), v);
                    }
                }
            }
        }
        Map<String, List<String>> sweep = new LinkedHashMap<>();
        YamlNode sn = root.get("sweep");
        if (sn != null) {
            YamlNode.MapNode sm = f.map(sn, "sweep");
            if (sm != null) {
                long grid = 1;
                for (var e : sm.values().entrySet()) {
                    String p = "sweep." + e.getKey();
                    YamlNode.ListNode l = f.list(e.getValue(), p);
                    if (l == null) continue;
                    if (l.items().isEmpty()) {
                        f.error(l, p, "expected at least one value");
                        continue;
                    }
                    List<String> vals = new ArrayList<>();
                    for (int i = 0; i < l.items().size(); i++) {
                        String v = f.raw(l.items().get(i), p + "[" + i + "]");
                        if (v == null) continue;
                        if (v.contains("${")) {
                            f.error(l.items().get(i), p + "[" + i + "]", "a swept value cannot refer to a parameter (found '" + v + "')");
                        } else if (vals.contains(v)) {
                            f.error(l.items().get(i), p + "[" + i + "]", "value '" + v + "' appears twice");
                        } else {
                            vals.add(v);
                        }
                    }
                    if (grid <= MAX_POINTS) {
                        grid *= Math.max(1, vals.size());
                        if (grid > MAX_POINTS) f.error(l, p, "the sweep grid has more than " + MAX_POINTS + " points (" + MAX_POINTS
                                + " combinations at most: sweep fewer values, or split the experiment)");
                    }
                    sweep.put(e.getKey(), vals); // still declared: its uses are not unknown parameters
                }
            }
        }
        // Parameters and sweep values are substituted everywhere else: with one of them wrong, every use
        // would be reported again as a consequence. Report these first.
        if (f.errorCount() > errorsBeforeParams) throw new InputException(errors);
        List<Experiment.SchedulerChoice> schedulers = new ArrayList<>();
        List<String> forks = new ArrayList<>();
        compare(f, root.get("compare"), schedulers, forks);
        if (schedulers.size() * (long) forks.size() * sweepSize(sweep) > MAX_POINTS) {
            f.error(root.get("compare"), "compare", "compare times sweep gives more than " + MAX_POINTS + " combinations");
        }

        YamlNode workload = root.get("workload");
        if (workload == null) f.error(root, "", "expected 'workload' (what the experiment runs)");

        // Every ${name} must be defined; every swept name must be used somewhere.
        Set<String> used = new LinkedHashSet<>();
        for (String k : root.values().keySet()) {
            if (!k.equals("params") && !k.equals("sweep")) refs(root.get(k), used);
        }
        for (var e : sweep.entrySet()) {
            if (!used.contains(e.getKey())) {
                YamlNode.MapNode sm = (YamlNode.MapNode) sn;
                f.error(sm.key(e.getKey()), "sweep." + e.getKey(), "'" + e.getKey()
                        + "' is swept but nothing refers to it; write ${" + e.getKey() + "} where it should go");
            }
        }
        Experiment x = new Experiment(name == null ? "experiment" : name, description == null ? "" : description, seed, reps, file,
                baseDir, root, schedulers, forks, sweep, params, Map.of());
        Map<String, String> baseline = baseline(f, root.get("report"), x);
        List<String> metrics = metrics(f, root.get("report"));
        if (!baseline.isEmpty() || !metrics.isEmpty()) {
            x = new Experiment(x.name, x.description, seed, reps, file, baseDir, root, schedulers, forks, sweep, params, baseline, metrics);
        }
        x.inputs = inputs;
        // Validate every sweep point (its settings and workload), reporting each distinct problem once.
        Set<InputError> distinct = new LinkedHashSet<>(errors);
        for (Map<String, String> point : x.sweepPoints()) {
            List<InputError> e = new ArrayList<>();
            setup(x, x.paramsAt(point), new RandomStreams(seed, 0), e);
            distinct.addAll(e);
            if (distinct.size() > 200) break;
        }
        if (!distinct.isEmpty()) throw new InputException(new ArrayList<>(distinct));
        x.sourceSha256 = sha256(text);
        x.statistics = statistics;
        x.sourceText = text;
        return x;
    }

    /**
     * {@code report: {baseline: {factor: level, ...}}}: each factor named must be one of the
     * experiment's (scheduler, fork, or a swept parameter) and each level one of its levels; a
     * scheduler may be named by its label ({@code rr(quantum=2ms)}) or, when only one has it, its name.
     */
    private static Map<String, String> baseline(Fields f, YamlNode n, Experiment x) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null) return out;
        YamlNode.MapNode m = f.map(n, "report");
        if (m == null) return out;
        f.onlyKeys(m, "report", List.of("baseline", "metrics"));
        if (m.get("baseline") == null) return out;
        YamlNode.MapNode b = f.map(m.get("baseline"), "report.baseline");
        if (b == null) return out;
        Map<String, List<String>> levels = x.levels();
        for (var e : b.values().entrySet()) {
            String path = "report.baseline." + e.getKey();
            List<String> ls = levels.get(e.getKey());
            if (ls == null) {
                f.error(b.key(e.getKey()), path, "expected a factor of this experiment (" + String.join(", ", levels.keySet()) + "), found '"
                        + e.getKey() + "'");
                continue;
            }
            String v = f.text(e.getValue(), path);
            if (v == null) continue;
            String level = ls.contains(v) ? v : null;
            if (level == null && e.getKey().equals("scheduler")) {
                List<String> byName = x.schedulers().stream().filter(s -> s.name().equals(v)).map(Experiment.SchedulerChoice::label).toList();
                if (byName.size() == 1) level = byName.get(0);
            }
            if (level == null) {
                f.error(e.getValue(), path, "expected one of the levels compared (" + String.join(", ", ls) + "), found '" + v + "'");
            } else {
                out.put(e.getKey(), level);
            }
        }
        return out;
    }

    /** {@code report: {metrics: [page_copies, ...]}}: what the findings are about, each a metric of summary.csv, once. */
    private static List<String> metrics(Fields f, YamlNode n) {
        List<String> out = new ArrayList<>();
        if (!(n instanceof YamlNode.MapNode m) || m.get("metrics") == null) return out;
        YamlNode.ListNode l = f.list(m.get("metrics"), "report.metrics");
        if (l == null) return out;
        for (int i = 0; i < l.items().size(); i++) {
            String path = "report.metrics[" + i + "]";
            String v = f.text(l.items().get(i), path);
            if (v == null) continue;
            if (!ReportMetrics.NAMES.contains(v)) {
                f.error(l.items().get(i), path, "expected a metric of summary.csv (such as page_copies, mean_response_ns, deadline_misses), found '" + v
                        + "'" + Suggest.hint(v, ReportMetrics.NAMES));
            } else if (out.contains(v)) {
                f.error(l.items().get(i), path, "'" + v + "' is named twice");
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static long sweepSize(Map<String, List<String>> sweep) {
        long n = 1;
        for (List<String> v : sweep.values()) n *= Math.max(1, v.size());
        return n;
    }

    private static void refs(YamlNode n, Set<String> out) {
        if (n instanceof YamlNode.Scalar s && s.text() != null) {
            Matcher m = REF.matcher(s.text());
            while (m.find()) out.add(m.group(1).strip());
        } else if (n instanceof YamlNode.MapNode m) {
            for (YamlNode v : m.values().values()) refs(v, out);
        } else if (n instanceof YamlNode.ListNode l) {
            for (YamlNode v : l.items()) refs(v, out);
        }
    }

    private static void compare(Fields f, YamlNode n, List<Experiment.SchedulerChoice> schedulers, List<String> forks) {
        YamlNode sched = null;
        YamlNode fork = null;
        if (n != null) {
            YamlNode.MapNode m = f.map(n, "compare");
            if (m != null) {
                f.onlyKeys(m, "compare", List.of("scheduler", "fork"));
                sched = m.get("scheduler");
                fork = m.get("fork");
            }
        }
        if (sched == null) {
            for (String s : DEFAULT_SCHEDULERS) schedulers.add(new Experiment.SchedulerChoice(s, Map.of()));
        } else {
            List<YamlNode> items = sched instanceof YamlNode.ListNode l ? l.items() : List.of(sched);
            for (int i = 0; i < items.size(); i++) {
                Experiment.SchedulerChoice c = scheduler(f, items.get(i), "compare.scheduler[" + i + "]");
                if (c == null) continue;
                if (schedulers.stream().anyMatch(s -> s.label().equals(c.label()))) {
                    f.error(items.get(i), "compare.scheduler[" + i + "]", "'" + c.label() + "' appears twice");
                } else {
                    schedulers.add(c);
                }
            }
        }
        if (fork == null) {
            forks.add(DEFAULT_FORK);
        } else {
            List<YamlNode> items = fork instanceof YamlNode.ListNode l ? l.items() : List.of(fork);
            for (int i = 0; i < items.size(); i++) {
                String s = f.choice(items.get(i), "compare.fork[" + i + "]", ForkStrategies.all().keySet(), null);
                if (s == null) continue;
                if (forks.contains(s)) f.error(items.get(i), "compare.fork[" + i + "]", "'" + s + "' appears twice");
                else forks.add(s);
            }
        }
    }

    private static Experiment.SchedulerChoice scheduler(Fields f, YamlNode n, String path) {
        String name;
        Map<String, String> params = new LinkedHashMap<>();
        YamlNode nameNode = n;
        if (n instanceof YamlNode.MapNode m) {
            nameNode = m.get("name");
            if (nameNode == null) {
                f.error(m, path, "expected 'name' (a scheduler) and its parameters, like {name: rr, quantum: 4ms}");
                return null;
            }
            name = f.text(nameNode, path + ".name");
            for (var e : m.values().entrySet()) {
                if (e.getKey().equals("name")) continue;
                String v = f.text(e.getValue(), path + "." + e.getKey());
                if (v != null) params.put(e.getKey(), v);
            }
        } else {
            name = f.text(n, path);
        }
        if (name == null) return null;
        SchedulerRegistry.Entry entry = SchedulerRegistry.all().get(name);
        if (entry == null) {
            f.error(nameNode, path, "unknown scheduler '" + name + "'" + Suggest.hint(name, SchedulerRegistry.all().keySet())
                    + "; schedulers: " + String.join(", ", SchedulerRegistry.all().keySet()));
            return null;
        }
        if (n instanceof YamlNode.MapNode m) {
            List<String> declared = new ArrayList<>(List.of("name"));
            entry.params().forEach(p -> declared.add(p.name()));
            int before = f.errorCount();
            f.onlyKeys(m, path, declared);
            if (f.errorCount() > before) return null;
        }
        try {
            SchedulerRegistry.create(name, params);
        } catch (IllegalArgumentException e) {
            f.error(n, path, e.getMessage());
            return null;
        }
        return new Experiment.SchedulerChoice(name, params);
    }

    /** Resolves settings and builds the workload for one set of parameter values; problems go to {@code errors}. */
    static Experiment.Setup setup(Experiment x, Map<String, String> params, RandomStreams streams, List<InputError> errors) {
        return resolve(x, params, streams, errors).setup();
    }

    /**
     * A sweep point resolved: its setup (no scheduler yet), and whether its workload drew random
     * numbers while being built, so that another replication needs a workload of its own.
     */
    record Resolution(Experiment.Setup setup, boolean workloadPerReplication) {}

    static Resolution resolve(Experiment x, Map<String, String> params, RandomStreams streams, List<InputError> errors) {
        Fields f = new Fields(x.file, errors, params);
        YamlNode.MapNode root = x.root;
        long horizon = root.get("horizon") == null ? SimTime.NEVER : f.duration(root.get("horizon"), "horizon", true, SimTime.NEVER);
        List<String> cannotConfine = new ArrayList<>(); // schedulers that cannot keep tasks to their CPUs from one shared queue
        for (Experiment.SchedulerChoice c : x.schedulers) {
            if (!SchedulerRegistry.create(c.name(), c.params()).picksAllowed()) cannotConfine.add(c.name());
        }
        KernelConfig k = KernelSection.read(f, root, cannotConfine);
        int cpus = k.cpus;
        CostProfile costs = costs(f, root.get("costs"));
        YamlNode kn = root.get("kernel");
        boolean switchGiven = kn instanceof YamlNode.MapNode km && km.get("context_switch") != null;
        if (!switchGiven && costs != null) k.contextSwitch = costs.contextSwitch();
        Workload w = null;
        boolean perReplication = false;
        if (root.get("workload") != null) {
            WorkloadBuilder b = new WorkloadBuilder(f, x.baseDir, cpus, streams, x.files, x.inputs);
            w = b.build(root.get("workload"), "workload");
            perReplication = b.drawsAtSetup();
            KernelSection.checkCpuLists(f, k, b.cpuUses(), cannotConfine);
            if (b.needsHorizon() != null && horizon == SimTime.NEVER) {
                f.error(root, "horizon", "this experiment needs a 'horizon' (a stop time): " + b.needsHorizon());
            }
        }
        return new Resolution(new Experiment.Setup(k, costs, horizon, w, null), perReplication);
    }

    /** Only the workload of a sweep point, drawn with {@code streams} (for a further replication of a resolved point). */
    static Workload workload(Experiment x, Map<String, String> params, RandomStreams streams, List<InputError> errors) {
        Fields f = new Fields(x.file, errors, params);
        return new WorkloadBuilder(f, x.baseDir, KernelSection.cpus(f, x.root), streams, x.files, x.inputs)
                .build(x.root.get("workload"), "workload");
    }

    private static CostProfile costs(Fields f, YamlNode n) {
        if (n == null) return CostProfile.load(CostProfile.DEFAULT);
        if (n instanceof YamlNode.Scalar) {
            String p = f.choice(n, "costs", CostProfile.NAMES, null);
            return p == null ? null : CostProfile.load(p);
        }
        YamlNode.MapNode m = f.map(n, "costs");
        if (m == null) return null;
        List<String> keys = new ArrayList<>(List.of("profile"));
        keys.addAll(CostProfile.KEYS);
        f.onlyKeys(m, "costs", keys);
        String profile = m.get("profile") == null ? CostProfile.DEFAULT : f.choice(m.get("profile"), "costs.profile", CostProfile.NAMES, null);
        if (profile == null) return null;
        CostProfile c = CostProfile.load(profile);
        for (var e : m.values().entrySet()) {
            if (e.getKey().equals("profile") || !CostProfile.KEYS.contains(e.getKey())) continue;
            long v = f.duration(e.getValue(), "costs." + e.getKey(), false, -1);
            if (v >= 0) c = c.with(e.getKey(), v);
        }
        return c;
    }
}

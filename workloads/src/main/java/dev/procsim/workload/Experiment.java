package dev.procsim.workload;

import dev.procsim.engine.RandomStreams;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.RunResult;
import dev.procsim.memory.PagedMemory;
import dev.procsim.kernel.Scheduler;
import dev.procsim.memory.CostProfile;
import dev.procsim.sched.SchedulerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed, validated experiment file. The factors ({@code compare}: schedulers and fork
 * strategies) and the sweep grid define the {@link Point}s; {@link #resolve} builds the setup of one
 * point and replication. Settings and workload are kept as the YAML they were written in and
 * resolved per sweep point, because any value may refer to a swept parameter.
 */
public final class Experiment {
    /** A scheduler with its parameters as written ({@code {name: rr, quantum: 4ms}}). */
    public record SchedulerChoice(String name, Map<String, String> params) {
        public SchedulerChoice {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** {@code rr} or {@code rr(quantum=4ms)}. */
        public String label() {
            if (params.isEmpty()) return name;
            return name + params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",", "(", ")"));
        }

        public Scheduler create() {
            return SchedulerRegistry.create(name, params);
        }
    }

    /** One combination of factor levels and sweep values. */
    public record Point(int index, SchedulerChoice scheduler, String fork, Map<String, String> sweep) {
        public Point {
            sweep = Collections.unmodifiableMap(new LinkedHashMap<>(sweep));
        }

        /** Factor name to level: scheduler, fork, then each swept parameter. */
        public Map<String, String> factors() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("scheduler", scheduler.label());
            m.put("fork", fork);
            m.putAll(sweep);
            return m;
        }

        public String label() {
            return factors().entrySet().stream().map(e -> e.getKey().equals("scheduler") || e.getKey().equals("fork") ? e.getValue()
                    : e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        }
    }

    /** Everything one run needs, resolved. */
    public record Setup(KernelConfig kernel, CostProfile costs, long horizon, Workload workload, java.util.function.Supplier<Scheduler> scheduler) {
        /** A kernel with paged memory under these costs, the workload added, ready to {@code run(horizon)}. */
        public Instance start(RandomStreams streams) {
            PagedMemory memory = new PagedMemory(costs);
            Kernel k = new Kernel(kernel, scheduler, memory, workload.programs(), streams); // a policy per run queue
            workload.addTo(k);
            return new Instance(k, memory, horizon);
        }
    }

    /** A kernel ready to run and its memory model (for the memory metrics). */
    public record Instance(Kernel kernel, PagedMemory memory, long horizon) {
        public RunResult run() {
            return kernel.run(horizon);
        }
    }

    final String name;
    final String description;
    final long seed;
    final int replications;
    final String file;
    final Path baseDir;
    final YamlNode.MapNode root;
    final List<SchedulerChoice> schedulers;
    final List<String> forks;
    final Map<String, List<String>> sweep;
    final Map<String, String> params;
    /** {@code report: {baseline: ...}}: factor to level of the paired comparisons' baseline (factors left out: their first level). */
    final Map<String, String> baseline;
    /** {@code report: {metrics: [...]}}: the metrics the findings are about (empty: chosen from the results). */
    final List<String> reportMetrics;
    /** The SHA-256 of the experiment file's text as parsed (provenance); set by the parser, kept by {@link #with}. */
    String sourceSha256 = "";
    /** The {@code statistics:} section; set by the parser, kept by {@link #with}. */
    Statistics statistics = Statistics.DEFAULT;
    /** The experiment file's text as parsed (what a Spark job carries to its executors); set by the parser, kept by {@link #with}. */
    String sourceText = "";
    /** Where the files the workload names are read from (the disk, or a Spark job's copies); set by the parser, kept by {@link #with}. */
    InputFiles inputs = InputFiles.DISK;
    /** CSV files the workload names, read once and shared by every run (they are immutable). */
    final Map<String, Workload> files = new java.util.concurrent.ConcurrentHashMap<>();

    Experiment(String name, String description, long seed, int replications, String file, Path baseDir, YamlNode.MapNode root,
            List<SchedulerChoice> schedulers, List<String> forks, Map<String, List<String>> sweep, Map<String, String> params,
            Map<String, String> baseline) {
        this(name, description, seed, replications, file, baseDir, root, schedulers, forks, sweep, params, baseline, List.of());
    }

    Experiment(String name, String description, long seed, int replications, String file, Path baseDir, YamlNode.MapNode root,
            List<SchedulerChoice> schedulers, List<String> forks, Map<String, List<String>> sweep, Map<String, String> params,
            Map<String, String> baseline, List<String> reportMetrics) {
        this.name = name;
        this.description = description;
        this.seed = seed;
        this.replications = replications;
        this.file = file;
        this.baseDir = baseDir;
        this.root = root;
        this.schedulers = List.copyOf(schedulers);
        this.forks = List.copyOf(forks);
        this.sweep = Collections.unmodifiableMap(new LinkedHashMap<>(sweep));
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.baseline = Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
        this.reportMetrics = List.copyOf(reportMetrics);
    }

    public String name() { return name; }
    public String description() { return description; }
    public long seed() { return seed; }
    public int replications() { return replications; }
    public String file() { return file; }
    public Path baseDir() { return baseDir; }
    public List<SchedulerChoice> schedulers() { return schedulers; }
    public List<String> forks() { return forks; }
    public Map<String, List<String>> sweep() { return sweep; }
    public Map<String, String> params() { return params; }
    /** The metrics {@code report: {metrics: ...}} names for the findings, in order (empty: none named). */
    public List<String> reportMetrics() { return reportMetrics; }
    /** The levels {@code report: {baseline: ...}} chose, by factor (empty: the first level of every factor). */
    public Map<String, String> baseline() { return baseline; }

    /** The combination paired comparisons are made against: the chosen levels, the first level of every other factor. */
    public Point baselinePoint() {
        for (Point p : points()) {
            Map<String, String> f = p.factors();
            boolean match = true;
            for (Map.Entry<String, List<String>> e : levels().entrySet()) {
                String want = baseline.getOrDefault(e.getKey(), e.getValue().get(0));
                if (!f.get(e.getKey()).equals(want)) match = false;
            }
            if (match) return p;
        }
        return points().get(0);
    }

    /** Every factor's levels as {@link Point#factors()} names them: scheduler labels, fork strategies, swept values. */
    public Map<String, List<String>> levels() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("scheduler", schedulers.stream().map(SchedulerChoice::label).toList());
        m.put("fork", forks);
        m.putAll(sweep);
        return m;
    }
    /** The file's content as read (positions kept for errors). */
    public YamlNode.MapNode root() { return root; }

    /** Keys of the file kept as written (resolved per sweep point). */
    static final java.util.List<String> SETTINGS = List.of("horizon", "cpus", "kernel", "costs", "workload", "statistics");

    /**
     * The canonical form: every top-level choice explicit (defaults filled in), the settings and
     * the workload as written, all scalars quoted. Reading it back gives an equal experiment.
     */
    public String canonical() {
        YamlNode.MapNode out = new YamlNode.MapNode(0, 0);
        put(out, "name", scalar(name));
        if (!description.isEmpty()) put(out, "description", scalar(description));
        put(out, "seed", scalar(Long.toString(seed)));
        put(out, "replications", scalar(Integer.toString(replications)));
        YamlNode.MapNode compare = new YamlNode.MapNode(0, 0);
        List<YamlNode> sch = new ArrayList<>();
        for (SchedulerChoice c : schedulers) {
            YamlNode.MapNode m = new YamlNode.MapNode(0, 0);
            put(m, "name", scalar(c.name()));
            c.params().forEach((k, v) -> put(m, k, scalar(v)));
            sch.add(m);
        }
        put(compare, "scheduler", new YamlNode.ListNode(sch, 0, 0));
        put(compare, "fork", new YamlNode.ListNode(forks.stream().map(Experiment::scalar).map(YamlNode.class::cast).toList(), 0, 0));
        put(out, "compare", compare);
        if (!sweep.isEmpty()) {
            YamlNode.MapNode sw = new YamlNode.MapNode(0, 0);
            sweep.forEach((k, v) -> put(sw, k, new YamlNode.ListNode(v.stream().map(Experiment::scalar).map(YamlNode.class::cast).toList(), 0, 0)));
            put(out, "sweep", sw);
        }
        if (!params.isEmpty()) {
            YamlNode.MapNode pm = new YamlNode.MapNode(0, 0);
            params.forEach((k, v) -> put(pm, k, scalar(v)));
            put(out, "params", pm);
        }
        for (String k : SETTINGS) {
            if (root.get(k) != null) put(out, k, root.get(k));
        }
        if (!baseline.isEmpty() || !reportMetrics.isEmpty()) {
            YamlNode.MapNode rep = new YamlNode.MapNode(0, 0);
            if (!baseline.isEmpty()) {
                YamlNode.MapNode b = new YamlNode.MapNode(0, 0);
                baseline.forEach((k, v) -> put(b, k, scalar(v)));
                put(rep, "baseline", b);
            }
            if (!reportMetrics.isEmpty()) {
                put(rep, "metrics", new YamlNode.ListNode(reportMetrics.stream().map(m -> (YamlNode) scalar(m)).toList(), 0, 0));
            }
            put(out, "report", rep);
        }
        return YamlWriter.write(out);
    }

    private static YamlNode.Scalar scalar(String s) {
        return new YamlNode.Scalar(s, 0, 0);
    }

    private static void put(YamlNode.MapNode m, String k, YamlNode v) {
        m.put(new YamlNode.Key(k, 0, 0), v);
    }

    /** Equal when every choice and every setting is the same (file name and positions aside). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Experiment x)) return false;
        if (!(name.equals(x.name) && description.equals(x.description) && seed == x.seed && replications == x.replications
                && schedulers.equals(x.schedulers) && forks.equals(x.forks) && sweep.equals(x.sweep) && params.equals(x.params) && baseline.equals(x.baseline)
                && reportMetrics.equals(x.reportMetrics))) {
            return false;
        }
        for (String k : SETTINGS) {
            if (!java.util.Objects.equals(root.get(k), x.root.get(k))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, seed, replications, schedulers, forks, sweep, params);
    }

    /** This experiment with another seed and replication count (command-line overrides). */
    public Experiment with(long newSeed, int newReplications) {
        Experiment x = new Experiment(name, description, newSeed, newReplications, file, baseDir, root, schedulers, forks, sweep, params, baseline,
                reportMetrics);
        x.sourceSha256 = sourceSha256;
        x.statistics = statistics;
        x.sourceText = sourceText;
        x.inputs = inputs;
        return x;
    }

    /** The SHA-256 (hex) of the experiment file's text as parsed, "" for an experiment not read from a text. */
    public String sourceSha256() { return sourceSha256; }

    /** How results are estimated: warm-up, method, precision ({@code statistics:}). */
    public Statistics statistics() { return statistics; }
    /** The experiment file's text as parsed, "" for an experiment not read from a text. */
    public String sourceText() { return sourceText; }

    /** Every sweep combination, in order (the first sweep key varies slowest); one empty map without a sweep. */
    public List<Map<String, String>> sweepPoints() {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var e : sweep.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> m : out) {
                for (String v : e.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(m);
                    c.put(e.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    /** Every factor combination: for each sweep point, each scheduler, each fork strategy. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (Map<String, String> s : sweepPoints()) {
            for (SchedulerChoice sc : schedulers) {
                for (String fork : forks) out.add(new Point(out.size(), sc, fork, s));
            }
        }
        return out;
    }

    /**
     * The point's label for charts and file names: only the factors that vary in this experiment
     * (the textbook comparison of schedulers is "fcfs", not "fcfs cow"); the full label when none varies.
     */
    public String shortLabel(Point p) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : p.factors().entrySet()) {
            boolean varies = switch (e.getKey()) {
                case "scheduler" -> schedulers.size() > 1;
                case "fork" -> forks.size() > 1;
                default -> sweep.getOrDefault(e.getKey(), List.of()).size() > 1;
            };
            if (!varies) continue;
            parts.add(e.getKey().equals("scheduler") || e.getKey().equals("fork") ? e.getValue() : e.getKey() + "=" + e.getValue());
        }
        return parts.isEmpty() ? p.label() : String.join(" ", parts);
    }

    /** The parameters a sweep point sees: {@code params}, overridden by the point's sweep values. */
    public Map<String, String> paramsAt(Map<String, String> sweepValues) {
        Map<String, String> m = new LinkedHashMap<>(params);
        m.putAll(sweepValues);
        return m;
    }

    /**
     * The setup of one point and replication (the file was validated, so errors here mean a bug;
     * they are thrown). Each sweep point is resolved once: its settings and, unless a generator drew
     * random numbers while building it, its workload serve every scheduler, fork strategy and
     * replication of the point. The runner takes runs in point order, so a few recent points are
     * enough to keep; a point pushed out is simply resolved again, with the same result.
     */
    public Setup resolve(Point p, int replication) {
        ResolvedPoint r;
        synchronized (resolved) {
            r = resolved.get(p.sweep());
        }
        if (r == null) {
            List<InputError> errors = new ArrayList<>();
            ExperimentParser.Resolution res = ExperimentParser.resolve(this, paramsAt(p.sweep()), new RandomStreams(seed, replication), errors);
            if (!errors.isEmpty()) throw new InputException(errors);
            r = new ResolvedPoint(res.setup(), replication, res.workloadPerReplication());
            synchronized (resolved) {
                resolved.put(p.sweep(), r);
            }
        }
        Workload w = r.setup.workload();
        if (r.workloadPerReplication && r.replication != replication) {
            List<InputError> errors = new ArrayList<>();
            w = ExperimentParser.workload(this, paramsAt(p.sweep()), new RandomStreams(seed, replication), errors);
            if (!errors.isEmpty()) throw new InputException(errors);
        }
        KernelConfig k = r.setup.kernel().copy();
        k.defaultForkStrategy = p.fork();
        SchedulerChoice choice = p.scheduler();
        return new Setup(k, r.setup.costs(), r.setup.horizon(), w, choice::create);
    }

    /** A resolved sweep point: its setup as built for {@code replication}. */
    private record ResolvedPoint(Setup setup, int replication, boolean workloadPerReplication) {}

    /** Most sweep points kept resolved at once (a few per thread at the boundary between points is plenty). */
    private static final int RESOLVED_KEPT = 16;

    private final Map<Map<String, String>, ResolvedPoint> resolved = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Map<String, String>, ResolvedPoint> eldest) {
            return size() > RESOLVED_KEPT;
        }
    };
}

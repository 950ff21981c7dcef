package dev.procsim.workload;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@code workload} section of an experiment into a {@link Workload}: user programs,
 * explicit processes, generators ({@code arrivals} and {@code generate}), and task lists from CSV
 * ({@code tasks}, {@code periodic}). Errors are collected with their key paths.
 */
public final class WorkloadBuilder {
    static final List<String> KEYS = List.of("programs", "processes", "arrivals", "generate", "tasks", "periodic");
    static final List<String> PROCESS_KEYS = List.of("name", "at", "program", "memory", "nice", "priority", "uid", "count",
            "spacing", "autoreap", "subreaper", "cpus");
    /** Most processes one workload may start (a bound on memory for any input). */
    public static final long MAX_PROCESSES = 10_000_000;

    private final Fields f;
    private final Path baseDir;
    private final int cpus;
    private final RandomStreams streams;
    private final ProgramReader reader;
    private final Map<String, Workload> files;
    private final InputFiles inputs;
    private final Map<String, List<Action>> programs = new LinkedHashMap<>();
    private final List<ProcessSpec> processes = new ArrayList<>();
    private String unit = "ms";
    private long unitNanos = SimTime.MS;
    private String needsHorizon;
    private boolean tooMany;
    private boolean drawsAtSetup;

    public WorkloadBuilder(Fields f, Path baseDir, int cpus, RandomStreams streams) {
        this(f, baseDir, cpus, streams, new java.util.concurrent.ConcurrentHashMap<>(), InputFiles.DISK);
    }

    /**
     * With {@code files}: CSV task lists already read, by kind and path (an experiment reads each once
     * for all its runs); and {@code inputs}: where the files named are read from.
     */
    WorkloadBuilder(Fields f, Path baseDir, int cpus, RandomStreams streams, Map<String, Workload> files, InputFiles inputs) {
        this.files = files;
        this.inputs = inputs;
        this.f = f;
        this.baseDir = baseDir;
        this.cpus = cpus;
        this.streams = streams;
        this.reader = new ProgramReader(f, baseDir, inputs);
    }

    /** Every CPU list of the workload (processes' cpus, affinity actions), with where it was written. */
    private final List<MachineReader.CpuUse> cpuUses = new java.util.ArrayList<>();

    /** Every CPU list of the workload. */
    List<MachineReader.CpuUse> cpuUses() {
        return cpuUses;
    }

    int cpus() {
        return cpus;
    }

    /** Why the workload never ends by itself (a generator that runs for ever), or null. */
    public String needsHorizon() {
        return needsHorizon;
    }

    /**
     * Whether a generator drew random numbers while building (UUniFast's utilisations, Poisson
     * arrival times): then the workload differs per replication and is built again for each;
     * otherwise one build serves every replication of a sweep point.
     */
    public boolean drawsAtSetup() {
        return drawsAtSetup;
    }

    RandomStreams streamsForSetup() {
        drawsAtSetup = true;
        return streams;
    }

    void needsHorizon(String path, String label) {
        if (needsHorizon == null) needsHorizon = path + " (" + label + ") runs for ever";
    }

    void addProgram(String name, List<Action> actions, YamlNode at, String path) {
        if (programs.putIfAbsent(name, actions) != null) {
            f.error(at, path, "program name '" + name + "' is used twice; give this generator a different 'name'");
        }
    }

    void addProcess(ProcessSpec spec, YamlNode at, String path) {
        if (processes.size() >= MAX_PROCESSES) {
            if (!tooMany) f.error(at, path, "more than " + MAX_PROCESSES + " processes in one workload");
            tooMany = true;
            return;
        }
        processes.add(spec);
    }

    /** The workload, or null when errors were reported. */
    public Workload build(YamlNode node, String path) {
        int before = f.errorCount();
        YamlNode.MapNode w = f.map(node, path);
        if (w == null) return null;
        f.onlyKeys(w, path, KEYS);
        YamlNode progs = w.get("programs");
        if (progs != null) {
            YamlNode.MapNode pm = f.map(progs, path + ".programs");
            if (pm != null) {
                for (var e : pm.values().entrySet()) {
                    String p = path + ".programs." + e.getKey();
                    addProgram(e.getKey(), reader.program(e.getValue(), p), e.getValue(), p);
                }
            }
        }
        csv(w, "tasks", path);
        csv(w, "periodic", path);
        YamlNode procs = w.get("processes");
        if (procs != null) {
            YamlNode.ListNode l = f.list(procs, path + ".processes");
            if (l != null) for (int i = 0; i < l.items().size(); i++) process(l.items().get(i), path + ".processes[" + i + "]");
        }
        for (String key : List.of("arrivals", "generate")) {
            YamlNode g = w.get(key);
            if (g == null) continue;
            YamlNode.ListNode l = f.list(g, path + "." + key);
            if (l != null) for (int i = 0; i < l.items().size(); i++) generator(l.items().get(i), path + "." + key + "[" + i + "]");
        }
        reader.checkReferences(programs.keySet());
        cpuUses.addAll(reader.cpuUses);
        for (MachineReader.CpuUse u : cpuUses) {
            if (u.set().last() >= cpus) {
                f.error(u.at(), u.path(), KernelSection.noSuchCpu(u.set().last(), cpus));
            }
        }
        if (f.errorCount() == before && processes.isEmpty()) {
            f.error(w, path, "the workload starts no process; give processes, arrivals, generate, tasks or periodic");
        }
        if (f.errorCount() > before) return null;
        try {
            return new Workload(programs, processes, unit, unitNanos);
        } catch (IllegalArgumentException e) {
            f.error(w, path, e.getMessage());
            return null;
        }
    }

    private void csv(YamlNode.MapNode w, String key, String path) {
        YamlNode n = w.get(key);
        if (n == null) return;
        String p = path + "." + key;
        YamlNode fileNode = n;
        if (n instanceof YamlNode.MapNode m) {
            f.onlyKeys(m, p, List.of("file"));
            fileNode = m.get("file");
            p = p + ".file";
            if (fileNode == null) {
                f.error(m, p, "expected 'file' (a CSV file, relative to the experiment file)");
                return;
            }
        }
        String name = f.text(fileNode, p);
        if (name == null) return;
        Path file = baseDir == null ? Path.of(name) : baseDir.resolve(name);
        try {
            Workload csv = files.computeIfAbsent(key + ":" + file.toAbsolutePath().normalize(),
                    k -> key.equals("tasks") ? TaskListCsv.parse(InputText.displayName(file), CsvTable.readText(file, inputs))
                            : RealtimeCsv.parse(InputText.displayName(file), CsvTable.readText(file, inputs)));
            csv.sources().forEach((prog, actions) -> addProgram(prog, actions, n, key));
            for (ProcessSpec s : csv.processes()) addProcess(s, n, key);
            unit = csv.unit();
            unitNanos = csv.unitNanos();
        } catch (InputException e) {
            for (InputError err : e.errors()) {
                // a problem with the file as a whole (missing, a folder, too long) belongs to the key that names it
                if (err.line() == 0) f.error(fileNode, p, file + ": " + err.message());
                else f.errors().add(err);
            }
        }
    }

    private void process(YamlNode node, String path) {
        YamlNode.MapNode m = f.map(node, path);
        if (m == null) return;
        f.onlyKeys(m, path, PROCESS_KEYS);
        int before = f.errorCount();
        String name = m.get("name") == null ? null : f.text(m.get("name"), path + ".name");
        if (m.get("name") == null) f.error(m, path, "expected 'name'");
        long at = m.get("at") == null ? 0 : f.duration(m.get("at"), path + ".at", false, 0);
        long memory = m.get("memory") == null ? 0 : f.size(m.get("memory"), path + ".memory", ProgramReader.MAX_MEMORY, 0);
        int nice = m.get("nice") == null ? 0 : (int) f.integer(m.get("nice"), path + ".nice", -20, 19, 0);
        int prio = m.get("priority") == null ? 0 : (int) f.integer(m.get("priority"), path + ".priority", -1_000_000, 1_000_000, 0);
        int uid = m.get("uid") == null ? 1000 : (int) f.integer(m.get("uid"), path + ".uid", 0, 65535, 1000);
        long count = m.get("count") == null ? 1 : f.integer(m.get("count"), path + ".count", 1, MAX_PROCESSES, 1);
        long spacing = m.get("spacing") == null ? 0 : f.duration(m.get("spacing"), path + ".spacing", false, 0);
        boolean autoreap = m.get("autoreap") != null && f.bool(m.get("autoreap"), path + ".autoreap", false);
        boolean subreaper = m.get("subreaper") != null && f.bool(m.get("subreaper"), path + ".subreaper", false);
        dev.procsim.kernel.CpuSet allowed = null;
        if (m.get("cpus") != null) {
            allowed = MachineReader.cpus(f, m.get("cpus"), path + ".cpus");
            if (allowed != null) cpuUses.add(new MachineReader.CpuUse(allowed, m.get("cpus"), path + ".cpus"));
        }
        YamlNode prog = m.get("program");
        String program = null;
        if (prog == null) {
            f.error(m, path, "expected 'program' (a name under programs, or a list of actions)");
        } else if (prog instanceof YamlNode.ListNode) {
            if (name != null) {
                program = "process." + name;
                addProgram(program, reader.program(prog, path + ".program"), prog, path + ".program");
            }
        } else {
            program = f.text(prog, path + ".program");
            if (program != null) reader.references.add(new ProgramReader.Reference(program, prog, path + ".program"));
        }
        if (f.errorCount() > before || name == null || program == null) return;
        if ((double) at + (double) spacing * (count - 1) > 4e18) {
            f.error(m, path, "arrivals run past the end of simulated time (about 126 years)");
            return;
        }
        for (long i = 0; i < count; i++) {
            int serial = count == 1 ? -1 : (int) i; // name-i; count <= MAX_PROCESSES
            addProcess(new ProcessSpec(name, serial, at + i * spacing, program, memory, nice, prio, uid, autoreap, subreaper, true, allowed), m, path);
        }
    }

    private void generator(YamlNode node, String path) {
        YamlNode.MapNode m = f.map(node, path);
        if (m == null) return;
        if (m.size() != 1) {
            f.error(m, path, "expected one generator like {poisson: {...}}, found keys " + m.values().keySet());
            return;
        }
        String name = m.values().keySet().iterator().next();
        Generator g = GeneratorRegistry.get(name);
        String p = path + "." + name;
        if (g == null) {
            f.error(m.key(name), p, "unknown generator '" + name + "'" + Suggest.hint(name, GeneratorRegistry.all().keySet())
                    + "; generators: " + String.join(", ", GeneratorRegistry.all().keySet()));
            return;
        }
        YamlNode argNode = m.get(name);
        YamlNode.MapNode args;
        if (argNode instanceof YamlNode.Scalar s && s.isNull()) args = new YamlNode.MapNode(argNode.line(), argNode.column());
        else args = f.map(argNode, p);
        if (args == null) return;
        String label = path.substring(path.lastIndexOf('.') + 1) + "." + g.name(); // arrivals[0].poisson
        int before = f.errorCount();
        GeneratorArgs a = new GeneratorArgs(f, reader, args, p, g, this, label);
        if (f.errorCount() > before) return;
        try {
            g.generate(a);
        } catch (IllegalArgumentException e) {
            f.error(args, p, e.getMessage());
        }
    }
}

package dev.procsim.workload;

import dev.procsim.engine.Distribution;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ProcessSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What a generator sees: its arguments (checked against what it declares, defaults filled in, each
 * read with the key path for errors), its own random streams, and where its programs and processes
 * go. Program names a generator adds are prefixed with its label ({@code poisson.job}), so two
 * generators never collide.
 */
public final class GeneratorArgs {
    private final Fields f;
    private final ProgramReader reader;
    private final YamlNode.MapNode m;
    private final String path;
    private final Map<String, Generator.Param> declared = new LinkedHashMap<>();
    private final WorkloadBuilder out;
    private final String label;

    GeneratorArgs(Fields f, ProgramReader reader, YamlNode.MapNode m, String path, Generator g, WorkloadBuilder out,
            String label) {
        this.f = f;
        this.reader = reader;
        this.m = m;
        this.path = path;
        this.out = out;
        this.label = label;
        for (Generator.Param p : g.params()) declared.put(p.name(), p);
        f.onlyKeys(m, path, declared.keySet());
        for (Generator.Param p : g.params()) {
            if (p.required() && m.get(p.name()) == null) {
                f.error(m, path, "expected '" + p.name() + "' (" + p.description() + ")");
            }
        }
    }

    /** Label of this generator: its {@code name} argument if declared and given, else the generator's name and position. */
    public String label() {
        return label;
    }

    public String path(String name) {
        return path + "." + name;
    }

    public boolean has(String name) {
        return m.get(name) != null;
    }

    private YamlNode node(String name) {
        YamlNode v = m.get(name);
        if (v != null) return v;
        Generator.Param p = declared.get(name);
        if (p == null) throw new IllegalStateException("generator reads undeclared argument " + name);
        if (p.optional()) throw new IllegalStateException("generator reads absent optional argument " + name + " without has()");
        String d = p.defaultValue();
        if (d.startsWith("{") || d.startsWith("[")) {
            // A structured default such as {exp: 2ms}: read as YAML, placed where the generator is.
            YamlNode parsed = YamlReader.read("<default of " + path(name) + ">", d, new java.util.ArrayList<>());
            if (parsed != null) return parsed;
        }
        return new YamlNode.Scalar(d, m.line(), m.column());
    }

    public String text(String name) {
        return f.text(node(name), path(name));
    }

    public long duration(String name, boolean positive) {
        return f.duration(node(name), path(name), positive, 1);
    }

    public long size(String name) {
        return f.size(node(name), path(name), ProgramReader.MAX_MEMORY, 0);
    }

    public long integer(String name, long min, long max) {
        return f.integer(node(name), path(name), min, max, min);
    }

    public double number(String name, double min, double max) {
        return f.number(node(name), path(name), min, max, min);
    }

    public double fraction(String name) {
        return f.fraction(node(name), path(name), 0);
    }

    public boolean bool(String name) {
        return f.bool(node(name), path(name), false);
    }

    public String choice(String name, List<String> allowed) {
        return f.choice(node(name), path(name), allowed, allowed.get(0));
    }

    /** Events per second. */
    public double rate(String name) {
        return f.rate(node(name), path(name), 1);
    }

    /** A duration or distribution; random ones are drawn per task from a stream named after this argument. */
    public Dur dur(String name) {
        try {
            return reader.durations.dur(node(name), path(name));
        } catch (RuntimeException e) {
            return Dur.of(0); // already reported
        }
    }

    /** A list of durations or distributions (one per item; random ones drawn per task, each from its own stream). */
    public List<Dur> durs(String name) {
        YamlNode.ListNode l = f.list(node(name), path(name));
        List<Dur> out = new java.util.ArrayList<>();
        if (l == null) return out;
        for (int i = 0; i < l.items().size(); i++) {
            try {
                out.add(reader.durations.dur(l.items().get(i), path(name) + "[" + i + "]"));
            } catch (RuntimeException e) {
                out.add(Dur.of(0)); // already reported
            }
        }
        return out;
    }

    public Distribution distribution(String name) {
        Distribution d = reader.durations.distribution(node(name), path(name));
        return d == null ? Distribution.constant(1) : d;
    }

    /** Reports a problem with argument {@code name} (or the generator itself when null). */
    public void error(String name, String message) {
        YamlNode at = name == null ? m : node(name);
        f.error(at, name == null ? path : path(name), message);
    }

    /** A stream of this generator's own: the same numbers for every factor combination of a replication. */
    public UniformRandomProvider stream(String name) {
        return out.streamsForSetup().stream(path + "#" + name);
    }

    /** Adds a program named {@code label.base}; returns the full name. */
    public String addProgram(String base, List<Action> actions) {
        String name = label + "." + base;
        out.addProgram(name, actions, m, path);
        return name;
    }

    /** A program the user wrote under {@code programs}, named by argument {@code name} (checked once all are known). */
    public String userProgram(String name) {
        String p = text(name);
        if (p != null) reader.references.add(new ProgramReader.Reference(p, node(name), path(name)));
        return p;
    }

    public void addProcess(ProcessSpec spec) {
        out.addProcess(spec, m, path);
    }

    /** CPUs of the experiment (for utilisation checks). */
    public int cpus() {
        return out.cpus();
    }

    /** The workload runs for ever unless the experiment sets a horizon. */
    public void needsHorizon() {
        out.needsHorizon(path, label);
    }

}

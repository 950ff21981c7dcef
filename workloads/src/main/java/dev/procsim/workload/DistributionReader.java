package dev.procsim.workload;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Dur;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads durations and distributions (design.md section 4): a constant ({@code 5ms}) or one
 * distribution ({@code {exp: 5ms}}, {@code {uniform: [1ms, 3ms]}}, normal, lognormal, pareto,
 * weibull, or {@code {empirical: {file: F}}} read from a file of values), each parameter checked
 * and reported at its place.
 */
public final class DistributionReader {
    static final List<String> DISTRIBUTIONS = List.of("constant", "exp", "uniform", "normal", "lognormal", "pareto", "weibull",
            "empirical");
    static final int MAX_EMPIRICAL = 1_000_000;

    private final Fields f;
    private final Path baseDir;
    private final InputFiles inputs;

    DistributionReader(Fields f, Path baseDir, InputFiles inputs) {
        this.f = f;
        this.baseDir = baseDir;
        this.inputs = inputs;
    }

    /** A duration: a constant ({@code 5ms}) or a distribution ({@code {exp: 5ms}}); random ones draw from stream {@code path}. */
    public Dur dur(YamlNode n, String path) {
        if (n instanceof YamlNode.Scalar) return Dur.of(f.duration(n, path, false, 0));
        Distribution d = distribution(n, path);
        if (d == null) throw new ProgramReader.Missing();
        if (d instanceof Distribution.Constant c) return Dur.of(Math.max(0, Math.round(c.value())));
        return Dur.random(d, path);
    }

    /** A distribution of durations, in nanoseconds; null after an error. */
    public Distribution distribution(YamlNode n, String path) {
        if (n instanceof YamlNode.Scalar) {
            long v = f.duration(n, path, false, -1);
            return v < 0 ? null : Distribution.constant(v);
        }
        YamlNode.MapNode m = f.map(n, path);
        if (m == null) return null;
        if (m.size() != 1) {
            f.error(m, path, "expected one distribution like {exp: 5ms}, found keys " + m.values().keySet()
                    + "; distributions: " + String.join(", ", DISTRIBUTIONS));
            return null;
        }
        String name = m.values().keySet().iterator().next();
        YamlNode a = m.get(name);
        String p = path + "." + name;
        int before = f.errorCount();
        try {
            switch (name) {
                case "constant": return Distribution.constant(f.duration(a, p, false, 0));
                case "exp": return Distribution.exponential(f.duration(a, p, true, 1));
                case "uniform": {
                    YamlNode.ListNode l = f.list(a, p);
                    if (l == null) return null;
                    if (l.items().size() != 2) {
                        f.error(l, p, "expected [low, high], found " + l.items().size() + " values");
                        return null;
                    }
                    long lo = f.duration(l.items().get(0), p + "[0]", false, 0);
                    long hi = f.duration(l.items().get(1), p + "[1]", false, 1);
                    if (f.errorCount() > before) return null;
                    if (lo >= hi) {
                        f.error(l, p, "expected low < high, found " + SimTime.format(lo) + " >= " + SimTime.format(hi));
                        return null;
                    }
                    return Distribution.uniform(lo, hi);
                }
                case "normal": {
                    YamlNode.MapNode q = params(a, p, List.of("mean", "sd"));
                    if (q == null) return null;
                    return Distribution.normal(f.duration(q.get("mean"), p + ".mean", false, 0), f.duration(q.get("sd"), p + ".sd", true, 1));
                }
                case "lognormal": {
                    YamlNode.MapNode q = params(a, p, List.of("median", "sigma"));
                    if (q == null) return null;
                    return Distribution.lognormal(f.duration(q.get("median"), p + ".median", true, 1),
                            f.number(q.get("sigma"), p + ".sigma", 1e-9, 10, 1));
                }
                case "pareto": {
                    YamlNode.MapNode q = params(a, p, List.of("scale", "shape"));
                    if (q == null) return null;
                    return Distribution.pareto(f.duration(q.get("scale"), p + ".scale", true, 1),
                            f.number(q.get("shape"), p + ".shape", 1e-9, 1e6, 1));
                }
                case "weibull": {
                    YamlNode.MapNode q = params(a, p, List.of("shape", "scale"));
                    if (q == null) return null;
                    return Distribution.weibull(f.number(q.get("shape"), p + ".shape", 1e-9, 1e6, 1),
                            f.duration(q.get("scale"), p + ".scale", true, 1));
                }
                case "empirical": return empirical(a, p);
                default:
                    f.error(m.key(name), p, "unknown distribution '" + name + "'" + Suggest.hint(name, DISTRIBUTIONS)
                            + "; distributions: " + String.join(", ", DISTRIBUTIONS));
                    return null;
            }
        } catch (IllegalArgumentException e) {
            if (f.errorCount() == before) f.error(a, p, e.getMessage());
            return null;
        }
    }

    /** The mapping of a distribution's parameters, all required; null after errors. */
    private YamlNode.MapNode params(YamlNode a, String path, List<String> keys) {
        YamlNode.MapNode q = f.map(a, path);
        if (q == null) return null;
        f.onlyKeys(q, path, keys);
        boolean ok = true;
        for (String k : keys) {
            if (q.get(k) == null) {
                f.error(q, path, "expected '" + k + "' (this distribution needs " + String.join(" and ", keys) + ")");
                ok = false;
            }
        }
        return ok ? q : null;
    }

    /** {@code empirical: [1ms, 2ms]} or {@code empirical: values.txt} (one duration per line, relative to the experiment file). */
    private Distribution empirical(YamlNode a, String path) {
        List<Double> values = new ArrayList<>();
        if (a instanceof YamlNode.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) values.add((double) f.duration(l.items().get(i), path + "[" + i + "]", false, 0));
        } else {
            String name = f.text(a, path);
            if (name == null) return null;
            Path file = baseDir == null ? Path.of(name) : baseDir.resolve(name);
            List<String> lines;
            try {
                lines = inputs.read(file, 50_000_000L).lines().toList();
            } catch (InputException e) {
                for (InputError err : e.errors()) {
                    if (err.line() == 0) f.error(a, path, file + ": " + err.message());
                    else f.errors().add(err);
                }
                return null;
            }
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i).strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                if (values.size() == MAX_EMPIRICAL) {
                    f.error(a, path, file + ": more than " + MAX_EMPIRICAL + " values");
                    return null;
                }
                try {
                    values.add((double) SimTime.parse(s));
                } catch (IllegalArgumentException e) {
                    // SimTime's message says what is expected and what was found
                    f.errors().add(new InputError(file.toString(), i + 1, lines.get(i).indexOf(s) + 1, null, e.getMessage()));
                    return null;
                }
            }
        }
        if (values.isEmpty()) {
            f.error(a, path, "an empirical distribution needs at least one value");
            return null;
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return Distribution.empirical(v);
    }
}

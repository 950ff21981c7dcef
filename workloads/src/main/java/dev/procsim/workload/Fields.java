package dev.procsim.workload;

import dev.procsim.engine.SimTime;
import dev.procsim.memory.Sizes;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reading of {@link YamlNode}s with errors collected, not thrown: every getter names the
 * key path, says what was expected and what was found, and returns a fallback so reading goes on
 * and all problems of a file are reported at once. Scalars may refer to named parameters as
 * {@code ${name}}, replaced before the value is read.
 */
public final class Fields {
    private final String file;
    private final List<InputError> errors;
    private final Map<String, String> params;

    public Fields(String file, List<InputError> errors, Map<String, String> params) {
        this.file = file;
        this.errors = errors;
        this.params = params;
    }

    public String file() {
        return file;
    }

    /** The named parameters {@code ${name}} refers to (may be null). */
    Map<String, String> params() {
        return params;
    }

    public List<InputError> errors() {
        return errors;
    }

    public int errorCount() {
        return errors.size();
    }

    public void error(YamlNode at, String path, String message) {
        errors.add(new InputError(file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), path, message));
    }

    public void error(YamlNode.Key at, String path, String message) {
        errors.add(new InputError(file, at.line(), at.column(), path, message));
    }

    /** The node as a mapping, or null after an error. */
    public YamlNode.MapNode map(YamlNode n, String path) {
        if (n instanceof YamlNode.MapNode m) return m;
        error(n, path, "expected a mapping (key: value lines), found " + n.kind());
        return null;
    }

    /** The node as a list, or null after an error. */
    public YamlNode.ListNode list(YamlNode n, String path) {
        if (n instanceof YamlNode.ListNode l) return l;
        error(n, path, "expected a list, found " + n.kind());
        return null;
    }

    /** Reports every key of {@code m} not in {@code allowed}, with the nearest allowed one as a hint. */
    public void onlyKeys(YamlNode.MapNode m, String path, Collection<String> allowed) {
        for (String k : m.values().keySet()) {
            if (!allowed.contains(k)) {
                error(m.key(k), join(path, k), "unknown key '" + k + "'" + Suggest.hint(k, allowed) + "; expected one of: "
                        + String.join(", ", allowed));
            }
        }
    }

    public static String join(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /** A scalar's text with {@code ${name}} replaced, or null after an error (or for YAML null when allowed). */
    public String text(YamlNode n, String path) {
        YamlNode.Scalar s = scalar(n, path);
        return s == null ? null : substitute(s, path);
    }

    /** A scalar's text as written, {@code ${...}} left alone, or null after an error. */
    public String raw(YamlNode n, String path) {
        YamlNode.Scalar s = scalar(n, path);
        return s == null ? null : s.text();
    }

    /** The node as a non-null scalar, or null after an error. */
    private YamlNode.Scalar scalar(YamlNode n, String path) {
        if (!(n instanceof YamlNode.Scalar s)) {
            error(n, path, "expected a single value, found " + n.kind());
            return null;
        }
        if (s.isNull()) {
            error(n, path, "expected a value, found nothing");
            return null;
        }
        return s;
    }

    private String substitute(YamlNode.Scalar s, String path) {
        String t = s.text();
        int i = t.indexOf("${");
        if (i < 0) return t;
        StringBuilder b = new StringBuilder();
        int from = 0;
        while (i >= 0) {
            int end = t.indexOf('}', i);
            if (end < 0) {
                error(s, path, "'${' without a closing '}' in '" + t + "'");
                return null;
            }
            String name = t.substring(i + 2, end).strip();
            String v = params == null ? null : params.get(name);
            if (v == null) {
                error(s, path, "unknown parameter '${" + name + "}'" + (params == null ? "" : Suggest.hint(name, params.keySet()))
                        + (params == null || params.isEmpty() ? "; define it under 'params'" : "; defined: " + String.join(", ", params.keySet())));
                return null;
            }
            b.append(t, from, i).append(v);
            from = end + 1;
            i = t.indexOf("${", from);
        }
        return b.append(t.substring(from)).toString();
    }

    /** A duration with a unit ({@code 5ms}), or {@code fallback} after an error. */
    public long duration(YamlNode n, String path, boolean positive, long fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        try {
            long v = SimTime.parse(t);
            if (positive && v == 0) {
                error(n, path, "expected a duration greater than 0, found '" + t + "'");
                return fallback;
            }
            return v;
        } catch (IllegalArgumentException e) {
            error(n, path, e.getMessage()); // SimTime's message says what is expected and what was found
            return fallback;
        }
    }

    /** A memory size ({@code 64MiB}, {@code 1000 pages}) up to {@code max} bytes, or {@code fallback} after an error. */
    public long size(YamlNode n, String path, long max, long fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        try {
            long v = Sizes.parseBytes(t);
            if (v > max) {
                error(n, path, "at most " + Sizes.format(max) + " is supported, found '" + t + "'");
                return fallback;
            }
            return v;
        } catch (IllegalArgumentException e) {
            error(n, path, e.getMessage());
            return fallback;
        }
    }

    /** A whole number in [min, max], or {@code fallback} after an error. */
    public long integer(YamlNode n, String path, long min, long max, long fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        String problem = wholeNumberProblem(t.replace("_", ""), min, max);
        if (problem != null) {
            error(n, path, problem);
            return fallback;
        }
        return new BigDecimal(t.replace("_", "")).longValueExact();
    }

    /**
     * What is wrong with {@code text} as a whole number in [min, max] (not a whole number; too large
     * or too small, however many digits it has), or null when it is one.
     */
    static String wholeNumberProblem(String text, long min, long max) {
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return "expected a whole number, found '" + shown(text) + "'";
        }
        boolean large = d.compareTo(BigDecimal.valueOf(max)) > 0;
        if (large || d.compareTo(BigDecimal.valueOf(min)) < 0) {
            return "expected a whole number in [" + min + ", " + max + "], found " + shown(text) + ", which is too "
                    + (large ? "large" : "small");
        }
        return null;
    }

    /** A value as quoted in a message: as written, or its start and length when it is very long. */
    static String shown(String text) {
        return text.length() <= 60 ? text : text.substring(0, 30) + "... (" + text.length() + " characters)";
    }

    /** A finite number in [min, max], or {@code fallback} after an error. */
    public double number(YamlNode n, String path, double min, double max, double fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        double v;
        try {
            v = Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            error(n, path, "expected a number, found '" + t + "'");
            return fallback;
        }
        if (v < min || v > max) {
            error(n, path, "expected a number in [" + fmt(min) + ", " + fmt(max) + "], found " + t);
            return fallback;
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A fraction in [0, 1]. */
    public double fraction(YamlNode n, String path, double fallback) {
        return number(n, path, 0, 1, fallback);
    }

    public boolean bool(YamlNode n, String path, boolean fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        switch (t.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default:
                error(n, path, "expected true or false, found '" + t + "'");
                return fallback;
        }
    }

    /** One of {@code allowed}, or {@code fallback} after an error suggesting the nearest. */
    public String choice(YamlNode n, String path, Collection<String> allowed, String fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        if (allowed.contains(t)) return t;
        error(n, path, "unknown value '" + t + "'" + Suggest.hint(t, allowed) + "; expected one of: " + String.join(", ", allowed));
        return fallback;
    }

    /**
     * A rate: {@code 200/s} (per second; also {@code /ms}, {@code /us}, {@code /min}) or a plain
     * number per second. Returned as events per second, or {@code fallback} after an error.
     */
    public double rate(YamlNode n, String path, double fallback) {
        String t = text(n, path);
        if (t == null) return fallback;
        String s = t.replace(" ", "");
        double per = 1;
        int slash = s.indexOf('/');
        String num = s;
        if (slash >= 0) {
            num = s.substring(0, slash);
            long unit = SimTime.unitNanos(s.substring(slash + 1));
            if (unit <= 0) {
                error(n, path, "expected a rate like 200/s (per ns, us, ms, s or min), found '" + t + "'");
                return fallback;
            }
            per = unit / 1e9;
        }
        double v;
        try {
            v = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0) || Double.isInfinite(v) || v / per > 1e12) {
            error(n, path, "expected a positive rate like 200/s (at most 1e12/s), found '" + t + "'");
            return fallback;
        }
        return v / per;
    }
}

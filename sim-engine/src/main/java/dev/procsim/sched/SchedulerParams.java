package dev.procsim.sched;

import dev.procsim.engine.SimTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters given to a scheduler by name (from an experiment file or the command line), checked
 * against what the scheduler declares. Durations are written with units ({@code 4ms}).
 *
 * <p>Stable API for plug-ins: its public methods.
 */
public final class SchedulerParams {
    private final String scheduler;
    private final Map<String, String> values;
    private final Map<String, SchedulerRegistry.Param> declared;

    SchedulerParams(String scheduler, Map<String, String> values, Map<String, SchedulerRegistry.Param> declared) {
        this.scheduler = scheduler;
        this.values = new LinkedHashMap<>(values);
        this.declared = declared;
        for (String k : values.keySet()) {
            if (!declared.containsKey(k)) {
                throw new IllegalArgumentException("scheduler '" + scheduler + "' has no parameter '" + k + "'; its parameters: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
            }
        }
    }

    String raw(String name) {
        SchedulerRegistry.Param p = declared.get(name);
        if (p == null) throw new IllegalStateException(scheduler + " reads undeclared parameter " + name);
        return values.getOrDefault(name, p.defaultValue());
    }

    /** The value as written (or the default), for a parameter none of the readers below fits. */
    public String text(String name) {
        return raw(name);
    }

    public long duration(String name) {
        String v = raw(name);
        try {
            return SimTime.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(scheduler + "." + name + ": " + e.getMessage());
        }
    }

    /** A comma-separated list of durations ({@code 10ms,20ms}); empty when the value is empty. */
    public long[] durations(String name) {
        String v = raw(name).trim();
        if (v.isEmpty()) return new long[0];
        String[] parts = v.split(",", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = SimTime.parse(parts[i].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(scheduler + "." + name + ", value " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** A comma-separated list of whole numbers; empty when the value is empty. */
    public int[] integers(String name) {
        String v = raw(name).trim();
        if (v.isEmpty()) return new int[0];
        String[] parts = v.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(scheduler + "." + name + ", value " + (i + 1) + ": expected a whole number, found '"
                        + parts[i].trim() + "'");
            }
        }
        return out;
    }

    public double number(String name) {
        String v = raw(name);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(scheduler + "." + name + ": expected a number, found '" + v + "'");
        }
    }

    public int integer(String name) {
        String v = raw(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(scheduler + "." + name + ": expected a whole number, found '" + v + "'");
        }
    }

    public boolean flag(String name) {
        String v = raw(name).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw new IllegalArgumentException(scheduler + "." + name + ": expected true or false, found '" + v + "'");
    }

    public String choice(String name, String... allowed) {
        String v = raw(name);
        for (String a : allowed) if (a.equals(v)) return v;
        throw new IllegalArgumentException(scheduler + "." + name + ": expected one of " + String.join(", ", allowed) + ", found '" + v + "'");
    }
}

package dev.procsim.cli;

import dev.procsim.kernel.Scheduler;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.Suggest;
import dev.procsim.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler of {@code schedule} and {@code realtime}: its name and its parameters, from the
 * repeatable {@code --param NAME=VALUE} and the shortcut options ({@code --quantum},
 * {@code --on-miss}). Names and defaults are those of {@code procsim list schedulers}; a bare number
 * for a time (or in a list of times) is in the task list's unit.
 */
final class SchedulerChoice {
    private SchedulerChoice() {}

    /** A shortcut option: {@code --quantum 4} is {@code --param quantum=4}. */
    record Shortcut(String option, String param, String value) {}

    static Scheduler create(String name, List<String> params, Workload w, Shortcut... shortcuts) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> givenBy = new LinkedHashMap<>();
        read(name, params, w, values, givenBy, shortcuts);
        try {
            return SchedulerRegistry.create(name, values);
        } catch (IllegalArgumentException e) {
            String option = values.isEmpty() ? "--scheduler" : givenBy.size() == 1 ? givenBy.values().iterator().next().replaceAll("=$", "") : "--param";
            throw new Main.BadOption(option + ": " + e.getMessage());
        }
    }

    /**
     * The policy and its settings as a chart title says them: "rr (quantum 4ms)", the quantum
     * (or time slice) given or its default, and every other parameter given.
     */
    static String describe(String name, List<String> params, Workload w, Shortcut... shortcuts) {
        Map<String, String> values = new LinkedHashMap<>();
        read(name, params, w, values, new LinkedHashMap<>(), shortcuts);
        List<String> parts = new java.util.ArrayList<>();
        for (SchedulerRegistry.Param p : SchedulerRegistry.all().get(name).params()) {
            String v = values.get(p.name());
            if (v == null && (p.name().equals("quantum") || p.name().equals("slice"))) v = p.defaultValue();
            if (v != null) parts.add(p.name() + " " + v);
        }
        return parts.isEmpty() ? name : name + " (" + String.join(", ", parts) + ")";
    }

    /** The parameter values given (time values in the task list's unit) and the option that gave each. */
    private static void read(String name, List<String> params, Workload w, Map<String, String> values, Map<String, String> givenBy,
            Shortcut... shortcuts) {
        SchedulerRegistry.Entry entry = SchedulerRegistry.all().get(name);
        if (entry == null) {
            throw new Main.BadOption("unknown scheduler '" + name + "'" + Suggest.hint(name, SchedulerRegistry.all().keySet())
                    + "; schedulers: " + String.join(", ", SchedulerRegistry.all().keySet()));
        }
        Map<String, SchedulerRegistry.Param> declared = new LinkedHashMap<>();
        for (SchedulerRegistry.Param p : entry.params()) declared.put(p.name(), p);
        for (Shortcut s : shortcuts) {
            if (s.value() == null) continue;
            if (!declared.containsKey(s.param())) throw new Main.BadOption("scheduler '" + name + "' has no " + s.option());
            values.put(s.param(), s.value());
            givenBy.put(s.param(), s.option());
        }
        for (String p : params == null ? List.<String>of() : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) throw new Main.BadOption("--param takes NAME=VALUE, found '" + p + "'");
            String key = p.substring(0, eq).strip();
            String value = p.substring(eq + 1).strip();
            if (!declared.containsKey(key)) {
                throw new Main.BadOption("--param: scheduler '" + name + "' has no parameter '" + key + "'" + Suggest.hint(key, declared.keySet())
                        + "; its parameters: " + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
            }
            if (givenBy.containsKey(key)) throw new Main.BadOption("--param: '" + key + "' is given twice (also by " + givenBy.get(key) + ")");
            values.put(key, value);
            givenBy.put(key, "--param " + key + "=");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (declared.get(e.getKey()).time()) e.setValue(inUnit(e.getValue(), w));
        }
    }

    /** Each bare number ({@code 4}, {@code 0.5}) of a time or a comma-separated list of times takes the task list's unit. */
    static String inUnit(String v, Workload w) {
        if (v == null) return null;
        String[] parts = v.split(",", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].strip();
            if (i > 0) b.append(',');
            b.append(s.matches("[0-9]+(\\.[0-9]+)?") ? s + w.unit() : s);
        }
        return b.toString();
    }
}

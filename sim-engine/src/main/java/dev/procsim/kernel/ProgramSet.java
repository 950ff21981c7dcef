package dev.procsim.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named programs of a workload, compiled and linked: every fork, spawn and exec refers to a
 * program of the set by name, and a reference to a missing name is an error here, before any run.
 */
public final class ProgramSet {
    private final Map<String, Program> programs = new LinkedHashMap<>();

    public static ProgramSet of(Map<String, List<Action>> sources) {
        ProgramSet set = new ProgramSet();
        sources.forEach((name, actions) -> set.programs.put(name, Program.compile(name, set.programs.size(), actions)));
        for (Program p : set.programs.values()) {
            for (int i = 0; i < p.op.length; i++) {
                String run = switch (p.op[i]) {
                    case Program.FORK -> ((Action.Fork) p.action[i]).run();
                    case Program.SPAWN -> ((Action.Spawn) p.action[i]).run();
                    case Program.EXEC -> ((Action.Exec) p.action[i]).run();
                    case Program.CLONE -> ((Action.Clone) p.action[i]).run();
                    case Program.SIGACTION -> ((Action.Sigaction) p.action[i]).handler();
                    default -> null;
                };
                if (run != null) {
                    Program t = set.programs.get(run);
                    if (t == null) {
                        throw new IllegalArgumentException("program '" + p.name + "' runs unknown program '" + run
                                + "'; known: " + set.programs.keySet());
                    }
                    p.target[i] = t;
                }
            }
        }
        return set;
    }

    public Program get(String name) {
        Program p = programs.get(name);
        if (p == null) throw new IllegalArgumentException("unknown program '" + name + "'; known: " + programs.keySet());
        return p;
    }

    /** Number of programs; their ids are 0 .. size - 1. */
    public int size() {
        return programs.size();
    }

    public Map<String, Program> all() {
        return java.util.Collections.unmodifiableMap(programs);
    }
}

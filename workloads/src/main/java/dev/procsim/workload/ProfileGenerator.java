package dev.procsim.workload;

import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code interactive}, {@code batch} and {@code mixed}: {@code count} processes of the built-in
 * profiles ({@link Profiles}), arriving at {@code at} plus i times {@code spacing}.
 */
final class ProfileGenerator implements Generator {
    private final String kind;

    ProfileGenerator(String kind) {
        this.kind = kind;
    }

    public String name() {
        return kind;
    }

    public String description() {
        return switch (kind) {
            case "interactive" -> "processes with 20 short CPU bursts (exp, mean 2ms) and I/O between them (exp, mean 20ms)";
            case "batch" -> "processes with 4 long CPU bursts (exp, mean 100ms) and 2ms I/O between them";
            default -> "interactive and batch processes in a given proportion";
        };
    }

    public List<Param> params() {
        List<Param> p = new ArrayList<>(List.of(new Param("count", "10", "number of processes"),
                new Param("at", "0ms", "arrival of the first process"),
                new Param("spacing", "0ms", "time between arrivals"),
                new Param("memory", "0B", "private memory of each process"),
                new Param("nice", "0", "nice value"),
                new Param("name", kind, "prefix of process and program names")));
        if (kind.equals("mixed")) p.add(new Param("interactive_fraction", "0.5", "share of interactive processes"));
        return p;
    }

    public void generate(GeneratorArgs a) {
        long count = a.integer("count", 1, ArrivalGenerator.MAX_COUNT);
        long at = a.duration("at", false);
        long spacing = a.duration("spacing", false);
        long memory = a.size("memory");
        int nice = (int) a.integer("nice", -20, 19);
        String prefix = a.text("name");
        double f = kind.equals("mixed") ? a.fraction("interactive_fraction") : kind.equals("interactive") ? 1 : 0;
        String inter = f > 0 ? a.addProgram("interactive", Profiles.interactive(a.path("profile"))) : null;
        String batch = f < 1 ? a.addProgram("batch", Profiles.batch(a.path("profile"))) : null;
        if (prefix == null) return;
        for (long i = 0; i < count; i++) {
            String program = Profiles.interactiveAt(i, f) ? inter : batch;
            a.addProcess(ProcessSpec.numbered(prefix, (int) i, at + i * spacing, program, memory, nice)); // count <= 10^7
        }
    }
}

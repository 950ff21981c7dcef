package dev.procsim.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every generator by name (what {@code procsim list generators} prints). Adding one: its class and one line here. */
public final class GeneratorRegistry {
    private static final Map<String, Generator> ALL = new LinkedHashMap<>();

    static {
        for (Generator g : List.of(new ArrivalGenerator(true), new ArrivalGenerator(false), new ProfileGenerator("interactive"),
                new ProfileGenerator("batch"), new ProfileGenerator("mixed"), new UUniFastGenerator(), new ShellGenerator(),
                new PreforkServerGenerator(), new SnapshotGenerator(), new ForkBombGenerator(), new ZombieLeakerGenerator(),
                new OrphanMakerGenerator(), new PipelineGenerator())) {
            ALL.put(g.name(), g);
        }
    }

    private GeneratorRegistry() {}

    public static Map<String, Generator> all() {
        return Collections.unmodifiableMap(ALL);
    }

    public static Generator get(String name) {
        return ALL.get(name);
    }
}

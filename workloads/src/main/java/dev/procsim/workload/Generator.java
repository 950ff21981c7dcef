package dev.procsim.workload;

import java.util.List;

/**
 * A named workload generator (design.md section 4 programs, built for the user): reads its
 * arguments and adds programs and processes. Each is one class registered in
 * {@link GeneratorRegistry}. A generator draws random numbers only from its own named streams
 * ({@link GeneratorArgs#stream}) and gives its random durations stream names of its own, so every
 * scheduler and fork strategy compared sees the same workload.
 */
public interface Generator {
    /** A declared argument; {@code defaultValue} null means required. */
    record Param(String name, String defaultValue, String description) {}

    String name();

    String description();

    List<Param> params();

    void generate(GeneratorArgs args);
}

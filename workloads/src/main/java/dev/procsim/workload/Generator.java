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
    /**
     * A declared argument: {@code defaultValue} is used when it is absent; {@link #REQUIRED} means it
     * must be given, {@link #OPTIONAL} that it may be absent with no value (the generator checks).
     */
    record Param(String name, String defaultValue, String description) {
        public static final String REQUIRED = null;
        public static final String OPTIONAL = "";

        public boolean required() {
            return defaultValue == null;
        }

        public boolean optional() {
            return OPTIONAL.equals(defaultValue);
        }
    }

    String name();

    String description();

    List<Param> params();

    void generate(GeneratorArgs args);
}

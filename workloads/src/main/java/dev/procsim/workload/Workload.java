package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a workload file or generator produces: named programs (as written, and compiled) and the
 * processes that run them, plus the time unit its author used (for reporting in the same unit).
 */
public final class Workload {
    private final Map<String, List<Action>> sources;
    private final ProgramSet programs;
    private final List<ProcessSpec> processes;
    private final String unit;
    private final long unitNanos;

    public Workload(Map<String, List<Action>> sources, List<ProcessSpec> processes, String unit, long unitNanos) {
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.programs = ProgramSet.of(this.sources);
        this.processes = List.copyOf(processes);
        this.unit = unit;
        this.unitNanos = unitNanos;
    }

    public Map<String, List<Action>> sources() { return sources; }
    public ProgramSet programs() { return programs; }
    public List<ProcessSpec> processes() { return processes; }
    public String unit() { return unit; }
    public long unitNanos() { return unitNanos; }

    /** Adds every process to a kernel built with {@link #programs()}. */
    public void addTo(Kernel kernel) {
        kernel.reserveArrivals(processes.size());
        for (ProcessSpec p : processes) kernel.addArrival(p);
    }
}

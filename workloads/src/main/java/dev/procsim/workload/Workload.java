package dev.procsim.workload;

import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import java.util.List;

/**
 * What a workload file or generator produces: named programs and the processes that run them,
 * plus the time unit its author used (for reporting in the same unit).
 */
public record Workload(ProgramSet programs, List<ProcessSpec> processes, String unit, long unitNanos) {
    public Workload {
        processes = List.copyOf(processes);
    }

    /** Adds every process to a kernel built with {@link #programs()}. */
    public void addTo(Kernel kernel) {
        for (ProcessSpec p : processes) kernel.addProcess(p);
    }
}

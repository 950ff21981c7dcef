package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.List;

/**
 * {@code fork-bomb}: every task forks copies of itself for ever, one per {@code interval} of CPU;
 * only the kernel's limits (pid_max, threads-max, RLIMIT_NPROC, pids.max) stop it, so the
 * experiment needs a horizon.
 */
final class ForkBombGenerator implements Generator {
    public String name() {
        return "fork-bomb";
    }

    public String description() {
        return "every task forks copies of itself for ever, bounded only by the kernel's limits";
    }

    public List<Param> params() {
        return List.of(new Param("interval", "1ms", "CPU time between two forks"),
                new Param("memory", "1MiB", "private memory of the first bomb (written once)"),
                new Param("at", "0ms", "start time"),
                new Param("name", "bomb", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        long memory = a.size("memory");
        long at = a.duration("at", false);
        String prefix = a.text("name");
        String self = a.label() + ".loop";
        a.addProgram("loop", List.of(new Action.Repeat(Action.Repeat.FOREVER, List.of(new Action.Compute(a.dur("interval")),
                new Action.Fork(self)))));
        String start = a.addProgram("start", List.of(Action.Touch.write(Action.Amount.fraction(1)), new Action.Fork(self),
                new Action.Repeat(Action.Repeat.FOREVER, List.of(new Action.Compute(a.dur("interval")), new Action.Fork(self)))));
        a.needsHorizon();
        if (prefix != null) a.addProcess(ProcessSpec.of(prefix, at, start).withMemory(memory));
    }
}

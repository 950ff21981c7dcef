package dev.procsim.workload;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.List;

/**
 * {@code snapshot}: the classic copy-on-write case (a database's background save). A large parent
 * writes all its memory and forks a child; the child reads every page over {@code duration} (in
 * {@code tick} steps of reading, computing and writing to disk) and exits; meanwhile the parent
 * keeps writing {@code write_rate} random pages per second, then reaps the child.
 */
final class SnapshotGenerator implements Generator {
    public String name() {
        return "snapshot";
    }

    public String description() {
        return "a large parent forks a child that reads all pages for a while, while the parent keeps writing pages";
    }

    public List<Param> params() {
        return List.of(new Param("memory", "1GiB", "the parent's private memory (all written before the fork)"),
                new Param("duration", "1s", "how long the snapshot takes"),
                new Param("write_rate", "20000/s", "pages the parent writes per unit of time meanwhile"),
                new Param("tick", "10ms", "granularity of both loops"),
                new Param("name", "db", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        long memory = a.size("memory");
        long duration = a.duration("duration", true);
        double rate = a.rate("write_rate");
        long tick = a.duration("tick", true);
        String prefix = a.text("name");
        long steps = Math.max(1, duration / Math.max(1, tick));
        if (steps > 100_000) {
            a.error("tick", "duration / tick is " + steps + " steps; at most 100000");
            return;
        }
        long pagesPerTick = Math.max(0, Math.round(rate * tick / SimTime.S));
        String child = a.addProgram("save", List.of(new Action.Repeat((int) steps, List.of(
                Action.Touch.read(Action.Amount.fraction(1.0 / steps)).with(Action.Pattern.RANDOM, 1),
                new Action.Compute(dev.procsim.kernel.Dur.of(tick / 2)), new Action.Io(dev.procsim.kernel.Dur.of(tick - tick / 2)))),
                new Action.Exit(0)));
        String parent = a.addProgram("parent", List.of(Action.Touch.write(Action.Amount.fraction(1)), new Action.Fork(child),
                new Action.Repeat((int) steps, List.of(
                        Action.Touch.write(Action.Amount.pages(pagesPerTick)).with(Action.Pattern.RANDOM, 1),
                        new Action.Sleep(dev.procsim.kernel.Dur.of(tick)))),
                new Action.Wait(Action.Wait.ANY, false)));
        if (prefix != null) a.addProcess(ProcessSpec.of(prefix, 0, parent).withMemory(memory));
    }
}

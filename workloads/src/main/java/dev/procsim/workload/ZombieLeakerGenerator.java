package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code zombie-leaker}: a parent forks children that exit at once and never waits for them, so
 * every child stays a zombie holding its PID while the parent lives (it then sleeps for ever).
 * With {@code reap: true} it is the well-behaved parent instead: it waits for each child.
 */
final class ZombieLeakerGenerator implements Generator {
    public String name() {
        return "zombie-leaker";
    }

    public String description() {
        return "a parent forks children that exit and never reaps them (reap: true for a parent that does)";
    }

    public List<Param> params() {
        return List.of(new Param("children", "1000", "children to fork, or forever"),
                new Param("interval", "1ms", "time between forks (sleeping)"),
                new Param("child_life", "0ms", "CPU time of a child before it exits"),
                new Param("reap", "false", "wait for each child (the parent that does not leak)"),
                new Param("at", "0ms", "start time"),
                new Param("name", "leaker", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        boolean forever = "forever".equals(a.text("children"));
        int children = forever ? Action.Repeat.FOREVER : (int) a.integer("children", 1, 100_000_000);
        boolean reap = a.bool("reap");
        long at = a.duration("at", false);
        String prefix = a.text("name");
        String child = a.addProgram("child", List.of(new Action.Compute(a.dur("child_life")), new Action.Exit(0)));
        List<Action> body = new ArrayList<>(List.of(new Action.Fork(child)));
        if (reap) body.add(new Action.Wait(Action.Wait.ANY, false));
        body.add(new Action.Sleep(a.dur("interval")));
        String parent = a.addProgram("parent", List.of(new Action.Repeat(children, body), new Action.Sleep(dev.procsim.kernel.Dur.FOREVER)));
        if (forever) a.needsHorizon();
        if (prefix != null) a.addProcess(ProcessSpec.of(prefix, at, parent));
    }
}

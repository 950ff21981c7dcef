package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.util.List;

/**
 * {@code orphan-maker}: a parent forks children that outlive it (each sleeps {@code child_life})
 * and exits, so the children are re-parented: to init, or with {@code subreaper: true} to a
 * subreaper process that started the parent and reaps whatever it inherits.
 */
final class OrphanMakerGenerator implements Generator {
    public String name() {
        return "orphan-maker";
    }

    public String description() {
        return "a parent forks long-lived children and exits; they are re-parented to init or a subreaper";
    }

    public List<Param> params() {
        return List.of(new Param("children", "100", "children to fork"),
                new Param("interval", "1ms", "time between forks"),
                new Param("child_life", "100ms", "how long each child lives after its fork (sleeping)"),
                new Param("subreaper", "false", "start the parent under a subreaper that adopts the orphans"),
                new Param("at", "0ms", "start time"),
                new Param("name", "orphans", "prefix of process and program names"));
    }

    public void generate(GeneratorArgs a) {
        int children = (int) a.integer("children", 1, 100_000_000);
        boolean sub = a.bool("subreaper");
        long at = a.duration("at", false);
        String prefix = a.text("name");
        String child = a.addProgram("child", List.of(new Action.Sleep(a.dur("child_life")), new Action.Exit(0)));
        String parent = a.addProgram("parent", List.of(new Action.Repeat(children, List.of(new Action.Fork(child),
                new Action.Sleep(a.dur("interval")))), new Action.Exit(0)));
        if (prefix == null) return;
        if (!sub) {
            a.addProcess(ProcessSpec.of(prefix, at, parent));
            return;
        }
        // The subreaper reaps the parent and then every orphan it inherits: children + 1 waits.
        String reaper = a.addProgram("subreaper", List.of(new Action.Fork(parent),
                new Action.Repeat(children + 1, List.of(new Action.Wait(Action.Wait.ANY, false)))));
        a.addProcess(ProcessSpec.of(prefix + "-subreaper", at, reaper).withSubreaper(true));
    }
}

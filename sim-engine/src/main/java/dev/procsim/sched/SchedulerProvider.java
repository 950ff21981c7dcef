package dev.procsim.sched;

import dev.procsim.kernel.Scheduler;
import java.util.List;

/**
 * A scheduler from outside procsim, a plug-in: a class with a public no-argument constructor,
 * named in its jar's {@code META-INF/services/dev.procsim.sched.SchedulerProvider} and found with
 * {@link java.util.ServiceLoader}. {@link SchedulerRegistry} lists it after the built-in schedulers
 * and creates it by name like them. {@code examples/plugin/} is a worked example.
 *
 * <p>Stable API for plug-ins.
 */
public interface SchedulerProvider {
    /**
     * The name experiment files and {@code --scheduler} give: letters, digits, {@code - _ .},
     * beginning with a letter or digit; not the name of a built-in scheduler or of another plug-in.
     */
    String name();

    /** What the policy does, in one line, for {@code procsim list schedulers}. */
    String description();

    /** The parameters it takes, with their defaults; the only names {@link #create} may read. */
    default List<SchedulerRegistry.Param> params() {
        return List.of();
    }

    /**
     * A new scheduler, with the parameter values given or defaulted: one for each run (and each
     * CPU with per-CPU run queues), called from several threads at once, so it keeps no state of
     * its own. A bad value is an {@link IllegalArgumentException} saying what was wrong.
     */
    Scheduler create(SchedulerParams params);
}

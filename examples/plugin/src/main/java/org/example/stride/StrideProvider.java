package org.example.stride;

import dev.procsim.kernel.Scheduler;
import dev.procsim.sched.SchedulerParams;
import dev.procsim.sched.SchedulerProvider;
import dev.procsim.sched.SchedulerRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link StrideScheduler} as {@code stride}: named in
 * META-INF/services/dev.procsim.sched.SchedulerProvider, found by procsim with ServiceLoader.
 */
public final class StrideProvider implements SchedulerProvider {
    @Override
    public String name() {
        return "stride";
    }

    @Override
    public String description() {
        return "stride scheduling (Waldspurger & Weihl 1995): lowest pass first, pass += (2^20 / tickets) x run time / quantum;"
                + " tickets by task name, else 20 - nice; ties to the lower PID";
    }

    @Override
    public List<SchedulerRegistry.Param> params() {
        return List.of(new SchedulerRegistry.Param("quantum", "10ms", "time slice; a task's pass grows by its stride per quantum run"),
                new SchedulerRegistry.Param("tickets", "", "tickets by task name, like A:3,B:1 (1 to 2^20 each); tasks not named get 20 - nice"));
    }

    @Override
    public Scheduler create(SchedulerParams p) {
        return new StrideScheduler(p.duration("quantum"), tickets(p.text("tickets")));
    }

    /** "A:3,B:1" as a map; the name is everything before the last ':', so a name may hold one. */
    static Map<String, Integer> tickets(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (text.isBlank()) return out;
        for (String part : text.split(",", -1)) {
            String s = part.strip();
            int colon = s.lastIndexOf(':');
            int n;
            try {
                n = colon > 0 ? Integer.parseInt(s.substring(colon + 1).strip()) : 0;
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > StrideScheduler.STRIDE1) {
                throw new IllegalArgumentException("stride.tickets: expected NAME:TICKETS with 1 to " + StrideScheduler.STRIDE1
                        + " tickets, like A:3,B:1; found '" + s + "'");
            }
            if (out.put(s.substring(0, colon).strip(), n) != null) {
                throw new IllegalArgumentException("stride.tickets: '" + s.substring(0, colon).strip() + "' is given twice");
            }
        }
        return out;
    }
}

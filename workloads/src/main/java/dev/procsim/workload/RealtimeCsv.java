package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Periodic real-time tasks: header {@code name,period,wcet} plus optional {@code deadline} (relative,
 * default the period), {@code offset} (first release, default 0) and {@code priority}; times in the
 * file's unit as for task lists. Each row becomes a process whose jobs run for ever (the run's
 * horizon ends them).
 */
public final class RealtimeCsv {
    static final List<String> REQUIRED = List.of("name", "period", "wcet");
    static final List<String> OPTIONAL = List.of("deadline", "offset", "priority");

    private RealtimeCsv() {}

    public static Workload read(Path file) {
        return parse(InputText.displayName(file), CsvTable.readText(file));
    }

    public static Workload parse(String file, String text) {
        return CsvTable.workload(file, text, REQUIRED, OPTIONAL, (t, row, name, errors) -> {
            long period = t.duration(row, "period", true, errors);
            long wcet = t.duration(row, "wcet", true, errors);
            long deadline = t.has(row, "deadline") ? t.duration(row, "deadline", true, errors) : period;
            long offset = t.has(row, "offset") ? t.duration(row, "offset", false, errors) : 0;
            int priority = t.integer(row, "priority", Integer.MIN_VALUE, Integer.MAX_VALUE, 0, errors);
            return () -> new CsvTable.Task(ProcessSpec.of(name, 0, name).withPriority(priority),
                    List.of(new Action.Periodic(period, wcet, deadline, offset, -1)));
        });
    }
}

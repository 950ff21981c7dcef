package dev.procsim.workload;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.ProcessSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        return parse(file.toString(), CsvTable.readText(file));
    }

    public static Workload parse(String file, String text) {
        List<InputError> errors = new ArrayList<>();
        CsvTable t = CsvTable.parse(file, text, REQUIRED, OPTIONAL, errors);
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        List<ProcessSpec> processes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (CsvTable.Row row : t.rows) {
            int before = errors.size();
            String name = t.name(row, names, errors);
            long period = t.duration(row, "period", true, errors);
            long wcet = t.duration(row, "wcet", true, errors);
            long deadline = t.has(row, "deadline") ? t.duration(row, "deadline", true, errors) : period;
            long offset = t.has(row, "offset") ? t.duration(row, "offset", false, errors) : 0;
            int priority = t.integer(row, "priority", Integer.MIN_VALUE, Integer.MAX_VALUE, 0, errors);
            if (errors.size() > before) continue;
            programs.put(name, List.of(new Action.Periodic(period, wcet, deadline, offset, -1)));
            processes.add(ProcessSpec.of(name, 0, name).withPriority(priority));
        }
        if (!errors.isEmpty()) throw new InputException(errors);
        if (processes.isEmpty()) throw new InputException(List.of(new InputError(file, 0, 0, null, "no tasks")));
        return new Workload(programs, processes, t.unit, t.unitNanos);
    }
}

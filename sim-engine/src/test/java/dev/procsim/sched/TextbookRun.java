package dev.procsim.sched;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.TaskRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A textbook exercise run through the kernel: tasks (name, arrival, burst[, priority]) in one unit. */
final class TextbookRun {
    final Kernel kernel;
    final long unit;

    private TextbookRun(Kernel kernel, long unit) {
        this.kernel = kernel;
        this.unit = unit;
    }

    /** rows: {name, arrival, burst} or {name, arrival, burst, priority}. */
    static TextbookRun of(String scheduler, Map<String, String> params, long unit, int cpus, Object[]... rows) {
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        for (Object[] r : rows) {
            programs.put((String) r[0], List.of(new Action.Compute(Dur.of(((Number) r[2]).longValue() * unit))));
        }
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = cpus;
        Kernel k = new Kernel(cfg, SchedulerRegistry.create(scheduler, params), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        for (Object[] r : rows) {
            ProcessSpec spec = ProcessSpec.of((String) r[0], ((Number) r[1]).longValue() * unit, (String) r[0]);
            if (r.length > 3) spec = spec.withPriority(((Number) r[3]).intValue());
            k.addProcess(spec);
        }
        k.run(SimTime.NEVER);
        return new TextbookRun(k, unit);
    }

    static TextbookRun of(String scheduler, Object[]... rows) {
        return of(scheduler, Map.of(), SimTime.MS, 1, rows);
    }

    TaskRecord task(String name) {
        return kernel.metrics().tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    double waiting(String name) {
        return (double) task(name).waiting() / unit;
    }

    double averageWaiting() {
        return kernel.metrics().tasks().stream().mapToDouble(t -> (double) t.waiting() / unit).average().orElseThrow();
    }

    double averageTurnaround() {
        return kernel.metrics().tasks().stream().mapToDouble(t -> (double) t.turnaround() / unit).average().orElseThrow();
    }

    /** The schedule as "name start-end" in units, one CPU. */
    List<String> gantt() {
        List<String> out = new ArrayList<>();
        for (ScheduleLog.Segment s : kernel.scheduleLog().segments()) {
            out.add(s.task() + " " + fmt(s.start()) + "-" + fmt(s.end()));
        }
        return out;
    }

    private String fmt(long ns) {
        return ns % unit == 0 ? Long.toString(ns / unit) : Double.toString((double) ns / unit);
    }
}

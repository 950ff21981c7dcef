package dev.procsim.report.run;

import dev.procsim.engine.RandomStreams;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.RunResult;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.memory.CostProfile;
import dev.procsim.memory.PagedMemory;
import dev.procsim.workload.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The textbook modes ({@code procsim schedule} and {@code procsim realtime}): one run of a task
 * file under one scheduler, with no kernel costs but the context switch given, tasks reported in
 * file order.
 */
public final class TextbookRun {
    public final Workload workload;
    public final Kernel kernel;
    public final RunResult result;
    /** Task records in the order of the file. */
    public final List<TaskRecord> tasks;

    /**
     * With {@code keepSchedule} false, no Gantt segment is kept (nothing will draw or print them).
     * The time series keep only their peaks (nothing here reads them), so with no schedule kept
     * memory stays flat however long the run.
     */
    public TextbookRun(Workload w, Scheduler scheduler, int cpus, long switchCost, long horizon, boolean keepSchedule) {
        this.workload = w;
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = cpus;
        cfg.contextSwitch = switchCost;
        cfg.maxScheduleSegments = keepSchedule ? 1_000_000 : 0;
        cfg.recordSeries = false;
        kernel = new Kernel(cfg, scheduler, new PagedMemory(CostProfile.load(CostProfile.NONE)), w.programs(), new RandomStreams(1));
        w.addTo(kernel);
        result = kernel.run(horizon);
        List<String> order = w.processes().stream().map(p -> p.name()).toList();
        List<TaskRecord> t = new ArrayList<>(kernel.metrics().tasks());
        t.sort(Comparator.comparingInt(r -> order.indexOf(r.name())));
        tasks = t;
    }

    public List<ScheduleLog.Segment> gantt() {
        return kernel.scheduleLog().segments();
    }

    /** The CPU burst of a task: its total computation (what it demanded). */
    public static long burst(TaskRecord t) {
        return t.demand();
    }
}

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
import dev.procsim.kernel.ProcessSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
        this(w, scheduler, cpus, switchCost, horizon, keepSchedule, null, k -> {});
    }

    /**
     * Also: {@code stop} (may be null) interrupts the run soon after it becomes true (Ctrl-C), the
     * tasks then recorded as they stand; {@code started} is given the kernel before it runs (for
     * progress reports from another thread).
     */
    public TextbookRun(Workload w, Scheduler scheduler, int cpus, long switchCost, long horizon, boolean keepSchedule, AtomicBoolean stop,
            Consumer<Kernel> started) {
        this.workload = w;
        KernelConfig cfg = new KernelConfig();
        cfg.cpus = cpus;
        cfg.contextSwitch = switchCost;
        cfg.maxScheduleSegments = keepSchedule ? 1_000_000 : 0;
        cfg.recordSeries = false;
        // A textbook exercise has no PID limit: every task of the file arrives however many wait
        // (with the default pid_max of 32,768 a long FCFS backlog was refused PIDs, and those tasks
        // silently never ran), and every task keeps its record.
        cfg.pidMax = dev.procsim.kernel.PidAllocator.MAX_PID_MAX;
        cfg.maxTaskRecords = Math.max(cfg.maxTaskRecords, w.processes().size() + 16);
        kernel = new Kernel(cfg, scheduler, new PagedMemory(CostProfile.load(CostProfile.NONE)), w.programs(), new RandomStreams(1));
        w.addTo(kernel);
        if (stop != null) kernel.simulation().interruptWhen(stop);
        started.accept(kernel);
        result = kernel.run(horizon);
        // file order: each name's first place in the file (a map, not a search per comparison: a million tasks sort in n log n)
        Map<String, Integer> order = new HashMap<>();
        List<ProcessSpec> ps = w.processes();
        for (int i = 0; i < ps.size(); i++) order.putIfAbsent(ps.get(i).name(), i);
        List<TaskRecord> t = new ArrayList<>(kernel.metrics().tasks());
        t.sort(Comparator.comparingInt(r -> order.getOrDefault(r.name(), -1)));
        tasks = t;
    }

    /** Stopped by {@code stop} before the end (Ctrl-C): the records are those of the moment it stopped. */
    public boolean interrupted() {
        return result.reason() == dev.procsim.engine.StopReason.INTERRUPTED;
    }

    public List<ScheduleLog.Segment> gantt() {
        return kernel.scheduleLog().segments();
    }

    /** The CPU burst of a task: its total computation (what it demanded). */
    public static long burst(TaskRecord t) {
        return t.demand();
    }
}

package dev.procsim.report.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and compiles the chart code while the simulation runs: a fresh JVM spends most of its
 * first second of charts loading XChart, Java2D and the fonts and compiling the drawing paths
 * (13 charts of compare-schedulers: 0.87 s cold, 0.30 s warm). Drawing three small charts (bars,
 * a step series, a Gantt chart) into a scratch folder of the output's temporary directory moves
 * that cost into the simulation phase, where it overlaps the runs.
 */
public final class ChartWarmUp {
    /** Below this heap no warm-up: its images (a few MB) would compete with the runs for memory. */
    static final long SMALL_HEAP = 256L << 20;

    private ChartWarmUp() {}

    /** Starts the warm-up on a daemon thread (null: none, on a small heap); {@code scratch} (created, then deleted) must be procsim's own. */
    public static Thread start(Path scratch, List<ChartRenderer.Format> formats) {
        if (Runtime.getRuntime().maxMemory() < SMALL_HEAP) return null; // a small heap is the simulation's
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(scratch);
                for (ChartSpec c : samples()) ChartRenderer.render(c, scratch, formats);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // only a warm-up: the real charts will say what is wrong, and a run that fills the heap
                // is the memory watch's to report (this thread's few MB must not print an error of its own)
            } finally {
                try {
                    dev.procsim.report.files.AtomicOutput.deleteScratch(scratch);
                } catch (IOException e) {
                    // left inside the temporary directory, which is removed or committed without it
                }
            }
        }, "procsim-chart-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.setUncaughtExceptionHandler((th, e) -> {}); // nothing of a warm-up is worth a stack trace
        t.start();
        return t;
    }

    static List<ChartSpec> samples() {
        double[] x = {0, 1, 2, 3}, y = {1, 3, 2, 4};
        ChartSpec bar = new ChartSpec(ChartSpec.Kind.BAR, "w-bar", "Mean response time (ms)", "Scheduler", "ms", List.of("fcfs", "rr"),
                List.of(new ChartSpec.Series("cow", null, new double[] {1, 2}, new double[] {0.1, 0.2}),
                        new ChartSpec.Series("eager", null, new double[] {2, 3}, new double[] {0.2, 0.1})));
        ChartSpec step = new ChartSpec(ChartSpec.Kind.STEP, "w-step", "PIDs in use", "Time, ms", "count", List.of(),
                List.of(new ChartSpec.Series("fcfs", x, y, null), new ChartSpec.Series("rr", x, new double[] {2, 1, 4, 3}, null)));
        ChartSpec gantt = GanttChart.of(List.of(new dev.procsim.kernel.ScheduleLog.Segment(0, 2, "a", 0, 1_000_000),
                new dev.procsim.kernel.ScheduleLog.Segment(0, 3, "b", 2_000_000, 3_000_000)), "Gantt", "w-gantt",
                dev.procsim.report.text.Lang.EN, java.util.Map.of());
        return List.of(bar, step, gantt);
    }
}

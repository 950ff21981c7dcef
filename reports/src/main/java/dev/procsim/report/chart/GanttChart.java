package dev.procsim.report.chart;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.report.run.RunSummary;
import dev.procsim.report.text.Fmt;
import dev.procsim.report.text.Lang;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The data of a Gantt chart: a row per task shown, a row per CPU for its idle time. */
public final class GanttChart {
    static final int GANTT_ROWS = 30;
    /** Idle rows at most: a 4,096-CPU run would be 4,096 rows of idle time (its trace has them all). */
    static final int GANTT_CPUS = 8;
    public static final int GANTT_SEGMENTS = 2000;

    private GanttChart() {}

    /**
     * Gantt chart of one run (see {@link #of(List, String, String, Lang, Map)}), titled and
     * named after its combination, pointing at its full schedule in the trace file.
     */
    static ChartSpec of(RunSummary run, String name, Lang lang, String label, Map<String, long[]> deadlines) {
        return of(run.schedule, lang.t("gantt") + ": " + label, "gantt-" + name, lang, deadlines);
    }

    /**
     * The Gantt chart of a schedule log; {@code deadlines}: each task's absolute deadlines (by task
     * name), marked on its row. A chart that never cuts silently: a window from 0 holding at most 2,000 segments (the
     * whole run when it has no more), the 30 tasks that ran longest in it (rows in order of first
     * run), and a row for the idle time of each CPU, at most 8 (the busiest, by least idle time in
     * the window); the x-axis title says which window, how many tasks and how many CPUs are shown
     * (the report's caption says where the full schedule is). Every task's bars have one shade, idle time
     * another, and the legend names exactly those (and the deadline marks, when there are any).
     * Segments shorter than 1/1000 of the window (about a pixel) are drawn that wide so that none
     * is invisible, and no wider, so that a task running 1 ms in 10 does not look busy throughout;
     * idle gaps shorter than that are left out (they are switches between tasks, not idle time one can see).
     * Each series is one row, its segments joined by NaN breaks; y is the row index (row 0 at the top).
     */
    public static ChartSpec of(List<ScheduleLog.Segment> all, String title, String file, Lang lang, Map<String, long[]> deadlines) {
        List<ScheduleLog.Segment> byStart = new ArrayList<>(all);
        byStart.sort(java.util.Comparator.comparingLong(ScheduleLog.Segment::start));
        long runEnd = 0;
        int cpus = 1;
        for (ScheduleLog.Segment s : byStart) {
            runEnd = Math.max(runEnd, s.end());
            cpus = Math.max(cpus, s.cpu() + 1);
        }
        long window = byStart.size() > GANTT_SEGMENTS ? byStart.get(GANTT_SEGMENTS).start() : runEnd;
        if (window <= 0) window = runEnd;
        // CPU time of each task, and of each CPU, within the window; the busiest GANTT_ROWS tasks and GANTT_CPUS CPUs are shown
        Map<String, Long> busy = new LinkedHashMap<>();
        Map<String, String> nameOf = new LinkedHashMap<>();
        long[] cpuBusy = new long[cpus];
        for (ScheduleLog.Segment s : byStart) {
            if (s.start() >= window) break;
            long d = Math.min(s.end(), window) - s.start();
            String row = s.task() + " (" + s.pid() + ")";
            busy.merge(row, d, Long::sum);
            nameOf.putIfAbsent(row, s.task());
            cpuBusy[s.cpu()] += d;
        }
        Set<String> shown = new LinkedHashSet<>();
        busy.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(GANTT_ROWS).forEach(e -> shown.add(e.getKey()));
        List<String> rowList = new ArrayList<>();
        for (String task : busy.keySet()) if (shown.contains(task)) rowList.add(task); // in order of first run
        int[] cpuRows = busiest(cpuBusy, GANTT_CPUS);
        double minWidth = window / 1000.0;
        List<ChartSpec.Series> ser = new ArrayList<>();
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (int i = 0; i < rowList.size(); i++) rowOf.put(rowList.get(i), i);
        List<List<double[]>> pieces = new ArrayList<>();
        for (int i = 0; i < rowList.size(); i++) pieces.add(new ArrayList<>());
        int[] cpuRow = new int[cpus];
        java.util.Arrays.fill(cpuRow, -1);
        for (int k = 0; k < cpuRows.length; k++) cpuRow[cpuRows[k]] = k;
        List<List<double[]>> idle = new ArrayList<>();
        long[] idleFrom = new long[cpuRows.length];
        for (int k = 0; k < cpuRows.length; k++) idle.add(new ArrayList<>());
        for (ScheduleLog.Segment s : byStart) { // one pass: the task's bar, and the idle gap before it on its CPU
            if (s.start() >= window) break;
            int k = cpuRow[s.cpu()];
            if (k >= 0) {
                // Idle time is drawn as it is, never widened: a gap under a pixel (a 2 us context switch between two
                // tasks) would otherwise show an overloaded CPU as idle half the time. Tasks' bars are widened instead.
                if (s.start() - idleFrom[k] >= minWidth) idle.get(k).add(new double[] {idleFrom[k], s.start()});
                idleFrom[k] = Math.max(idleFrom[k], s.end());
            }
            Integer row = rowOf.get(s.task() + " (" + s.pid() + ")");
            if (row == null || s.end() <= s.start()) continue;
            double end = Math.min(s.end(), window);
            pieces.get(row).add(new double[] {s.start(), Math.max(end, s.start() + minWidth)});
        }
        for (int row = 0; row < rowList.size(); row++) ser.add(segments(rowList.get(row), pieces.get(row), row));
        List<String> categories = new ArrayList<>(rowList);
        for (int k = 0; k < cpuRows.length; k++) {
            if (idleFrom[k] < window) idle.get(k).add(new double[] {idleFrom[k], window});
            String name = lang.t("idle") + " " + lang.t("cpu") + cpuRows[k];
            ser.add(segments(name, idle.get(k), rowList.size() + k));
            categories.add(name);
        }
        // legend-only series (after the rows): what the two kinds of bar mean
        ser.add(segments(lang.t("running"), List.of(), 0));
        ser.add(segments(lang.t("idle"), List.of(), 0));
        List<double[]> marks = new ArrayList<>();
        for (int row = 0; row < rowList.size(); row++) {
            long[] ds = deadlines.get(nameOf.get(rowList.get(row)));
            if (ds == null) continue;
            for (long d : ds) if (d <= window) marks.add(new double[] {d / 1e6, -row + 0.42, -row - 0.42});
        }
        if (!marks.isEmpty()) ser.add(ticks(lang.t("deadline"), marks));
        String cpuNote = cpuRows.length < cpus ? "; " + lang.t("gantt_cpus").formatted(cpuRows.length, cpus) : "";
        String note = lang.t("gantt_window").formatted(Fmt.si(window / 1e6), Fmt.si(runEnd / 1e6), rowList.size(), busy.size()) + cpuNote;
        return new ChartSpec(ChartSpec.Kind.GANTT, file, title, lang.t("time_ms") + " (" + note + ")", lang.t("task"), categories, ser,
                cpuRows.length);
    }

    /**
     * The absolute deadlines of each periodic task of a workload up to {@code until}, by task name,
     * for the marks on its row: job k of a process arriving at {@code at} is released at at + offset
     * + k period and due a relative deadline later; at most 10,000 a task (a chart shows at most
     * 2,000 segments).
     */
    public static Map<String, long[]> deadlines(dev.procsim.workload.Workload w, long until) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (dev.procsim.kernel.ProcessSpec ps : w.processes()) {
            List<dev.procsim.kernel.Action> prog = w.sources().get(ps.program());
            if (prog == null || prog.isEmpty() || !(prog.get(0) instanceof dev.procsim.kernel.Action.Periodic p)) continue;
            long n = Math.min(10_000, p.jobs() < 0 ? Long.MAX_VALUE : p.jobs()); // jobs < 0: for ever
            List<Long> ds = new ArrayList<>();
            for (long k = 0; k < n; k++) {
                long d = ps.at() + p.offset() + k * p.period() + p.deadline();
                if (d > until || d < 0) break;
                ds.add(d);
            }
            out.put(ps.name(), ds.stream().mapToLong(Long::longValue).toArray());
        }
        return out;
    }

    /** The indices of the {@code n} largest values (the first on ties), in index order. */
    static int[] busiest(long[] v, int n) {
        if (v.length <= n) {
            int[] all = new int[v.length];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> v[a] != v[b] ? Long.compare(v[b], v[a]) : Integer.compare(a, b));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = idx[i];
        java.util.Arrays.sort(out);
        return out;
    }

    /** Vertical ticks ({@code {x, yTop, yBottom}} each), one series. */
    private static ChartSpec.Series ticks(String name, List<double[]> marks) {
        double[] x = new double[marks.size() * 3];
        double[] y = new double[marks.size() * 3];
        for (int i = 0; i < marks.size(); i++) {
            double[] m = marks.get(i);
            x[3 * i] = m[0];
            x[3 * i + 1] = m[0];
            x[3 * i + 2] = m[0];
            y[3 * i] = m[1];
            y[3 * i + 1] = m[2];
            y[3 * i + 2] = Double.NaN;
        }
        return new ChartSpec.Series(name, x, y, null);
    }

    private static ChartSpec.Series segments(String name, List<double[]> pieces, int row) {
        int n = Math.max(1, pieces.size() * 3);
        double[] x = new double[n];
        double[] y = new double[n];
        if (pieces.isEmpty()) {
            x[0] = 0;
            y[0] = Double.NaN;
        }
        for (int i = 0; i < pieces.size(); i++) {
            x[3 * i] = pieces.get(i)[0] / 1e6;
            x[3 * i + 1] = pieces.get(i)[1] / 1e6;
            x[3 * i + 2] = pieces.get(i)[1] / 1e6;
            y[3 * i] = -row;
            y[3 * i + 1] = -row;
            y[3 * i + 2] = Double.NaN;
        }
        return new ChartSpec.Series(name, x, y, null);
    }
}

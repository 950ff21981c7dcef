package dev.procsim.report.exercise;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.report.text.TextTable;
import java.util.List;

/** Text shared by the exercises: tables, the text Gantt line, page ranges. Lines end with {@code \n} alone. */
final class ExerciseText {
    private ExerciseText() {}

    /** A plain table ({@link TextTable}) indented by two spaces. */
    static void table(List<List<String>> rows, StringBuilder out) {
        for (String line : TextTable.lines(rows)) out.append(("  " + line).stripTrailing()).append('\n');
    }

    /**
     * The schedule of one CPU as {@code procsim schedule} prints it, from 0 to {@code end} (idle
     * stretches shown as {@code idle}): {@code gantt: | J0 0-3 | idle 3-4 | J1 4-6 |}.
     */
    static String gantt(List<ScheduleLog.Segment> segments, long unitNanos, long end) {
        return TextTable.gantt("gantt: |", segments, -1, unitNanos, end, Integer.MAX_VALUE);
    }

    /** Pages {@code from} to {@code from + count - 1}: "page 4" or "pages 4-6". */
    static String pages(int from, int count) {
        return count == 1 ? "page " + from : "pages " + from + "-" + (from + count - 1);
    }
}

package dev.procsim.report.exercise;

import dev.procsim.kernel.ScheduleLog;
import dev.procsim.report.text.Units;
import java.util.List;

/** Text shared by the exercises: tables, the text Gantt line, page ranges. Lines end with {@code \n} alone. */
final class ExerciseText {
    private ExerciseText() {}

    /** A plain table indented by two spaces: the first column left-aligned, the others right-aligned, two spaces apart. */
    static void table(List<List<String>> rows, StringBuilder out) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                String c = r.get(i);
                if (i == 0) b.append(c).append(" ".repeat(width[0] - c.length()));
                else b.append("  ").append(" ".repeat(width[i] - c.length())).append(c);
            }
            out.append(b.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * The schedule of one CPU as {@code procsim schedule} prints it, from 0 to {@code end} (idle
     * stretches shown as {@code idle}): {@code gantt: | J0 0-3 | idle 3-4 | J1 4-6 |}.
     */
    static String gantt(List<ScheduleLog.Segment> segments, long unitNanos, long end) {
        StringBuilder b = new StringBuilder("gantt: |");
        long t = 0;
        for (ScheduleLog.Segment s : segments) {
            if (s.end() <= s.start()) continue;
            if (s.start() > t) b.append(" idle ").append(Units.in(t, unitNanos)).append('-').append(Units.in(s.start(), unitNanos)).append(" |");
            b.append(' ').append(s.task()).append(' ').append(Units.in(s.start(), unitNanos)).append('-').append(Units.in(s.end(), unitNanos)).append(" |");
            t = s.end();
        }
        if (end > t) b.append(" idle ").append(Units.in(t, unitNanos)).append('-').append(Units.in(end, unitNanos)).append(" |");
        return b.toString();
    }

    /** Pages {@code from} to {@code from + count - 1}: "page 4" or "pages 4-6". */
    static String pages(int from, int count) {
        return count == 1 ? "page " + from : "pages " + from + "-" + (from + count - 1);
    }
}

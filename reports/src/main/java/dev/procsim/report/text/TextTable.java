package dev.procsim.report.text;

import dev.procsim.kernel.ScheduleLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text output of the textbook commands and exercises: a table (the first column
 * left-aligned, the others right-aligned, two spaces apart) and a schedule as one Gantt line
 * ({@code gantt: | P1 0-10 | idle 10-12 | P2 12-15 |}, in the task list's unit).
 */
public final class TextTable {
    private TextTable() {}

    /** The rows as aligned lines, trailing spaces stripped. */
    public static List<String> lines(List<List<String>> rows) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r.get(i).length());
        List<String> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = r.get(i);
                if (i == 0) b.append(c).append(" ".repeat(width[0] - c.length()));
                else b.append("  ").append(" ".repeat(width[i] - c.length())).append(c);
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    /**
     * One Gantt line: {@code head} (as {@code "gantt: |"}), then the segments of {@code cpu} (-1:
     * every segment) in order, an idle stretch where none ran, in units of {@code unitNanos}; an idle
     * stretch to {@code end} after the last one when {@code end} is past it; at most {@code max}
     * segments, then {@code " ..."}.
     */
    public static String gantt(String head, List<ScheduleLog.Segment> segments, int cpu, long unitNanos, long end, int max) {
        StringBuilder b = new StringBuilder(head);
        long t = 0;
        int n = 0;
        for (ScheduleLog.Segment s : segments) {
            if (cpu >= 0 && s.cpu() != cpu || s.end() <= s.start()) continue;
            if (s.start() > t) b.append(" idle ").append(Units.in(t, unitNanos)).append('-').append(Units.in(s.start(), unitNanos)).append(" |");
            b.append(' ').append(s.task()).append(' ').append(Units.in(s.start(), unitNanos)).append('-').append(Units.in(s.end(), unitNanos)).append(" |");
            t = s.end();
            if (++n == max) {
                b.append(" ...");
                return b.toString();
            }
        }
        if (end > t) b.append(" idle ").append(Units.in(t, unitNanos)).append('-').append(Units.in(end, unitNanos)).append(" |");
        return b.toString();
    }
}

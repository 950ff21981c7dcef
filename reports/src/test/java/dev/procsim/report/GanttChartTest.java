package dev.procsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.ScheduleLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Static Gantt charts say what they show: the window, how many tasks, and where the rest is. */
class GanttChartTest {
    private static final long MS = 1_000_000;

    @Test
    void aLongScheduleIsShownInAStatedWindowWithTheBusiestTasks() {
        // 40 tasks take turns on one CPU, 2,500 segments: segment i is task i % 40, 1 ms long,
        // except task 39's, 0.01 ms: a round of the 40 takes 39.01 ms.
        List<ScheduleLog.Segment> segs = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 2500; i++) {
            int task = i % 40;
            long len = task == 39 ? MS / 100 : MS;
            segs.add(new ScheduleLog.Segment(0, task + 2, "t" + task, t, t + len));
            t += len;
        }
        ChartSpec c = Charts.gantt(segs, "g", "gantt-x", Lang.EN, "traces/x.json");
        // the window ends where the 2,001st segment starts: 50 rounds of 39.01 ms
        long window = segs.get(Charts.GANTT_SEGMENTS).start();
        assertThat(window).isEqualTo(50 * (39 * MS + MS / 100));
        // the run: 62 rounds (2,480 segments) and 20 more of 1 ms: 2,438.62 ms, shown rounded
        assertThat(c.xTitle()).contains("0-1,951 ms of 2,439 shown", "30 of 40 tasks", "full schedule: traces/x.json");
        // 30 rows of tasks (not t39, the least busy), then the idle row; two legend-only series
        assertThat(c.categories()).hasSize(31).doesNotContain("t39 (41)").contains("t0 (2)");
        assertThat(c.series()).hasSize(33);
        for (ChartSpec.Series s : c.series()) {
            for (double x : s.x()) assertThat(x).isLessThanOrEqualTo(window / 1e6);
        }
        // a short segment is drawn at least 1/1000 of the window wide
        List<ScheduleLog.Segment> tiny = List.of(new ScheduleLog.Segment(0, 2, "a", 0, 100 * MS), new ScheduleLog.Segment(0, 3, "b", 100 * MS,
                100 * MS + 1000));
        ChartSpec small = Charts.gantt(tiny, "g", "gantt-y", Lang.EN, null);
        ChartSpec.Series b = small.series().get(1);
        assertThat(b.x()[1] - b.x()[0]).isGreaterThanOrEqualTo(100.001 / 1000 - 1e-9);
        assertThat(small.xTitle()).contains("2 of 2 tasks").doesNotContain("full schedule");
    }
}

package dev.procsim.report.chart;

import dev.procsim.report.text.Lang;

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
        ChartSpec c = GanttChart.of(segs, "g", "gantt-x", Lang.EN, java.util.Map.of());
        // the window ends where the 2,001st segment starts: 50 rounds of 39.01 ms
        long window = segs.get(GanttChart.GANTT_SEGMENTS).start();
        assertThat(window).isEqualTo(50 * (39 * MS + MS / 100));
        // the run: 62 rounds (2,480 segments) and 20 more of 1 ms: 2,438.62 ms, shown rounded
        assertThat(c.xTitle()).contains("0-1,951 ms of 2,439 shown", "30 of 40 tasks");
        // 30 rows of tasks (not t39, the least busy), then the idle row; two legend-only series
        assertThat(c.categories()).hasSize(31).doesNotContain("t39 (41)").contains("t0 (2)");
        assertThat(c.series()).hasSize(33);
        for (ChartSpec.Series s : c.series()) {
            for (double x : s.x()) assertThat(x).isLessThanOrEqualTo(window / 1e6);
        }
        // a short segment is drawn at least 1/1000 of the window wide
        List<ScheduleLog.Segment> tiny = List.of(new ScheduleLog.Segment(0, 2, "a", 0, 100 * MS), new ScheduleLog.Segment(0, 3, "b", 100 * MS,
                100 * MS + 1000));
        ChartSpec small = GanttChart.of(tiny, "g", "gantt-y", Lang.EN, java.util.Map.of());
        ChartSpec.Series b = small.series().get(1);
        assertThat(b.x()[1] - b.x()[0]).isGreaterThanOrEqualTo(100.001 / 1000 - 1e-9);
        assertThat(small.xTitle()).contains("2 of 2 tasks").doesNotContain("CPUs");
    }

    @Test
    void manyCpusGetIdleRowsForTheBusiestOnlyAndSaySo() {
        // 20 CPUs, CPU c runs task c for c ms from 0 (CPU 0 runs nothing but a 1 ns blip, to exist); the run ends at 19 ms.
        List<ScheduleLog.Segment> segs = new ArrayList<>();
        for (int c = 0; c < 20; c++) segs.add(new ScheduleLog.Segment(c, 100 + c, "t" + c, 0, c == 0 ? 1 : c * MS));
        ChartSpec g = GanttChart.of(segs, "g", "gantt-cpus", Lang.EN, java.util.Map.of());
        assertThat(g.idleRows()).isEqualTo(8);
        assertThat(g.xTitle()).contains("idle time of 8 of 20 CPUs, the busiest");
        // the busiest 8 are CPUs 12..19, in CPU order, after the 20 task rows
        assertThat(g.categories().subList(20, 28)).containsExactly("idle CPU12", "idle CPU13", "idle CPU14", "idle CPU15", "idle CPU16",
                "idle CPU17", "idle CPU18", "idle CPU19");
        // CPU 12 is idle from 12 ms to the end of the run (19 ms); CPU 19 never (no idle bar)
        ChartSpec.Series cpu12 = g.series().get(20);
        assertThat(cpu12.x()).containsExactly(12.0, 19.0, 19.0);
        assertThat(g.series().get(27).y()[0]).isNaN();
    }

    @Test
    void theLegendNamesExactlyTheShadesOfTheBars(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // three tasks round robin on one CPU with a gap: bars of three rows, idle time on the CPU row
        List<ScheduleLog.Segment> segs = List.of(new ScheduleLog.Segment(0, 2, "a", 0, MS), new ScheduleLog.Segment(0, 3, "b", MS, 2 * MS),
                new ScheduleLog.Segment(0, 4, "c", 3 * MS, 4 * MS), new ScheduleLog.Segment(0, 2, "a", 4 * MS, 5 * MS));
        ChartSpec g = GanttChart.of(segs, "rr (quantum 1ms)", "gantt-shades", Lang.EN, java.util.Map.of("a", new long[] {2 * MS, 6 * MS}));
        ChartRenderer.render(g, dir, List.of(ChartRenderer.Format.SVG));
        String svg = java.nio.file.Files.readString(dir.resolve("gantt-shades.svg"));
        // every bar (a 14-point stroke), the legend's keys included, is one of two shades
        java.util.Set<String> shades = new java.util.TreeSet<>();
        var m = java.util.regex.Pattern.compile("stroke=\"(#[0-9a-f]{6})\"[^>]*stroke-width=\"14\"").matcher(svg);
        while (m.find()) shades.add(m.group(1));
        assertThat(shades).containsExactlyInAnyOrder(hex(ChartKinds.GANTT_RUNNING), hex(ChartKinds.GANTT_IDLE));
        // and the legend names them, and the deadline marks (one inside the 5 ms run: 2 ms; 6 ms is past it)
        List<String> texts = ChartLabelsTest.labels(dir.resolve("gantt-shades.svg")).stream().map(ChartLabelsTest.Label::text).toList();
        assertThat(texts).contains("running", "idle", "deadline", "rr (quantum 1ms)");
        ChartSpec.Series marks = g.series().get(g.series().size() - 1);
        assertThat(marks.name()).isEqualTo("deadline");
        assertThat(marks.x()).containsExactly(2.0, 2.0, 2.0);
        assertThat(marks.y()[0]).isEqualTo(0.42); // row 0 ("a"), from just below its top to just above its bottom
        assertThat(marks.y()[1]).isEqualTo(-0.42);
    }

    private static String hex(java.awt.Color c) {
        return String.format("#%06x", c.getRGB() & 0xffffff);
    }

    @Test
    void switchesBetweenTasksAreNotDrawnAsIdleButRealIdleTimeIsAtItsWidth() {
        // One CPU, 990 segments of 1 ms separated by 2 us switches, then 10 ms idle, then one more
        // segment: a window of about 1,003 ms, so about 1 ms a pixel.
        List<ScheduleLog.Segment> segs = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 990; i++) {
            segs.add(new ScheduleLog.Segment(0, 2 + i % 2, "t" + i % 2, t, t + MS));
            t += MS + 2_000;
        }
        long idleFrom = t - 2_000; // the end of the last segment: 990 x 1.002 ms - 2 us = 991.978 ms
        segs.add(new ScheduleLog.Segment(0, 2, "t0", idleFrom + 10 * MS, idleFrom + 11 * MS));
        ChartSpec g = GanttChart.of(segs, "g", "gantt-busy", Lang.EN, java.util.Map.of());
        ChartSpec.Series idle = g.series().get(2); // rows t0, t1, then the CPU's idle row
        assertThat(idle.name()).isEqualTo("idle CPU0");
        // one idle piece only: the 10 ms gap, drawn exactly (x in ms), not the 989 switches of 2 us
        assertThat(idle.x()).containsExactly(idleFrom / 1e6, (idleFrom + 10 * MS) / 1e6, (idleFrom + 10 * MS) / 1e6);
    }

    @Test
    void anExperimentsPeriodicTasksHaveTheirDeadlinesMarked() {
        // one periodic task, 1 ms of work every 10 ms, due 8 ms after each release, for 45 ms:
        // deadlines at 8, 18, 28, 38 ms (48 is past the horizon); the plain task has none
        var x = dev.procsim.workload.ExperimentParser.parse("rt.yaml", """
                name: rt
                horizon: 45ms
                compare: {scheduler: [edf]}
                workload:
                  processes:
                    - {name: video, program: [{periodic: {period: 10ms, wcet: 1ms, deadline: 8ms}}]}
                    - {name: batch, program: [{compute: 3ms}]}
                """, java.nio.file.Path.of("."));
        var r = dev.procsim.report.run.ExperimentRunner.run(x, 1, 1, 1, i -> {}, new java.util.concurrent.atomic.AtomicBoolean());
        ChartSpec g = Charts.build(r, dev.procsim.report.stats.Aggregate.of(r), Lang.EN).stream()
                .filter(c -> c.kind() == ChartSpec.Kind.GANTT).findFirst().orElseThrow();
        ChartSpec.Series marks = g.series().get(g.series().size() - 1);
        assertThat(marks.name()).isEqualTo("deadline");
        int videoRow = g.categories().indexOf(g.categories().stream().filter(c -> c.startsWith("video")).findFirst().orElseThrow());
        List<Double> at = new ArrayList<>();
        for (int i = 0; i < marks.x().length; i += 3) {
            assertThat(marks.y()[i]).isEqualTo(-videoRow + 0.42);
            at.add(marks.x()[i]);
        }
        assertThat(at).containsExactly(8.0, 18.0, 28.0, 38.0);
    }
}

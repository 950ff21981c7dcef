package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.RandomStreams;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.run.Progress;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line inside a run: the run's real simulated time and events, and "task" or "tasks". */
class ProgressLineTest {
    @TempDir
    Path dir;

    /** A run of the experiment in {@code yaml}, seen from another thread as the progress line sees it, after {@code until} ns. */
    ExperimentRunner.LiveRun runInAnotherThread(String yaml) throws Exception {
        Experiment x = ExperimentParser.read(Files.writeString(dir.resolve("x.yaml"), yaml));
        Experiment.Point p = x.points().get(0);
        Experiment.Instance in = x.resolve(p, 0).start(new RandomStreams(x.seed(), 0));
        ExperimentRunner.LiveRun live = new ExperimentRunner.LiveRun(0, p.label(), 0, in, System.nanoTime() - 1_000_000_000L);
        Thread t = new Thread(in::run, "a-run");
        t.start();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        return live;
    }

    /** The line Progress prints for one run in progress (it prints once the job has taken a second). */
    static String line(ExperimentRunner.LiveRun live) throws InterruptedException {
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), 1, false);
        Thread.sleep(1_100);
        p.live(List.of(live));
        return s.toString().strip();
    }

    /** A few dozen events over 4 s: far fewer than the thousands after which the loop publishes its clock itself. */
    static final String FEW_EVENTS = "name: few\nhorizon: 4s\ncosts: none\nworkload:\n  processes:\n"
            + "    - {name: a, program: [{compute: 10s}]}\n    - {name: b, program: [{repeat: {times: 20, do: [{compute: 1ms}, {sleep: 50ms}]}}]}\n";

    @Test
    void aRunWithFewEventsShowsItsSimulatedTimeAndEvents() throws Exception {
        ExperimentRunner.LiveRun live = runInAnotherThread(FEW_EVENTS);
        assertThat(live.events()).isPositive().isLessThan(4096);
        assertThat(live.simulatedNanos()).isPositive();
        String l = line(live);
        assertThat(l).startsWith("procsim: 0/1 runs done; run 0 (")
                .containsPattern("rep 0\\): [0-9.]+ (ms|s) of 4\\.00 s \\([0-9]+%\\), [0-9.]+ k? ?events/s, [0-9,]+ tasks? alive")
                .doesNotContain("0.0 us", " 0 events/s");
    }

    @Test
    void oneTaskIsSingular() throws Exception {
        String yaml = "name: one\nhorizon: 1s\ncosts: none\nworkload:\n  processes:\n    - {name: a, program: [{compute: 5ms}]}\n"; // a has exited: init is left
        ExperimentRunner.LiveRun live = runInAnotherThread(yaml);
        String l = line(live);
        assertThat(live.tasksAlive()).isEqualTo(1);
        assertThat(l).endsWith(", 1 task alive");
    }

    /**
     * The last run ends while the watch reads the runs: the collection still said it was not
     * empty, its iterator finds nothing. The line shows no run, and no error reaches the user
     * (it did: "the progress and memory watch failed ... NoSuchElementException").
     */
    @Test
    void aRunEndingWhileTheLineIsMadeIsNoError() {
        java.util.Collection<ExperimentRunner.LiveRun> endedMeanwhile = new java.util.AbstractCollection<>() {
            @Override
            public boolean isEmpty() {
                return false; // as it was when asked
            }

            @Override
            public int size() {
                return 0;
            }

            @Override
            public java.util.Iterator<ExperimentRunner.LiveRun> iterator() {
                return java.util.Collections.emptyIterator(); // the run ended before the look
            }
        };
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), 1, false);
        org.assertj.core.api.Assertions.assertThatCode(() -> p.live(endedMeanwhile)).doesNotThrowAnyException();
        assertThat(s.toString()).doesNotContain("run 0");
    }
}

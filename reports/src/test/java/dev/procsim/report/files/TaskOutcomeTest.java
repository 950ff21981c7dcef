package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.BlockReason;
import dev.procsim.kernel.TaskName;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.kernel.TaskState;
import dev.procsim.report.job.ExperimentJobTest;
import dev.procsim.report.run.RunSummary;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tasks.csv's outcome in two columns: the state word, and the status, signal or block reason that goes with it. */
class TaskOutcomeTest {
    @TempDir
    Path dir;

    /** A task record in {@code state}; {@code arrival} orders the rows, {@code migrations} marks the column after the outcome. */
    static TaskRecord task(long arrival, TaskState state, int exitStatus, BlockReason reason, int migrations) {
        return new TaskRecord(TaskName.of("t" + arrival), 10 + (int) arrival, 10 + (int) arrival, 1, 10 + (int) arrival, "p", arrival, -1, -1,
                0, 0, 0, 0, 0, 0, migrations, 0, 0, exitStatus, state, reason, null);
    }

    static List<String> split(TaskRecord t) {
        return List.of(TaskOutcome.word(t), TaskOutcome.detail(t));
    }

    @Test
    void exitedTasksGiveTheirStatusAndSignalledOnesTheSignal() {
        assertThat(split(task(0, TaskState.ZOMBIE, 0, BlockReason.NONE, 0))).containsExactly("exit", "0");
        assertThat(split(task(0, TaskState.DEAD, 0, BlockReason.NONE, 0))).containsExactly("exit", "0");
        assertThat(split(task(0, TaskState.DEAD, 3, BlockReason.NONE, 0))).containsExactly("exit", "3");
        assertThat(split(task(0, TaskState.ZOMBIE, 127, BlockReason.NONE, 0))).containsExactly("exit", "127");
        // 128 + signal: SIGKILL 9, SIGPIPE 13, SIGTERM 15
        assertThat(split(task(0, TaskState.DEAD, 137, BlockReason.NONE, 0))).containsExactly("killed", "9");
        assertThat(split(task(0, TaskState.ZOMBIE, 141, BlockReason.NONE, 0))).containsExactly("killed", "13");
        assertThat(split(task(0, TaskState.DEAD, 143, BlockReason.NONE, 0))).containsExactly("killed", "15");
    }

    @Test
    void blockedTasksGiveTheReasonInLowerCase() {
        Map<BlockReason, String> byHand = Map.of(BlockReason.NONE, "none", BlockReason.IO, "io", BlockReason.SLEEP, "sleep", BlockReason.WAIT,
                "wait", BlockReason.VFORK, "vfork", BlockReason.JOIN, "join", BlockReason.PIPE_FULL, "pipe_full", BlockReason.PIPE_EMPTY,
                "pipe_empty");
        assertThat(byHand.keySet()).as("a new block reason needs its detail here").containsExactlyInAnyOrder(BlockReason.values());
        for (var e : byHand.entrySet()) {
            assertThat(split(task(0, TaskState.BLOCKED, 0, e.getKey(), 0))).containsExactly("blocked", e.getValue());
        }
    }

    @Test
    void otherStatesHaveNoDetail() {
        assertThat(split(task(0, TaskState.NEW, 0, BlockReason.NONE, 0))).containsExactly("not_started", "");
        assertThat(split(task(0, TaskState.STOPPED, 0, BlockReason.NONE, 0))).containsExactly("stopped", "");
        assertThat(split(task(0, TaskState.READY, 0, BlockReason.NONE, 0))).containsExactly("running", "");
        assertThat(split(task(0, TaskState.RUNNING, 0, BlockReason.NONE, 0))).containsExactly("running", "");
        // a status or reason left on a task that is not exited or blocked is not shown
        assertThat(split(task(0, TaskState.STOPPED, 137, BlockReason.SLEEP, 0))).containsExactly("stopped", "");
    }

    /** Every state is covered above, so a new one cannot reach tasks.csv without a test. */
    @Test
    void everyStateIsTested() {
        Set<TaskState> tested = EnumSet.of(TaskState.ZOMBIE, TaskState.DEAD, TaskState.BLOCKED, TaskState.NEW, TaskState.STOPPED, TaskState.READY,
                TaskState.RUNNING);
        assertThat(tested).containsExactlyInAnyOrder(TaskState.values());
    }

    /** In tasks.csv: the two cells stand under outcome and outcome_detail, and migrations still under its own header. */
    @Test
    void tasksCsvRowsHaveTheTwoCellsUnderTheirHeaders() throws Exception {
        Experiment x = ExperimentParser.parse("small.yaml", ExperimentJobTest.SMALL, dir);
        RunSummary s = new RunSummary(x.points().get(0), 0, "no_events", Map.of(), List.of(), List.of());
        s.tasks = List.of(task(3, TaskState.BLOCKED, 0, BlockReason.PIPE_EMPTY, 4), task(1, TaskState.ZOMBIE, 0, BlockReason.NONE, 1),
                task(2, TaskState.DEAD, 137, BlockReason.NONE, 0), task(4, TaskState.RUNNING, 0, BlockReason.NONE, 7));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TextOut out = new TextOut(bytes)) {
            ResultWriter.appendTasks(s, x, out);
        }
        String header = "run,replication," + String.join(",", ResultWriter.factorNames(x)) + ResultWriter.TASKS_COLUMNS.trim();
        List<String> columns = Arrays.asList(header.split(","));
        int outcome = columns.indexOf("outcome"), detail = columns.indexOf("outcome_detail"), migrations = columns.indexOf("migrations");
        assertThat(detail).isEqualTo(outcome + 1);
        List<List<String>> got = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] c = line.split(",", -1);
            assertThat(c).hasSize(columns.size());
            got.add(List.of(c[columns.indexOf("name")], c[outcome], c[detail], c[migrations]));
        }
        // in order of arrival
        assertThat(got).containsExactly(List.of("t1", "exit", "0", "1"), List.of("t2", "killed", "9", "0"), List.of("t3", "blocked", "pipe_empty", "4"),
                List.of("t4", "running", "", "7"));
    }
}

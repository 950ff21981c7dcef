package dev.procsim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.Task;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.sched.SchedulerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskListCsvTest {
    static Kernel run(Workload w, String scheduler, Map<String, String> params) {
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create(scheduler, params), new FixedCostMemory(),
                w.programs(), new RandomStreams(1));
        w.addTo(k);
        k.run(SimTime.NEVER);
        return k;
    }

    static long waiting(Kernel k, String name, long unit) {
        return k.metrics().tasks().stream().filter(t -> t.name().equals(name)).findFirst().map(TaskRecord::waiting).orElseThrow() / unit;
    }

    @Test
    void textbookFileRunsTheValidationCase(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s1.csv");
        Files.writeString(f, "# Silberschatz S1\nname,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n");
        Workload w = TaskListCsv.read(f);
        assertThat(w.unit()).isEqualTo("ms");
        Kernel k = run(w, "fcfs", Map.of());
        assertThat(waiting(k, "P1", SimTime.MS)).isZero();
        assertThat(waiting(k, "P2", SimTime.MS)).isEqualTo(24);
        assertThat(waiting(k, "P3", SimTime.MS)).isEqualTo(27);
    }

    @Test
    void unitsAndFractionsConvertExactly() {
        Workload w = TaskListCsv.parse("t.csv", "# unit: us\nname, arrival, burst, priority, nice\nA, 0.5, 1.2345, 2, -5\nB, 0.1, 3, , \n");
        ProcessSpec a = w.processes().get(0);
        assertThat(a.at()).isEqualTo(500); // 0.5 us
        assertThat(a.priority()).isEqualTo(2);
        assertThat(a.nice()).isEqualTo(-5);
        assertThat(w.processes().get(1).at()).isEqualTo(100); // 0.1 us: exact, no binary rounding
        Kernel k = run(w, "fcfs", Map.of());
        // 1.2345 us = 1234.5 ns: rounded to the nearest ns, half up.
        assertThat(k.metrics().tasks().stream().filter(t -> t.name().equals("A")).findFirst().orElseThrow().cpuTime()).isEqualTo(1235);
        assertThat(TaskListCsv.parse("t.csv", "# unit: s\nname,arrival,burst\nA,0,1.5\n").processes()).hasSize(1);
    }

    @Test
    void ioEveryAndIoTimeSplitTheBurst() {
        // burst 10 = 4 + 4 + 2 with 2 ms of I/O after each of the first two pieces: alone on the
        // CPU it finishes at 14 ms with 10 ms of CPU and 4 ms blocked.
        Workload w = TaskListCsv.parse("t.csv", "name,arrival,burst,io_every,io_time\nA,0,10,4,2\nB,0,8,8,5\n");
        Kernel k = run(w, "fcfs", Map.of());
        TaskRecord a = k.metrics().tasks().stream().filter(t -> t.name().equals("A")).findFirst().orElseThrow();
        assertThat(a.cpuTime()).isEqualTo(10 * SimTime.MS);
        assertThat(a.blocked()).isEqualTo(4 * SimTime.MS);
        // B's io_every equals its burst: no I/O at all.
        TaskRecord b = k.metrics().tasks().stream().filter(t -> t.name().equals("B")).findFirst().orElseThrow();
        assertThat(b.blocked()).isZero();
        // FCFS: A 0-4, B 4-12 (A's I/O ends at 6 but B holds the CPU), A 12-16, I/O 16-18, A 18-20.
        assertThat(a.finish()).isEqualTo(20 * SimTime.MS);
    }

    @Test
    void errorsNameFileLineColumnAndFieldAndAreAllReported() {
        String text = "name,arival,brust\nA,0,1\n";
        assertThatThrownBy(() -> TaskListCsv.parse("tasks.csv", text))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("tasks.csv:1:6: unknown column 'arival' (did you mean 'arrival'?)")
                .hasMessageContaining("tasks.csv:1:13: unknown column 'brust' (did you mean 'burst'?)")
                .hasMessageContaining("missing column 'arrival'");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> TaskListCsv.parse("tasks.csv",
                "name,arrival,burst\nA,0,abc\nB,-1,2\nC,0,0\nA,1,1\nD,1\nE,1,1,1\n"));
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "tasks.csv:2:5: burst: expected a non-negative number (ms), found 'abc'",
                "tasks.csv:3:3: arrival: expected a non-negative number (ms), found '-1'",
                "tasks.csv:4:5: burst: must be greater than 0, found '0'",
                "tasks.csv:5:1: name: task 'A' appears twice",
                "tasks.csv:6: expected 3 cells as in the header, found 2",
                "tasks.csv:7: expected 3 cells as in the header, found 4");
        assertThatThrownBy(() -> TaskListCsv.parse("t.csv", "# unit: parsecs\nname,arrival,burst\nA,0,1\n"))
                .hasMessageContaining("t.csv:1:9: unit: expected one of ns, us, ms, s, min, found 'parsecs'");
        assertThatThrownBy(() -> TaskListCsv.parse("t.csv", "name,arrival,burst,nice\nA,0,1,25\n"))
                .hasMessageContaining("t.csv:2:7: nice: expected a whole number in [-20, 19], found 25");
        assertThatThrownBy(() -> TaskListCsv.parse("t.csv", "")).hasMessageContaining("no header line");
        assertThatThrownBy(() -> TaskListCsv.parse("t.csv", "name,arrival,burst\n")).hasMessageContaining("no tasks");
        assertThatThrownBy(() -> TaskListCsv.read(Path.of("/nonexistent/tasks.csv"))).hasMessageContaining("/nonexistent/tasks.csv: does not exist");
    }

    @Test
    void aValueTooLargeIsSaidToBeSoWithTheLargestAcceptedInTheFilesUnit() {
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> TaskListCsv.parse("t.csv",
                "name,arrival,burst\nA,0,9223372036854775808\nB,0,1e400\nC,9223372036854775808,1\n"));
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "t.csv:2:5: burst: expected at most 9223372036854.775806 ms (about 292 years), found '9223372036854775808', which is too large",
                "t.csv:3:5: burst: expected at most 9223372036854.775806 ms (about 292 years), found '1e400', which is too large",
                "t.csv:4:3: arrival: expected at most 9223372036854.775806 ms (about 292 years), found '9223372036854775808', which is too large");
        // in the file's unit; the largest stated is accepted, one nanosecond more is not
        assertThatThrownBy(() -> TaskListCsv.parse("t.csv", "# unit: s\nname,arrival,burst\nA,0,9223372036.854775807\n"))
                .hasMessage("t.csv:3:5: burst: expected at most 9223372036.854775806 s (about 292 years), found '9223372036.854775807',"
                        + " which is too large");
        assertThat(TaskListCsv.parse("t.csv", "# unit: s\nname,arrival,burst\nA,9223372036.854775806,1\n").processes().get(0).at())
                .isEqualTo(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> RealtimeCsv.parse("rt.csv", "# unit: us\nname,period,wcet\nA,1e400,1\n"))
                .hasMessage("rt.csv:3:3: period: expected at most 9223372036854775.806 us (about 292 years), found '1e400', which is too large");
    }

    @Test
    void aWholeNumberBeyondItsTypeIsSaidToBeTooLargeOrSmallWithTheRange() {
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> TaskListCsv.parse("t.csv",
                "name,arrival,burst,priority,nice\nA,0,1,99999999999,0\nB,0,1,0,-99999999999\nC,0,1,1.5,0\n"));
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "t.csv:2:7: priority: expected a whole number in [-2147483648, 2147483647], found 99999999999, which is too large",
                "t.csv:3:9: nice: expected a whole number in [-20, 19], found -99999999999, which is too small",
                "t.csv:4:7: priority: expected a whole number, found '1.5'");
    }

    @Test
    void aFileWithManyBadRowsListsTheFirstTwentyAndCountsTheRest() {
        StringBuilder text = new StringBuilder("name,arrival,burst\n");
        for (int i = 0; i < 10_000; i++) text.append('P').append(i).append(",0,").append(i % 10 == 3 ? "0" : "1").append('\n');
        // 1,000 bad rows: P3 on line 5, P13 on line 15, ...
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> TaskListCsv.parse("t.csv",
                text.toString()));
        assertThat(e.errors()).hasSize(21);
        assertThat(e.errors().get(0)).hasToString("t.csv:5:6: burst: must be greater than 0, found '0'");
        assertThat(e.errors().get(19)).hasToString("t.csv:195:8: burst: must be greater than 0, found '0'");
        assertThat(e.errors().get(20)).hasToString("t.csv: ... and 980 more errors (only the first 20 of a file are listed)");
        assertThat(e.getMessage().lines()).hasSize(21).last().isEqualTo(e.errors().get(20).toString());
        // errors found while splitting lines are capped alike
        InputException cells = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> TaskListCsv.parse("t.csv",
                "name,arrival,burst\n" + "A,0\n".repeat(100)));
        assertThat(cells.getMessage().lines()).hasSize(21).first().isEqualTo("t.csv:2: expected 3 cells as in the header, found 2");
        assertThat(cells.getMessage().lines()).last().isEqualTo("t.csv: ... and 80 more errors (only the first 20 of a file are listed)");
    }

    @Test
    void realtimeFileRunsR3() {
        Workload w = RealtimeCsv.parse("rt.csv", "name,period,wcet\nT1,10,3\nT2,20,6\nT3,40,12\n");
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create("rm"), new FixedCostMemory(), w.programs(), new RandomStreams(1));
        List<Task> ts = w.processes().stream().map(k::addProcess).toList();
        k.run(400 * SimTime.MS);
        assertThat(ts).extracting(t -> t.realtime().responseMax() / SimTime.MS).containsExactly(3L, 9L, 36L);
        assertThat(ts).extracting(t -> t.realtime().missed()).containsOnly(0L);
    }

    @Test
    void realtimeOptionalColumns() {
        Workload w = RealtimeCsv.parse("rt.csv", "# unit: us\nname,period,wcet,deadline,offset\nA,1000,100,500,250\nB,2000,1,,\n");
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create("edf"), new FixedCostMemory(), w.programs(), new RandomStreams(1));
        List<Task> ts = w.processes().stream().map(k::addProcess).toList();
        k.run(10 * SimTime.MS);
        // A: releases at 250 us, 1250 us, ... up to 9250 us: 10 jobs; deadline 500 us after each.
        assertThat(ts.get(0).realtime().released()).isEqualTo(10);
        assertThat(ts.get(0).relativeDeadline()).isEqualTo(500 * SimTime.US);
        assertThat(ts.get(1).relativeDeadline()).isEqualTo(2000 * SimTime.US);
        assertThatThrownBy(() -> RealtimeCsv.parse("rt.csv", "name,period,wcet,dedline\nA,10,1,5\n"))
                .hasMessageContaining("rt.csv:1:18: unknown column 'dedline' (did you mean 'deadline'?)");
    }
}

package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --param on schedule and realtime, realtime --gantt, and PDF Gantt charts. */
class SchedulerParamsCliTest {
    @TempDir
    Path dir;

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void mlfqParametersFromTheCommandLineInTheTaskListsUnit() throws IOException {
        // mlfq.py -Q 3,6,12 -A 2,2,2 -B 10 -l 13,27,0:25,2,0, worked by hand (MlfqRulesTest): J0 turnaround
        // 29, J1 response 1 and turnaround 3; bare numbers in the file's unit (ms).
        Path f = file("m.csv", "name,arrival,burst\nJ0,13,27\nJ1,25,2\n");
        CliTest.Out o = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "mlfq", "--param", "quanta=3,6,12",
                "--param", "allotments=2,2,2", "--param", "boost=10", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode t = CliTest.json(o.out()).get("tasks");
        assertThat(t.get(0).get("turnaround").asDouble()).isEqualTo(29);
        assertThat(t.get(1).get("response").asDouble()).isEqualTo(1);
        assertThat(t.get(1).get("turnaround").asDouble()).isEqualTo(3);
        // with the boost off (boost=0, as mlfq.py -B 0): J0 runs 13-19 on top, 19-25 in the middle; J1
        // arrives on top at 25 as that quantum ends: J1 25-27, turnaround 2
        CliTest.Out never = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "mlfq", "--param", "quanta=3,6,12",
                "--param", "allotments=2,2,2", "--param", "boost=0", "--format", "json");
        assertThat(CliTest.json(never.out()).get("tasks").get(1).get("turnaround").asDouble()).isEqualTo(2);
    }

    @Test
    void badParametersAreUsageErrorsWithSuggestions() throws IOException {
        Path f = file("t.csv", "name,arrival,burst\nA,0,5\n");
        CliTest.Out typo = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "mlfq", "--param", "boots=1s");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("no parameter 'boots'").contains("did you mean 'boost'").contains("io_bump");
        CliTest.Out noValue = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "rr", "--param", "quantum");
        assertThat(noValue.status()).isEqualTo(2);
        assertThat(noValue.err()).contains("NAME=VALUE");
        CliTest.Out twice = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "rr", "--quantum", "2", "--param", "quantum=3");
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains("given twice");
        CliTest.Out badValue = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "cfs", "--param", "latency=soon");
        assertThat(badValue.status()).isEqualTo(2);
        assertThat(badValue.err()).contains("cfs.latency");
        CliTest.Out none = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "fcfs", "--param", "quantum=2");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("its parameters: none");
    }

    @Test
    void timeSharingPresetAndCfsTunablesFromTheCommandLine() throws IOException {
        // Two 100 ms hogs under round robin with a 50 ms quantum: A 0-50, B 50-100, A 100-150, B 150-200.
        Path f = file("t.csv", "name,arrival,burst\nA,0,100\nB,0,100\n");
        JsonNode rr = CliTest.json(CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "rr", "--param", "quantum=50",
                "--format", "json").out());
        assertThat(rr.get("tasks").get(0).get("finish").asDouble()).isEqualTo(150);
        assertThat(rr.get("tasks").get(1).get("finish").asDouble()).isEqualTo(200);
        CliTest.Out preset = CliTest.run("schedule", "--tasks", f.toString(), "--scheduler", "time-sharing", "--param", "preset=bsd");
        assertThat(preset.status()).as(preset.err()).isZero();
        assertThat(preset.out()).startsWith("time-sharing (preset=bsd)");
    }

    @Test
    void realtimeTakesParametersAndDrawsItsGanttChart() throws IOException {
        // A (10, 10) under edf with abort-at-deadline through --param: every job ends at its deadline and meets it.
        Path f = file("rt.csv", "name,period,wcet\nA,10,10\n");
        CliTest.Out o = CliTest.run("realtime", "--tasks", f.toString(), "--scheduler", "edf", "--param", "on_miss=abort-at-deadline",
                "--horizon", "100", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode a = CliTest.json(o.out()).get("tasks").get(0);
        assertThat(a.get("completed").asLong()).isEqualTo(10);
        assertThat(a.get("missed").asLong()).isZero();
        for (String ext : new String[] {"png", "svg", "pdf"}) {
            Path g = dir.resolve("g." + ext);
            CliTest.Out drawn = CliTest.run("realtime", "--tasks", f.toString(), "--scheduler", "rm", "--horizon", "40", "--gantt", g.toString());
            assertThat(drawn.status()).as(drawn.err()).isZero();
            assertThat(Files.size(g)).isPositive();
            // drawn again: procsim replaces its own file
            assertThat(CliTest.run("realtime", "--tasks", f.toString(), "--scheduler", "rm", "--horizon", "40", "--gantt", g.toString()).status())
                    .isZero();
        }
        byte[] pdf = Files.readAllBytes(dir.resolve("g.pdf"));
        assertThat(new String(pdf, 0, 8, StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        String tail = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(tail).contains("startxref").endsWith("%%EOF\n");
        // a PDF procsim did not write is refused, with nothing changed
        Path foreign = file("mine.pdf", "%PDF-1.4 my thesis\n");
        CliTest.Out refused = CliTest.run("schedule", "--tasks", file("t.csv", "name,arrival,burst\nA,0,5\n").toString(), "--scheduler", "fcfs",
                "--gantt", foreign.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(Files.readString(foreign)).isEqualTo("%PDF-1.4 my thesis\n");
        CliTest.Out wrongType = CliTest.run("realtime", "--tasks", f.toString(), "--scheduler", "rm", "--gantt", dir.resolve("g.jpg").toString());
        assertThat(wrongType.status()).isEqualTo(2);
        assertThat(wrongType.err()).contains(".png, .svg or .pdf");
    }
}

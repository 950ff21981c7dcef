package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.cli.CliTest.Out;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's side of bad input: special files, standard input, units, help and listings. */
class BadInputCliTest {
    @TempDir
    Path dir;

    Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static Out withStdin(String text, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliTest.run(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void standardInputIsReadWithADash() {
        Out o = withStdin("name: piped\nworkload: {processes: [{name: a, program: [{compute: 1ms}]}]}\n", "validate", "-");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("experiment 'piped'");
        o = withStdin("name,arrival,burst\nP1,0,5\nP2,0,3\n", "schedule", "--tasks", "-", "--scheduler", "sjf", "--format", "csv");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("P2,0,3,0,3,0,0,3");
        // and a bad one names standard input
        o = withStdin("name,arrival,brust\n", "schedule", "--tasks", "-", "--scheduler", "fcfs");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("(standard input):1:");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void devicesEndWithAClearError() {
        Out o = CliTest.run("validate", "/dev/zero");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("/dev/zero: is longer than 1000000 characters, the most procsim reads from one file");
        o = CliTest.run("schedule", "--tasks", "/dev/zero", "--scheduler", "fcfs");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("/dev/zero: is longer than").doesNotContain("Exception");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void unwritableGanttAndOutPathsAreOneLineWithExit2() throws IOException {
        Path t = file("t.csv", "name,arrival,burst\nP1,0,5\n");
        Out o = CliTest.run("schedule", "--tasks", t.toString(), "--scheduler", "fcfs", "--gantt", "/proc/x.png");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip().lines()).singleElement().asString().startsWith("procsim: /proc/x.png: cannot write");
        Path x = file("x.yaml", "name: x\ncosts: none\nworkload: {tasks: {file: t.csv}}\n");
        o = CliTest.run("run", x.toString(), "--out", "/proc/x", "--quiet");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip().lines()).singleElement().asString().startsWith("procsim: /proc/x: cannot write");
    }

    @Test
    void missingInputFileIsSaidToBeMissing() {
        Out o = CliTest.run("validate", dir.resolve("nosuch.yaml").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("nosuch.yaml: does not exist");
    }

    @Test
    void aBareQuantumIsInTheTaskListsUnit() throws IOException {
        // rr with quantum 4 (us, from the file) on P1 = 10 us, P2 = 4 us, both at 0: P1 0-4, P2 4-8, P1 8-14
        Path t = file("t.csv", "# unit: us\nname,arrival,burst\nP1,0,10\nP2,0,4\n");
        Out o = CliTest.run("schedule", "--tasks", t.toString(), "--scheduler", "rr", "--quantum", "4", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(o.out());
        List<String> gantt = new ArrayList<>();
        j.get("gantt").forEach(s -> gantt.add(s.get("task").asText() + " " + s.get("start").asText() + "-" + s.get("end").asText()));
        assertThat(gantt).containsExactly("P1 0-4", "P2 4-8", "P1 8-14");
        // a duration with its own unit still means what it says: 4 ms is longer than both bursts
        o = CliTest.run("schedule", "--tasks", t.toString(), "--scheduler", "rr", "--quantum", "4ms", "--format", "json");
        assertThat(new ObjectMapper().readTree(o.out()).get("gantt")).hasSize(2);
    }

    @Test
    void aCappedRealtimeHorizonIsSaidToBe() throws IOException {
        // hyperperiod lcm(7, 1000003, 999983) ms, about 7e12 ms: far beyond 10 million jobs
        Path t = file("rt.csv", "name,period,wcet\nA,7,1\nB,1000003,1\nC,999983,1\n");
        Out o = CliTest.run("realtime", "--tasks", t.toString(), "--scheduler", "edf", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).contains("the hyperperiod (6999901999643 ms) would take too long", "give --horizon");
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertThat(j.get("horizon_capped").asBoolean()).isTrue();
        // at most 10 million jobs: A alone releases horizon / 7 + 1
        assertThat(j.get("totals").get("jobs").asLong()).isLessThanOrEqualTo(10_000_000L + 3);
        // an uncapped default says nothing
        Path small = file("s.csv", "name,period,wcet\nA,4,1\nB,6,2\n");
        o = CliTest.run("realtime", "--tasks", small.toString(), "--scheduler", "edf", "--format", "json");
        assertThat(o.err()).isEmpty();
        assertThat(new ObjectMapper().readTree(o.out()).get("horizon").asLong()).isEqualTo(12);
    }

    @Test
    void bareListListsEverything() {
        Out o = CliTest.run("list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("== schedulers", "== fork-strategies", "== generators", "== profiles", "fcfs:", "cow:", "poisson:",
                "linux-6.18-kvm:");
    }

    /** Every option and parameter says what it is for, in one paragraph that picocli wraps (no line cut mid-sentence). */
    @Test
    void everyHelpTextIsWholeSentences() {
        CommandLine cl = new CommandLine(new Main());
        for (CommandLine sub : cl.getSubcommands().values()) {
            var spec = sub.getCommandSpec();
            if (spec.name().equals("help")) continue; // picocli's own
            for (var a : spec.args()) {
                if (a.hidden()) continue;
                String what = spec.name() + " " + (a instanceof CommandLine.Model.OptionSpec op ? op.longestName() : a.paramLabel());
                assertThat(a.description()).as(what).hasSize(1);
                assertThat(a.description()[0]).as(what).isNotBlank().endsWith(".");
            }
            assertThat(spec.usageMessage().description()).as(spec.name()).hasSizeLessThanOrEqualTo(1);
        }
    }
}

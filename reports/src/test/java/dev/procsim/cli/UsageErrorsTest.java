package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import dev.procsim.workload.ExperimentParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors the command line finds itself: one short line each, exit status 2, never the whole help. */
class UsageErrorsTest {
    @TempDir
    Path dir;
    Path experiment;
    Path tasks;

    @BeforeEach
    void files() throws IOException {
        tasks = Files.writeString(dir.resolve("t.csv"), "name,arrival,burst\nP1,0,5\nP2,1,3\n");
        experiment = Files.writeString(dir.resolve("x.yaml"), "name: x\ncosts: none\nworkload: {tasks: {file: t.csv}}\n");
    }

    /** One line on stderr, nothing on stdout, exit status 2, no usage dump; returns the line. */
    static String oneLine(Out o) {
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).doesNotContain("Usage:", "Exception");
        assertThat(o.err().strip().lines()).as(o.err()).hasSize(1);
        return o.err().strip();
    }

    @Test
    void aMistypedCommandGetsASuggestionInOneLine() {
        assertThat(oneLine(CliTest.run("rn", experiment.toString())))
                .isEqualTo("procsim: unknown command 'rn'; did you mean 'run'? (procsim --help lists the commands)");
        assertThat(oneLine(CliTest.run("shedule"))).contains("unknown command 'shedule'; did you mean 'schedule'?");
        assertThat(oneLine(CliTest.run("valdiate"))).contains("did you mean 'validate'?");
    }

    @Test
    void anUnknownCommandWithoutALikelyMatchListsTheCommands() {
        String line = oneLine(CliTest.run("frobnicate"));
        assertThat(line).startsWith("procsim: unknown command 'frobnicate'; the commands are ")
                .contains("demo", "run", "schedule", "realtime", "validate", "list").doesNotContain("did you mean");
    }

    @Test
    void anExperimentFileWithoutACommandIsPointedToRun() {
        assertThat(oneLine(CliTest.run(experiment.toString()))).contains("unknown command '" + experiment + "'", "procsim run " + experiment);
    }

    @Test
    void anOverflowingWholeNumberSaysTheAcceptedRange() {
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--replications", "99999999999")))
                .isEqualTo("procsim: --replications: 99999999999 is too large; expected a whole number from 1 to "
                        + ExperimentParser.MAX_REPLICATIONS);
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--threads", "99999999999")))
                .isEqualTo("procsim: --threads: 99999999999 is too large; expected a whole number from 1 to 1024");
        assertThat(oneLine(CliTest.run("demo", "--threads", "-99999999999")))
                .isEqualTo("procsim: --threads: -99999999999 is too small; expected a whole number from 1 to 1024");
        assertThat(oneLine(CliTest.run("schedule", "--tasks", tasks.toString(), "--scheduler", "fcfs", "--cpus", "99999999999")))
                .isEqualTo("procsim: --cpus: 99999999999 is too large; expected a whole number from 1 to 4096");
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--seed", "99999999999999999999")))
                .isEqualTo("procsim: --seed: 99999999999999999999 is too large; expected a whole number from " + Long.MIN_VALUE + " to "
                        + Long.MAX_VALUE);
    }

    @Test
    void wholeNumbersOutOfRangeOrNotWholeAreSaidTheSameWay() {
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--replications", "0")))
                .isEqualTo("procsim: --replications: 0 is too small; expected a whole number from 1 to " + ExperimentParser.MAX_REPLICATIONS);
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--replications", "20000")))
                .isEqualTo("procsim: --replications: 20000 is too large; expected a whole number from 1 to " + ExperimentParser.MAX_REPLICATIONS);
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--threads", "2.5")))
                .isEqualTo("procsim: --threads: 2.5 is not a whole number; expected a whole number from 1 to 1024");
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--replications", "ten")))
                .doesNotContain("int", "Integer").contains("--replications: ten is not a whole number");
    }

    @Test
    void otherUsageErrorsAreShortToo() {
        assertThat(oneLine(CliTest.run("run", experiment.toString(), "--replicatoins", "3")))
                .contains("--replicatoins", "--replications", "procsim run --help");
        assertThat(oneLine(CliTest.run("run"))).contains("EXPERIMENT.yaml", "procsim run --help");
    }
}

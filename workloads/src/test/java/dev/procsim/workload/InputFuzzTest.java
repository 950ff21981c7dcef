package dev.procsim.workload;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * Fuzz tests of everything that reads user input. In the normal test run Jazzer replays the seed
 * corpus under {@code src/test/resources/dev/procsim/workload/InputFuzzTestInputs/<method>/}
 * (fast, in CI); run longer by hand with {@code JAZZER_FUZZ=1} (README, "Fuzzing"). The property:
 * any input gives a parsed result or an {@link InputException}, nothing else (no other
 * exception, no hang, no OutOfMemoryError).
 */
class InputFuzzTest {
    private static final Path DIR = Path.of("target", "fuzz-base");

    @FuzzTest(maxDuration = "30s")
    void experimentParser(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        try {
            Experiment x = ExperimentParser.parse("fuzz.yaml", text, DIR);
            // A parsed experiment must also resolve and print canonically without surprises.
            x.canonical();
            if (x.points().size() <= 4) x.resolve(x.points().get(0), 0);
        } catch (InputException expected) {
            if (expected.errors().isEmpty()) throw new AssertionError("an InputException without errors");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void taskListCsv(byte[] input) {
        try {
            TaskListCsv.parse("fuzz.csv", new String(input, java.nio.charset.StandardCharsets.UTF_8));
        } catch (InputException expected) {
            if (expected.errors().isEmpty()) throw new AssertionError("an InputException without errors");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void realtimeCsv(byte[] input) {
        try {
            RealtimeCsv.parse("fuzz.csv", new String(input, java.nio.charset.StandardCharsets.UTF_8));
        } catch (InputException expected) {
            if (expected.errors().isEmpty()) throw new AssertionError("an InputException without errors");
        }
    }
}

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

    /** Raw bytes through the file reader: text within the cap, or an InputException (bad UTF-8, NUL, too long). */
    @FuzzTest(maxDuration = "30s")
    void inputText(byte[] input) throws java.io.IOException {
        try {
            String s = InputText.read(new java.io.ByteArrayInputStream(input), "fuzz", 4096);
            // what was read is the input decoded, less one leading byte-order mark, within the cap, without NUL
            boolean bom = input.length >= 3 && (input[0] & 0xFF) == 0xEF && (input[1] & 0xFF) == 0xBB && (input[2] & 0xFF) == 0xBF;
            String expected = new String(input, bom ? 3 : 0, input.length - (bom ? 3 : 0), java.nio.charset.StandardCharsets.UTF_8);
            if (!s.equals(expected) || s.length() > 4096 || s.indexOf('\0') >= 0) {
                throw new AssertionError("read something else than the input: " + s.length() + " characters");
            }
        } catch (InputException expected) {
            if (expected.errors().isEmpty()) throw new AssertionError("an InputException without errors");
        }
    }
}

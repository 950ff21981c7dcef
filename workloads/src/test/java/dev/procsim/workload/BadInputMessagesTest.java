package dev.procsim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.procsim.kernel.ProcessSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input of the hardening issue gets a message that says what is wrong and where. */
class BadInputMessagesTest {
    @TempDir
    Path dir;

    Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static InputException fails(Runnable r) {
        try {
            r.run();
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError("expected an InputException");
    }

    // ---------------------------------------------------------------- reading: devices, pipes, caps

    @Test
    @EnabledOnOs(OS.LINUX)
    void anEndlessDeviceIsCutAtTheCapNotReadForever() {
        // /dev/zero has size 0 and never ends: the cap applies to what is read
        InputException e = fails(() -> ExperimentParser.read(Path.of("/dev/zero")));
        assertThat(e.getMessage()).isEqualTo("/dev/zero: is longer than 1000000 characters, the most procsim reads from one file");
        assertThat(fails(() -> TaskListCsv.read(Path.of("/dev/zero"))).getMessage()).contains("is longer than");
    }

    @Test
    void aStreamWithinTheCapIsReadWhole() throws IOException {
        // a pipe or standard input: no size known beforehand
        String text = "name,arrival,burst\nP1,0,5\n".repeat(1);
        assertThat(InputText.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "-", 100)).isEqualTo(text);
        InputStream big = new ByteArrayInputStream(new byte[300_000]); // 300,000 characters in 64 KiB reads
        assertThat(fails(() -> {
            try {
                InputText.read(big, "-", 200_000);
            } catch (IOException x) {
                throw new AssertionError(x);
            }
        }).getMessage()).contains("longer than 200000");
    }

    @Test
    void aMissingFileOrAFolderIsSaidInWords() throws IOException {
        assertThat(fails(() -> ExperimentParser.read(dir.resolve("nosuch.yaml"))).getMessage()).endsWith("nosuch.yaml: does not exist");
        assertThat(fails(() -> ExperimentParser.read(dir)).getMessage()).endsWith(": is a folder, not a file");
    }

    // ---------------------------------------------------------------- encodings

    @Test
    void aByteOrderMarkIsAcceptedInCsvAsInYaml() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] csv = "name,arrival,burst\nP1,0,5\n".getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[bom.length + csv.length];
        System.arraycopy(bom, 0, both, 0, 3);
        System.arraycopy(csv, 0, both, 3, csv.length);
        Workload w = TaskListCsv.read(file("bom.csv", both));
        assertThat(w.processes()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo("P1"));
        byte[] rt = "name,period,wcet\nA,10,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] rtBom = new byte[3 + rt.length];
        System.arraycopy(bom, 0, rtBom, 0, 3);
        System.arraycopy(rt, 0, rtBom, 3, rt.length);
        assertThat(RealtimeCsv.read(file("rt.csv", rtBom)).processes()).hasSize(1);
    }

    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLineAndColumn() throws IOException {
        // Latin-1 'é' (0xE9) in "Pé" at line 3, column 2
        byte[] b = "name,arrival,burst\nP1,0,5\nP\u00e9,1,3\n".getBytes(StandardCharsets.ISO_8859_1);
        InputException e = fails(() -> TaskListCsv.read(pathOf("latin1.csv", b)));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(3);
            assertThat(err.column()).isEqualTo(2);
            assertThat(err.message()).contains("0xE9", "UTF-8");
        });
    }

    @Test
    void aNulByteIsReportedWhereItIs() throws IOException {
        byte[] b = "name: x\nseed: 1\u0000\nworkload: {}\n".getBytes(StandardCharsets.UTF_8);
        InputException e = fails(() -> ExperimentParser.read(pathOf("nul.yaml", b)));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(2);
            assertThat(err.column()).isEqualTo(8);
            assertThat(err.message()).contains("NUL");
        });
    }

    private Path pathOf(String name, byte[] b) {
        try {
            return file(name, b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- files named by an experiment

    @Test
    void aMissingOrFolderTaskFileIsReportedAtItsYamlKey() throws IOException {
        Files.createDirectories(dir.resolve("afolder"));
        for (String[] c : new String[][] {{"tasks", "none.csv", "does not exist"}, {"periodic", "afolder", "is a folder, not a file"}}) {
            Path x = file("x.yaml", "name: x\nworkload:\n  " + c[0] + ": {file: " + c[1] + "}\n");
            InputException e = fails(() -> ExperimentParser.read(x));
            assertThat(e.errors()).singleElement().satisfies(err -> {
                assertThat(err.file()).endsWith("x.yaml");
                assertThat(err.line()).isEqualTo(3);
                assertThat(err.field()).isEqualTo("workload." + c[0] + ".file");
                assertThat(err.message()).contains(c[1]).endsWith(c[2]).doesNotContain("Exception");
            });
        }
    }

    // ---------------------------------------------------------------- parameters and sweeps

    @Test
    void parametersReferringToEachOtherAreSaidToBeSo() throws IOException {
        Path x = file("p.yaml", "name: p\nparams: {a: '${b}', b: '${a}'}\nworkload:\n  processes:\n"
                + "    - {name: x, program: [{compute: '${a}'}]}\n");
        InputException e = fails(() -> ExperimentParser.read(x));
        assertThat(e.errors()).hasSize(2).allSatisfy(err -> assertThat(err.message())
                .startsWith("a parameter cannot refer to another parameter").doesNotContain("unknown parameter"));
        assertThat(e.errors()).extracting(InputError::field).containsExactly("params.a", "params.b");
    }

    @Test
    void aSweepBeyondTheLimitIsOneErrorWithoutBogusUnknownParameters() throws IOException {
        StringBuilder y = new StringBuilder("name: s\nsweep:\n");
        StringBuilder prog = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            y.append("  p").append(i).append(": [1ms, 2ms, 3ms, 4ms, 5ms]\n");
            prog.append(i == 0 ? "" : ", ").append("{compute: '${p").append(i).append("}'}");
        }
        y.append("workload:\n  processes:\n    - {name: x, program: [").append(prog).append("]}\n");
        InputException e = fails(() -> ExperimentParser.read(pathOf("s.yaml", y.toString().getBytes(StandardCharsets.UTF_8))));
        // 5^6 = 15,625 points: the sixth list crosses 10,000
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("sweep.p5");
            assertThat(err.message()).contains("more than 10000 points");
        });
    }

    // ---------------------------------------------------------------- YAML features not supported

    @Test
    void anchorsAliasesAndMergeKeysAreRefusedByName() throws IOException {
        Path x = file("a.yaml", "name: a\nworkload:\n  programs:\n    w: &w [{compute: 1ms}]\n  processes:\n"
                + "    - {name: x, program: *w}\n    - <<: {name: y}\n      program: [{compute: 1ms}]\n");
        InputException e = fails(() -> ExperimentParser.read(x));
        assertThat(e.errors()).hasSize(2);
        assertThat(e.errors().get(0).line()).isEqualTo(6);
        assertThat(e.errors().get(0).message()).contains("YAML aliases ('*w') are not supported");
        assertThat(e.errors().get(1).line()).isEqualTo(7);
        assertThat(e.errors().get(1).message()).contains("YAML merge keys ('<<') are not supported");
        assertThat(e.getMessage()).doesNotContain("no program named", "unknown key");
    }

    // ---------------------------------------------------------------- numbers, durations, names

    static final String WORKLOAD = "workload:\n  processes:\n    - {name: x, program: [{compute: 1ms}]}\n";

    InputException failsToParse(String yaml) {
        return fails(() -> ExperimentParser.parse("x.yaml", yaml, dir));
    }

    @Test
    void theReportsMetricsAreCheckedWhereTheyAreWritten() {
        // line 4 is "report: {metrics: [...]}": "[" at column 19, so the unknown name starts at column 33 and the repeated one at 45
        String yaml = WORKLOAD + "report: {metrics: [page_copies, page_copys, page_copies]}\n";
        assertThat(failsToParse(yaml).getMessage()).isEqualTo("x.yaml:4:33: report.metrics[1]: expected a metric of summary.csv (such as "
                + "page_copies, mean_response_ns, deadline_misses), found 'page_copys' (did you mean 'page_copies'?)\n"
                + "x.yaml:4:45: report.metrics[2]: 'page_copies' is named twice");
        Experiment x = ExperimentParser.parse("x.yaml", WORKLOAD + "report: {metrics: [deadline_misses, page_copies]}\n", dir);
        assertThat(x.reportMetrics()).containsExactly("deadline_misses", "page_copies");
        // written back into the resolved experiment.yaml, and read again the same
        assertThat(x.canonical()).contains("metrics:");
        assertThat(ExperimentParser.parse("y.yaml", x.canonical(), dir).reportMetrics()).containsExactly("deadline_misses", "page_copies");
    }

    @Test
    void aWholeNumberTooLargeForAnyFieldIsSaidToBeSoWithTheRange() {
        assertThat(failsToParse("replications: 9223372036854775808\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:15: replications: expected a whole number in [1, 10000], found 9223372036854775808, which is too large");
        assertThat(failsToParse("seed: -9223372036854775809\n" + WORKLOAD).getMessage()).isEqualTo("x.yaml:1:7: seed: expected a whole"
                + " number in [-9223372036854775808, 9223372036854775807], found -9223372036854775809, which is too small");
        assertThat(failsToParse("kernel: {pid_max: 1e400}\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:19: kernel.pid_max: expected a whole number in [301, 4194304], found 1e400, which is too large");
        assertThat(failsToParse("replications: 1.5\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:15: replications: expected a whole number, found '1.5'");
    }

    @Test
    void aDurationThatIsNotANumberIsOneSentenceSayingWhy() throws IOException {
        InputException e = failsToParse("workload:\n  processes:\n    - {name: x, program: [{sleep: NaNms}, {sleep: infms}, {compute: -5ms}]}\n");
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "x.yaml:3:35: workload.processes[0].program[0].sleep: expected a duration like 250us, 10ms or 2s, found 'NaNms': not a number",
                "x.yaml:3:51: workload.processes[0].program[1].sleep: expected a duration like 250us, 10ms or 2s, found 'infms':"
                        + " a duration must be finite; the largest accepted is 9223372036854.775806ms (about 292 years)",
                "x.yaml:3:69: workload.processes[0].program[2].compute: a duration must not be negative, found '-5ms';"
                        + " expected 0 or more, like 250us, 10ms or 2s");
        // a file of values for an empirical distribution: its own line and column, said once too
        Path values = file("v.txt", "1ms\n  Infinityms\n");
        InputException v = failsToParse("workload:\n  processes:\n    - {name: x, program: [{compute: {empirical: v.txt}}]}\n");
        assertThat(v.getMessage()).isEqualTo(values + ":2:3: expected a duration like 250us, 10ms or 2s, found 'Infinityms':"
                + " a duration must be finite; the largest accepted is 9223372036854.775806ms (about 292 years)");
    }

    @Test
    void aNameOfDotsIsRefusedAsTheOutputDirectoryItWouldName() {
        String accepted = "; expected 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, like 'cow-vs-eager'";
        assertThat(failsToParse("name: '..'\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:7: name: the name cannot be '..' (the parent folder): it names the output directory" + accepted);
        assertThat(failsToParse("name: .\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:7: name: the name cannot be '.' (the current folder): it names the output directory" + accepted);
        assertThat(failsToParse("name: '....'\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:7: name: the name cannot be made only of dots ('....'): it names the output directory" + accepted);
        assertThat(failsToParse("name: .hidden\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:7: name: the name '.hidden' starts with '.' (it names the output directory)" + accepted);
        assertThat(failsToParse("name: 'cow vs eager'\n" + WORKLOAD).getMessage())
                .isEqualTo("x.yaml:1:7: name: the name 'cow vs eager' has a space at character 4 (it names the output directory)" + accepted);
        assertThat(ExperimentParser.parse("x.yaml", "name: v1.2_a-b\n" + WORKLOAD, dir).name()).isEqualTo("v1.2_a-b");
    }

    // ---------------------------------------------------------------- many errors

    @Test
    void atMostTwentyErrorsOfAFileAreListedAndTheRestCounted() {
        List<InputError> errors = new java.util.ArrayList<>();
        for (int i = 30; i >= 1; i--) errors.add(new InputError("a.yaml", i, 3, "k" + i, "bad"));
        errors.add(new InputError("b.csv", 2, 5, "burst", "worse"));
        errors.add(InputError.more("b.csv", 7)); // from a reader that stopped keeping them
        InputException e = new InputException(errors);
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines).hasSize(23);
        assertThat(lines.subList(0, 20)).allSatisfy(l -> assertThat(l).matches("a\\.yaml:\\d+:3: k\\d+: bad"));
        assertThat(lines.get(0)).isEqualTo("a.yaml:1:3: k1: bad");
        assertThat(lines.get(19)).isEqualTo("a.yaml:20:3: k20: bad");
        assertThat(lines.subList(20, 23)).containsExactly("a.yaml: ... and 10 more errors (only the first 20 of a file are listed)",
                "b.csv:2:5: burst: worse", "b.csv: ... and 7 more errors (only the first 20 of a file are listed)");
        // reported again within another file's errors (a task list named by an experiment), the count stays
        assertThat(new InputException(e.errors()).getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void manyBadFieldsOfAnExperimentAndOfItsTaskListAreCappedPerFile() throws IOException {
        StringBuilder y = new StringBuilder("workload:\n  processes:\n");
        for (int i = 0; i < 30; i++) y.append("    - {name: p").append(i).append(", program: [{compute: -1ms}]}\n");
        InputException e = failsToParse(y.toString());
        assertThat(e.getMessage().lines()).hasSize(21).first().asString().startsWith("x.yaml:3:");
        assertThat(e.getMessage().lines()).last().isEqualTo("x.yaml: ... and 10 more errors (only the first 20 of a file are listed)");
        StringBuilder rows = new StringBuilder("name,arrival,burst\n");
        for (int i = 0; i < 50; i++) rows.append('P').append(i).append(",0,0\n"); // 50 bursts of 0
        Path csv = file("t.csv", rows.toString());
        InputException t = failsToParse("workload: {tasks: {file: t.csv}}\n");
        assertThat(t.getMessage().lines()).hasSize(21).last()
                .isEqualTo(csv + ": ... and 30 more errors (only the first 20 of a file are listed)");
    }

    // ---------------------------------------------------------------- CSV quoting

    @Test
    void standardCsvQuotingIsAccepted() throws IOException {
        Workload w = TaskListCsv.read(file("q.csv", "name,arrival,burst\n\"P1\",0,5\n\"P,2\",1,3\n\"say \"\"hi\"\"\", 2 ,1\n"));
        assertThat(w.processes()).extracting(ProcessSpec::name).containsExactly("P1", "P,2", "say \"hi\"");
        assertThat(w.processes().get(2).at()).isEqualTo(2_000_000L);
    }

    @Test
    void brokenQuotingIsReportedWhereItBreaks() throws IOException {
        InputException open = fails(() -> TaskListCsv.read(pathOf("o.csv", "name,arrival,burst\n\"P1,0,5\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(open.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(2);
            assertThat(err.column()).isEqualTo(1);
            assertThat(err.message()).contains("not closed");
        });
        InputException after = fails(() -> TaskListCsv.read(pathOf("a.csv", "name,arrival,burst\n\"P1\"x,0,5\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(after.errors()).singleElement().satisfies(err -> assertThat(err.column()).isEqualTo(5));
    }

    @Test
    void aMissingCsvStillNamesItself() {
        assertThatThrownBy(() -> RealtimeCsv.read(dir.resolve("none.csv"))).isInstanceOf(InputException.class)
                .hasMessageEndingWith("none.csv: does not exist");
    }
}

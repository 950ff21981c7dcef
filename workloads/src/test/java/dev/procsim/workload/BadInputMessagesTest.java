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

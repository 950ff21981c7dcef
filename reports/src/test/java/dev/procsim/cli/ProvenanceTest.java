package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.report.job.ExperimentJobTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary.json and the report say where the results came from: version and commit, the Java
 * runtime, the SHA-256 of the experiment file, and the command that reproduces the files (without
 * the options that cannot change them, so that the files stay byte-identical on any thread count).
 */
class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void summaryAndReportRecordVersionJavaExperimentHashAndCommand() throws Exception {
        Path exp = dir.resolve("small exp.yaml"); // a space: the command quotes it
        Files.writeString(exp, ExperimentJobTest.SMALL, StandardCharsets.UTF_8);
        Path out1 = dir.resolve("o1"), out2 = dir.resolve("o2");
        CliTest.Out a = CliTest.run("run", exp.toString(), "--seed", "3", "--threads", "1", "--out", out1.toString(), "--quiet", "--charts", "png");
        CliTest.Out b = CliTest.run("run", exp.toString(), "--threads=2", "--seed", "3", "--out=" + out2, "--quiet", "--charts", "png");
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(b.status()).as(b.err()).isZero();
        JsonNode p = new ObjectMapper().readTree(out1.resolve("summary.json").toFile()).path("provenance");
        // the hash of the file's bytes, computed here independently of how procsim read it
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(exp)));
        assertThat(p.path("experiment_sha256").asText()).isEqualTo(sha);
        assertThat(p.path("version").asText()).isEqualTo(dev.procsim.report.text.Version.version());
        assertThat(p.path("commit").asText()).isEqualTo(dev.procsim.report.text.Version.commit());
        assertThat(p.path("java").asText()).startsWith(Runtime.version().toString() + " (");
        assertThat(p.path("command").asText()).isEqualTo("procsim run '" + exp + "' --seed 3 --charts png");
        String md = Files.readString(out1.resolve("report.md"));
        assertThat(md).contains("experiment SHA-256 " + sha).contains("command: procsim run '" + exp + "' --seed 3 --charts png");
        assertThat(Files.readString(out1.resolve("report.html"))).contains("experiment SHA-256 " + sha);
        // --threads and --out in another order and form: the files are the same, byte for byte (options reordered: --seed moved)
        for (String f : new String[] {"summary.json", "summary.csv", "aggregates.csv", "tasks.csv", "report.md"}) {
            assertThat(Files.readAllBytes(out2.resolve(f))).as(f).isEqualTo(Files.readAllBytes(out1.resolve(f)));
        }
        assertThat(new ObjectMapper().readTree(out2.resolve("summary.json").toFile()).path("provenance").path("command").asText())
                .isEqualTo("procsim run '" + exp + "' --seed 3 --charts png");
    }
}

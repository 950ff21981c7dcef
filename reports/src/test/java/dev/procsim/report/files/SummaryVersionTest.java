package dev.procsim.report.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.report.job.ExperimentJobTest;
import dev.procsim.report.run.ExperimentRunner;
import dev.procsim.report.stats.Aggregate;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json says which procsim wrote it: the build's version and, when the build knew it, the git commit. */
class SummaryVersionTest {
    @TempDir
    Path dir;

    @Test
    void summaryJsonNamesTheVersion() throws Exception {
        Experiment x = ExperimentParser.parse("small.yaml", ExperimentJobTest.SMALL, dir);
        ExperimentRunner.Result r = ExperimentRunner.run(x, 1, 1, 1, i -> {}, new AtomicBoolean());
        ResultWriter.write(r, Aggregate.of(r), dir);
        JsonNode j = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        String v = j.path("procsim_version").asText("");
        assertThat(v).matches("procsim \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,40}|unknown)\\)");
        assertThat(v).isEqualTo(dev.procsim.report.text.Version.text());
        assertThat(v).startsWith("procsim " + dev.procsim.report.text.Version.version() + " ");
        assertThat(dev.procsim.report.text.Version.version()).doesNotContain("${").isNotEqualTo("unknown");
    }

    /** The commit is read from the copy of .git's HEAD and refs the build puts beside the classes; what is missing says unknown. */
    @Test
    void theCommitIsReadFromHeadAndRefs() {
        String sha = "855a280195a6a7a6ebc69d85dfe449cb5969a1a7";
        java.util.Map<String, String> loose = java.util.Map.of("HEAD", "ref: refs/heads/main\n", "refs/heads/main", sha + "\n");
        assertThat(dev.procsim.report.text.Version.commit(loose::get)).isEqualTo("855a280");
        java.util.Map<String, String> packed = java.util.Map.of("HEAD", "ref: refs/heads/feature/x\n", "packed-refs",
                "# pack-refs with: peeled fully-peeled sorted\n1111111111111111111111111111111111111111 refs/heads/main\n" + sha
                        + " refs/heads/feature/x\n^2222222222222222222222222222222222222222\n");
        assertThat(dev.procsim.report.text.Version.commit(packed::get)).isEqualTo("855a280");
        assertThat(dev.procsim.report.text.Version.commit(java.util.Map.of("HEAD", sha + "\n")::get)).isEqualTo("855a280"); // detached
        assertThat(dev.procsim.report.text.Version.commit(java.util.Map.<String, String>of()::get)).isEqualTo("unknown"); // no .git (a tarball)
        assertThat(dev.procsim.report.text.Version.commit(java.util.Map.of("HEAD", "ref: refs/heads/gone\n")::get)).isEqualTo("unknown");
        assertThat(dev.procsim.report.text.Version.commit(java.util.Map.of("HEAD", "garbage")::get)).isEqualTo("unknown");
    }
}

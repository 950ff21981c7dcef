package dev.procsim.report.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CITATION.cff cites the version the POM builds (the jar's name and --version say it too): they cannot drift apart. */
class CitationVersionTest {
    @Test
    void citationVersionIsThePomVersion() throws Exception {
        Path cff = Path.of("..", "CITATION.cff"); // tests run in the reports module's folder
        String version = Files.readAllLines(cff).stream().filter(l -> l.startsWith("version:")).map(l -> l.substring("version:".length()).strip())
                .findFirst().orElseThrow();
        assertThat(version).isEqualTo(Version.version()).isNotEqualTo("unknown");
        assertThat(Files.readString(cff)).contains("license: Apache-2.0");
        assertThat(Files.readString(Path.of("..", "LICENSE"))).contains("Apache License").contains("Version 2.0, January 2004");
    }
}

package dev.procsim.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** procsim run --engine spark in its own JVM, stopped with Ctrl-C (SIGINT) while its runs are going: the job is cancelled, nothing written. */
@EnabledOnOs(OS.LINUX)
class SparkCtrlCTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void ctrlCCancelsTheSparkJobAndWritesNothing() throws Exception {
        List<String> cmd = new ArrayList<>();
        // a JVM started with SIGINT ignored (a background job of a shell) never sees Ctrl-C: restore the default for the child
        String status = Files.readString(Path.of("/proc/self/status"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("SigIgn:\\s*([0-9a-f]+)").matcher(status);
        if (m.find() && (Long.parseLong(m.group(1), 16) & 2) != 0) cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(StandaloneClusterTest.OPENS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.procsim.cli.Main", "run",
                Path.of("..", "examples", "cow-vs-eager.yaml").toAbsolutePath().toString(), "--engine", "spark", "--master", "local[1,4]",
                "--out", dir.resolve("out").toString()));
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        boolean running = false;
        for (int i = 0; i < 1200 && !running; i++) {
            Thread.sleep(100);
            running = Files.readString(err, StandardCharsets.UTF_8).contains("runs done");
        }
        assertThat(running).as(Files.readString(err)).isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after Ctrl-C").isTrue();
        String e = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(e).isEqualTo(130);
        assertThat(e).contains("stopping (Ctrl-C): cancelling the Spark job", "stopped by Ctrl-C");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}

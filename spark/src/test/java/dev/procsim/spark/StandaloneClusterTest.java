package dev.procsim.spark;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process cluster on this machine: a standalone master and one worker (two more
 * JVMs, from the test's own class path), a small sweep run on it, compared with the local engine,
 * both stopped at the end.
 */
class StandaloneClusterTest {
    @TempDir
    Path dir;

    /** The module openings Spark needs on Java 17: the ones this test JVM was started with (the pom's surefire argLine). */
    static final List<String> OPENS = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty"))
            .toList();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(OPENS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        // the worker builds its executors' command: without a Spark installation it needs the testing mode
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_HOME", dir.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    static boolean listening(int port, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds * 10; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aSweepOnAMasterAndAWorkerGivesTheLocalFiles() throws Exception {
        int port = freePort();
        Process master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        Process worker = null;
        try {
            assertThat(listening(port, 60)).as("master up").isTrue();
            Files.createDirectories(dir.resolve("work"));
            worker = start("worker", "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port, "--host", "127.0.0.1",
                    "--cores", "2", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work").toString());
            Path file = Path.of("..", "examples", "textbook.yaml");
            Experiment x = ExperimentParser.read(file);
            ExperimentJob.Options o = new ExperimentJob.Options(1, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false,
                    TraceExport.Scope.FIRST);
            Path local = dir.resolve("local"), cluster = dir.resolve("cluster");
            ExperimentJob.run(x, local, o, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
            // executors on this machine: the test's class path (Spark and procsim) and Spark's module openings
            System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            System.setProperty("spark.executor.extraJavaOptions", String.join(" ", OPENS));
            System.setProperty("spark.executor.memory", "512m");
            try {
                new SparkEngine().run(file, x, cluster, "spark://127.0.0.1:" + port, o, new PrintWriter(Writer.nullWriter()));
            } finally {
                System.clearProperty("spark.executor.extraClassPath");
                System.clearProperty("spark.executor.extraJavaOptions");
                System.clearProperty("spark.executor.memory");
            }
            for (String f : SparkEngineTest.FILES) {
                assertThat(Files.readAllBytes(cluster.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
            }
            // the runs ran in executors the worker launched (each has a directory under the work dir)
            try (java.util.stream.Stream<Path> apps = Files.list(dir.resolve("work"))) {
                assertThat(apps.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("app-"));
            }
        } finally {
            if (worker != null) worker.destroy();
            master.destroy();
            if (worker != null && !worker.waitFor(30, TimeUnit.SECONDS)) worker.destroyForcibly();
            if (!master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly();
        }
    }
}

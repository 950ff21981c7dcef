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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process cluster on this machine: a standalone master and one worker (two more
 * JVMs, from the test's own class path, started once for the class), sweeps run on it and compared
 * with the local engine, both stopped at the end. The worker and its executors work in folders of
 * their own, not the driver's.
 */
class StandaloneClusterTest {
    @TempDir
    static Path dir;

    static int port;
    static Process master, worker;

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

    static Process start(String name, Path cwd, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(OPENS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        if (cwd != null) pb.directory(cwd.toFile());
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

    @BeforeAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void startCluster() throws Exception {
        port = freePort();
        master = start("master", null, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        assertThat(listening(port, 60)).as("master up").isTrue();
        // the worker runs in a folder of its own (its working directory), its executors under its --work-dir
        Path home = Files.createDirectories(dir.resolve("worker-home"));
        Files.createDirectories(dir.resolve("work"));
        worker = start("worker", home, "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port, "--host", "127.0.0.1",
                "--cores", "2", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir", dir.resolve("work").toString());
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (worker != null) worker.destroy();
        if (master != null) master.destroy();
        if (worker != null && !worker.waitFor(30, TimeUnit.SECONDS)) worker.destroyForcibly();
        if (master != null && !master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly();
    }

    /** Runs {@code x} on the cluster into {@code out}, with {@code beforeJob} called once the experiment is broadcast. */
    static void runOnCluster(Experiment x, Path out, ExperimentJob.Options o, Runnable beforeJob) throws IOException {
        // executors on this machine: the test's class path (Spark and procsim) and Spark's module openings
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty("spark.executor.extraJavaOptions", String.join(" ", OPENS));
        System.setProperty("spark.executor.memory", "512m");
        try {
            new SparkEngine(beforeJob).run(Path.of(x.file()), x, out, "spark://127.0.0.1:" + port, o, new PrintWriter(Writer.nullWriter()));
        } finally {
            System.clearProperty("spark.executor.extraClassPath");
            System.clearProperty("spark.executor.extraJavaOptions");
            System.clearProperty("spark.executor.memory");
        }
    }

    /** The applications the worker launched executors for (a directory each under its work dir). */
    static List<String> apps() throws IOException {
        try (java.util.stream.Stream<Path> apps = Files.list(dir.resolve("work"))) {
            return apps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-")).toList();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aSweepOnAMasterAndAWorkerGivesTheLocalFiles() throws Exception {
        Experiment x = ExperimentParser.read(Path.of("..", "examples", "textbook.yaml"));
        ExperimentJob.Options o = new ExperimentJob.Options(1, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false,
                TraceExport.Scope.FIRST);
        Path local = dir.resolve("local"), cluster = dir.resolve("cluster");
        ExperimentJob.run(x, local, o, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        List<String> before = apps();
        runOnCluster(x, cluster, o, () -> {});
        for (String f : SparkEngineTest.FILES) {
            assertThat(Files.readAllBytes(cluster.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
        }
        // the runs ran in executors the worker launched for this application
        assertThat(apps()).hasSizeGreaterThan(before.size());
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void executorsNeedNoViewOfTheDriversFiles() throws Exception {
        // the experiment and the files it names in a folder of their own, read by the driver, then deleted before the job starts
        Path home = dir.resolve("experiment");
        Experiment x = ExperimentParser.read(ExperimentBundleTest.writeExperiment(home));
        Path local = dir.resolve("relocated-local"), cluster = dir.resolve("relocated-cluster");
        ExperimentJob.run(x, local, ExperimentBundleTest.OPTIONS, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        List<String> before = apps();
        AtomicBoolean deleted = new AtomicBoolean();
        runOnCluster(x, cluster, ExperimentBundleTest.OPTIONS, () -> {
            try {
                assertThat(home.resolve("data/tasks.csv")).exists(); // read by the driver, still there until now
                Zip.delete(home);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            deleted.set(!Files.exists(home));
        });
        // deleted before any task was submitted: no executor could read them
        assertThat(deleted).isTrue();
        assertThat(home).doesNotExist();
        for (String f : SparkEngineTest.FILES) {
            assertThat(Files.readAllBytes(cluster.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
        }
        assertThat(apps()).hasSizeGreaterThan(before.size());
    }
}

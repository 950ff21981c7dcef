package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The procsim command in its own JVM, as a user runs it: Ctrl-C (SIGINT) in the middle of a long
 * simulation, progress inside a run, and a run that outgrows the heap.
 */
@EnabledOnOs(OS.LINUX)
class StopAndMemoryTest {
    @TempDir
    Path dir;

    /**
     * A run that would take many minutes yet writes a small result: a fork bomb held at 2,000
     * processes by RLIMIT_NPROC on 8 CPUs, forks failing and retried every 10 us of CPU.
     */
    static final String LONG_RUN = "name: bomb\nhorizon: 10min\ncpus: 8\nkernel: {pid_max: 4194304, rlimit_nproc: 2000}\n"
            + "workload:\n  generate:\n    - fork-bomb: {interval: 10us, memory: 64KiB}\n";

    /** A fork bomb that would run for minutes: one fork per microsecond of CPU on 64 CPUs. */
    static final String BOMB = "name: bomb\nhorizon: 10min\ncpus: 64\nkernel: {pid_max: 4194304, rlimit_nproc: max}\n"
            + "workload:\n  generate:\n    - fork-bomb: {interval: 1us, memory: %s}\n";

    /**
     * The command prefix that gives the child the default SIGINT action. A shell starts background
     * jobs with SIGINT ignored and children inherit that (a test suite run as {@code ./.ci/run &}
     * would pass it on), and a JVM started with SIGINT ignored never sees Ctrl-C; coreutils'
     * {@code env --default-signal} restores it.
     */
    static List<String> defaultSigint() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("SigIgn:\\s*([0-9a-f]+)").matcher(status);
        boolean ignored = m.find() && (Long.parseLong(m.group(1), 16) & 2) != 0;
        if (!ignored) return List.of();
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").start();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) return List.of("env", "--default-signal=INT");
        } catch (IOException | InterruptedException e) {
            // fall through
        }
        org.junit.jupiter.api.Assumptions.abort("SIGINT is ignored in this process and env cannot reset it for the child");
        return List.of();
    }

    Process start(List<String> jvm, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(defaultSigint());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
    }

    String err() throws IOException {
        return Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
    }

    /** Waits until stderr contains {@code text}, at most {@code seconds}. */
    boolean awaitErr(String text, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (err().contains(text)) return true;
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void ctrlCStopsARunningSimulationKeepsItMarkedAndExits130() throws Exception {
        Path x = Files.writeString(dir.resolve("bomb.yaml"), LONG_RUN);
        Process p = start(List.of("-Xmx512m"), "run", x.toString(), "--out", "res", "--threads", "1");
        // progress inside the one run: simulated time against the horizon, events/s, tasks alive
        assertThat(awaitErr("tasks alive", 30)).as(err()).isTrue();
        assertThat(err()).containsPattern("0/1 runs done; run 0 \\(time-sharing cow, rep 0\\): [0-9.]+ (us|ms|s) of 10.0 min \\([0-9]+%\\), .* events/s");
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after Ctrl-C").isTrue();
        double secs = (System.nanoTime() - sent) / 1e9;
        assertThat(p.exitValue()).as(err()).isEqualTo(130);
        String e = err();
        assertThat(e).contains("stopping (Ctrl-C)", "stopped while running (stop_reason 'interrupted')", "marked partial")
                .doesNotContain("Exception", "\tat ");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("res/summary.json").toFile());
        assertThat(s.get("partial").asBoolean()).isTrue();
        assertThat(s.get("run_results").get(0).get("stop_reason").asText()).isEqualTo("interrupted");
        assertThat(s.get("run_results").get(0).get("metrics").get("forks").asDouble()).isPositive();
        assertThat(hidden()).as("temporaries removed").isEmpty();
        assertThat(secs).as("stopped and written soon after Ctrl-C").isLessThan(30);
    }

    /** A fork bomb on 4,096 CPUs, costs none: some 40,000 forks per 20 us of simulated time, for 10 s. */
    static final String WIDE_BOMB = "name: wide\nhorizon: 10s\ncpus: 4096\ncosts: none\n"
            + "kernel: {pid_max: 4194304, rlimit_nproc: 10000000, pids_max: 10000000}\n"
            + "workload:\n  generate:\n    - fork-bomb: {interval: 1us, memory: 64KiB}\n";

    @Test
    void ctrlCOnAFourThousandCpuForkBombEndsWithinTwoSecondsKeepingTablesAndSkippingCharts() throws Exception {
        Path x = Files.writeString(dir.resolve("wide.yaml"), WIDE_BOMB);
        Process p = start(List.of("-Xmx1g", "-XX:+UseParallelGC"), "run", x.toString(), "--out", "res", "--threads", "1");
        assertThat(awaitErr("tasks alive", 60)).as(err()).isTrue();
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        awaitExit(p, 60);
        double secs = (System.nanoTime() - sent) / 1e9;
        assertThat(p.exitValue()).as(err()).isEqualTo(130);
        // Bounded by design: the hook gives the writer 1.8 s, then removes what it was writing and
        // lets the JVM exit; 2.5 s leaves room for this test's own scheduling on a loaded machine.
        assertThat(secs).as("seconds from Ctrl-C to exit").isLessThan(2.5);
        assertThat(hidden()).as("no temporary folder left").isEmpty();
        String e = err();
        assertThat(e).contains("stopping (Ctrl-C)").doesNotContain("Exception", "\tat ");
        if (e.contains("could not be written within 2 s")) {
            assertThat(dir.resolve("res")).doesNotExist(); // nothing kept, the output folder as it was (absent)
            return;
        }
        // the tables and CSV are written, marked partial; no chart was begun after Ctrl-C, and the report says so
        JsonNode s = new ObjectMapper().readTree(dir.resolve("res/summary.json").toFile());
        assertThat(s.get("partial").asBoolean()).isTrue();
        assertThat(s.get("run_results").get(0).get("stop_reason").asText()).isEqualTo("interrupted");
        assertThat(dir.resolve("res/tasks.csv")).exists();
        assertThat(Files.readString(dir.resolve("res/report.md"))).contains("charts were not drawn: the run was stopped (Ctrl-C) first");
        try (Stream<Path> charts = Files.list(dir.resolve("res/charts"))) {
            assertThat(charts.count()).isZero();
        }
    }

    @Test
    void ctrlCStopsRealtimeAndPrintsTheJobsSoFar() throws Exception {
        Path tasks = Files.writeString(dir.resolve("rt.csv"), "name,period,wcet\nT1,4,1\nT2,10,3\n");
        Process p = start(List.of("-Xmx256m"), "realtime", "--tasks", tasks.toString(), "--scheduler", "edf", "--horizon", "1000000000s");
        // a horizon of 10^9 s is about 3.5 * 10^11 jobs: said before the run starts
        assertThat(awaitErr("Ctrl-C stops the run", 30)).as(err()).isTrue();
        Thread.sleep(1_500);
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        awaitExit(p, 30);
        double secs = (System.nanoTime() - sent) / 1e9;
        assertThat(p.exitValue()).as(err()).isEqualTo(130);
        assertThat(secs).isLessThan(2.5);
        assertThat(err()).contains("jobs, roughly", "stopped (Ctrl-C) at simulated time").doesNotContain("Exception");
        String out = Files.readString(dir.resolve("out.txt"));
        // the jobs so far: T1 released every 4 ms, so its count is a quarter of the time reached (in ms), give or take one
        java.util.regex.Matcher t1 = java.util.regex.Pattern.compile("(?m)^T1\\s+(\\d+)").matcher(out);
        assertThat(t1.find()).as(out).isTrue();
        assertThat(Long.parseLong(t1.group(1))).isPositive();
        assertThat(out).contains("totals: jobs");
    }

    @Test
    void aRunThatOutgrowsTheHeapStopsCleanlyWithExit1() throws Exception {
        // 4 MiB processes: each child's page table is 4 KiB, so the heap fills within seconds
        Path x = Files.writeString(dir.resolve("bomb.yaml"), String.format(BOMB, "4MiB"));
        Process p = start(List.of("-Xmx128m", "-XX:+UseParallelGC"), "run", x.toString(), "--out", "res", "--threads", "1", "--quiet");
        awaitExit(p, 120);
        String e = err();
        assertThat(p.exitValue()).as(e).isEqualTo(1);
        assertThat(e).contains("simulation stopped: the Java heap", "PROCSIM_JAVA_OPTS=-Xmx", "max_task_records", "horizon")
                .doesNotContain("OutOfMemoryError", "\tat ");
        assertThat(dir.resolve("res/summary.json")).exists(); // what finished (nothing here) is written, marked partial
        assertThat(hidden()).isEmpty();
    }

    @Test
    void aRunTheWatchMissesStillStopsCleanlyWhenTheHeapRunsOut() throws Exception {
        // the watch's limit at 100%: it never fires before the JVM's own OutOfMemoryError, which then
        // lands in a run, the pool's threads or the main thread (CI once saw the latter two): each says
        // it in the memory message, with no stack trace, and what finished is written
        Path x = Files.writeString(dir.resolve("bomb.yaml"), String.format(BOMB, "4MiB"));
        Process p = start(List.of("-Xmx128m", "-XX:+UseParallelGC", "-Dprocsim.memoryLimit=1"), "run", x.toString(), "--out", "res",
                "--threads", "2", "--quiet");
        awaitExit(p, 120);
        String e = err();
        assertThat(p.exitValue()).as(e).isEqualTo(1);
        assertThat(e).contains("simulation stopped: the Java heap", "PROCSIM_JAVA_OPTS=-Xmx", "max_task_records", "horizon")
                .doesNotContain("OutOfMemoryError", "\tat ", "Exception");
        assertThat(dir.resolve("res/summary.json")).as(e).exists();
        assertThat(hidden()).isEmpty();
    }

    /** Waits for the child; if it does not exit in time, fails with its stderr and its threads' stacks. */
    void awaitExit(Process p, int seconds) throws Exception {
        if (p.waitFor(seconds, TimeUnit.SECONDS)) return;
        String stacks;
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            stacks = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            stacks = "(no jcmd: " + e.getMessage() + ")";
        }
        p.destroyForcibly();
        org.junit.jupiter.api.Assertions.fail("still running after " + seconds + " s; stderr:\n" + err() + "\nthreads:\n" + stacks);
    }

    private List<Path> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(q -> q.getFileName().toString().startsWith(".")).toList();
        }
    }
}

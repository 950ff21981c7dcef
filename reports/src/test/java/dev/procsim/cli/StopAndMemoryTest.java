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

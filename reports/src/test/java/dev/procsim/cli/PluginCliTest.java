package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.procsim.sched.SchedulerProvider;
import dev.procsim.sched.SchedulerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduler plug-ins: the example of {@code examples/plugin/} compiled here into a jar and given
 * with {@code --plugin} ({@link Main#execute}, the command's own path), listed, scheduled with,
 * named in an experiment; and the errors of a missing jar, a jar without a provider, and names
 * that clash.
 */
class PluginCliTest {
    static final Path EXAMPLE = Path.of("..", "examples", "plugin");

    @TempDir
    static Path dir;

    /** The example's jar; a jar of a provider that calls itself rr; the example's classes without the services file. */
    static Path stride, clash, noProvider;

    @BeforeAll
    static void buildJars() throws IOException, URISyntaxException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("ToolProvider.getSystemJavaCompiler(): this test compiles the plug-in example and needs a JDK, not a JRE").isNotNull();
        Path src = EXAMPLE.resolve("src/main/java");
        Path clashSrc = dir.resolve("clash-src/org/example/clash/RrAgain.java");
        Files.createDirectories(clashSrc.getParent());
        Files.writeString(clashSrc, """
                package org.example.clash;

                public final class RrAgain implements dev.procsim.sched.SchedulerProvider {
                    @Override public String name() { return "rr"; }
                    @Override public String description() { return "round robin, again"; }
                    @Override public dev.procsim.kernel.Scheduler create(dev.procsim.sched.SchedulerParams p) {
                        throw new UnsupportedOperationException();
                    }
                }
                """);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-proc:none",
                // sim-engine alone, as the example's pom has it (provided): the example uses nothing else of procsim
                "-classpath", Path.of(SchedulerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                "-d", dir.resolve("classes").toString(), clashSrc.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Path classes = dir.resolve("classes");
        String services = Files.readString(EXAMPLE.resolve("src/main/resources/META-INF/services/dev.procsim.sched.SchedulerProvider"));
        stride = jar("stride.jar", classes, "org/example/stride", services);
        clash = jar("clash.jar", classes, "org/example/clash", "org.example.clash.RrAgain\n");
        noProvider = jar("no-provider.jar", classes, "org/example/stride", null);
    }

    /** A jar of the classes under {@code pkg}, with {@code services} as its provider list unless null. */
    static Path jar(String name, Path classes, String pkg, String services) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f); Stream<Path> files = Files.walk(classes.resolve(pkg))) {
            for (Path c : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(c));
            }
            if (services != null) {
                j.putNextEntry(new JarEntry("META-INF/services/dev.procsim.sched.SchedulerProvider"));
                j.write(services.getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /**
     * Every command sets the plug-ins from its own command line, so the next one in this JVM would
     * not see these anyway; this also closes the jars' class loader (so the temporary folder can go).
     */
    @AfterEach
    void classPathPluginsOnly() {
        PluginOptions.use(List.of());
        assertThat(SchedulerRegistry.plugins()).doesNotContainKey("stride");
    }

    static CliTest.Out run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new CliTest.Out(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listShowsThePluginAfterTheBuiltInsForTheCommandThatLoadsIt() throws IOException {
        CliTest.Out o = run("list", "schedulers", "--plugin", stride.toString());
        assertThat(o.status()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        // the last three lines: the provider's name, description and parameters as StrideProvider declares them
        assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactly(
                "stride: stride scheduling (Waldspurger & Weihl 1995): lowest pass first, pass += (2^20 / tickets) x run time / quantum;"
                        + " tickets by task name, else 20 - nice; ties to the lower PID (plug-in from " + stride.toRealPath() + ")",
                "    quantum (default 10ms): time slice; a task's pass grows by its stride per quantum run",
                "    tickets (not set by default): tickets by task name, like A:3,B:1 (1 to 2^20 each); tasks not named get 20 - nice");
        assertThat(lines).anyMatch(l -> l.startsWith("rr: "));
        // the next command, without --plugin, does not see it
        CliTest.Out after = run("list", "schedulers");
        assertThat(after.status()).isZero();
        assertThat(after.out()).doesNotContain("stride");
    }

    @Test
    void strideSchedulesAsWorkedByHand() throws IOException {
        // Quantum 1 ms. Tickets: A 4, B 2, C 1 by the parameter; D none, so 20 - nice 16 = 4.
        // Stride = 2^20 / tickets; in units u = 2^18: A 1, B 2, C 4, D 1. PIDs in arrival order: A < B < C < D.
        // Lowest pass runs (ties: lower PID); pass += stride per 1 ms run; V = pass of the last pick;
        // a new task starts at V.
        //   t=0    A0 B0        -> A (tie, lower PID); V=0; A runs 0-1, A=1
        //   t=1    A1 B0        -> B; V=0; B runs 1-2; C arrives at 1.5 with V=0
        //   t=2    A1 B2 C0     -> C; V=0; C runs 2-3 and ends
        //   t=3    A1 B2        -> A; V=1; A runs 3-4, A=2
        //   t=4    A2 B2        -> A (tie, lower PID); V=2; A runs 4-5; D arrives at 4.5 with V=2; A=3
        //   t=5    A3 B2 D2     -> B (tie with D, lower PID); B runs 5-6 and ends (2 ms in all)
        //   t=6    A3 D2        -> D; D runs 6-7 and ends
        //   t=7    A3           -> A runs 7-8 and ends (4 ms in all)
        // finish A 8, B 6, C 3, D 7; response (start - arrival) 0, 1, 0.5, 1.5;
        // waiting (turnaround - burst) 8-4=4, 6-2=4, 1.5-1=0.5, 2.5-1=1.5.
        // (Round robin would run A 2-3 and B 4-5; D joining at pass 0 would run 5-6 before B.)
        Path tasks = dir.resolve("hand.csv");
        Files.writeString(tasks, "name,arrival,burst,nice\nA,0,4,0\nB,0,2,0\nC,1.5,1,0\nD,4.5,1,16\n");
        CliTest.Out o = run("schedule", "--plugin", stride.toString(), "--tasks", tasks.toString(), "--scheduler", "stride", "--quantum", "1",
                "--param", "tickets=A:4,B:2,C:1", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode j = CliTest.json(o.out());
        List<String> gantt = new ArrayList<>();
        j.get("gantt").forEach(s -> gantt.add(s.get("task").asText() + " " + s.get("start").asText() + "-" + s.get("end").asText()));
        assertThat(gantt).containsExactly("A 0-1", "B 1-2", "C 2-3", "A 3-5", "B 5-6", "D 6-7", "A 7-8");
        assertThat(CliTest.column(j, "finish")).containsExactly(8.0, 6.0, 3.0, 7.0);
        assertThat(CliTest.column(j, "response")).containsExactly(0.0, 1.0, 0.5, 1.5);
        assertThat(CliTest.column(j, "waiting")).containsExactly(4.0, 4.0, 0.5, 1.5);
    }

    @Test
    void anExperimentNamesThePluginAsABuiltIn() throws IOException {
        Files.writeString(dir.resolve("x.csv"), "name,arrival,burst\nA,0,3\nB,0,3\n");
        Path x = dir.resolve("x.yaml");
        Files.writeString(x, "name: x\ncosts: none\ncompare:\n  scheduler: [{name: stride, quantum: 1ms, tickets: \"A:2\"}, rr]\n"
                + "workload: {tasks: {file: x.csv}}\n");
        // two schedulers, one fork strategy (the default), one replication: 2 combinations, 2 runs
        CliTest.Out o = run("validate", x.toString(), "--plugin", stride.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("ok: experiment 'x', 2 combinations x 1 replications = 2 runs");
        CliTest.Out without = run("validate", x.toString());
        assertThat(without.status()).isEqualTo(2);
        assertThat(without.err()).contains("unknown scheduler 'stride'");
    }

    @Test
    void aMissingJarOrOneWithoutAProviderIsBadInputNamingIt() {
        Path missing = dir.resolve("nosuch.jar");
        CliTest.Out o = run("schedule", "--plugin", missing.toString(), "--tasks", "t.csv", "--scheduler", "stride");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip()).isEqualTo("procsim: --plugin " + missing + ": does not exist");
        CliTest.Out none = run("list", "--plugin", noProvider.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).startsWith("procsim: --plugin " + noProvider + ": no scheduler plug-in in it")
                .contains("META-INF/services/dev.procsim.sched.SchedulerProvider");
    }

    @Test
    void aPluginNamedAsABuiltInOrTwoCopiesOfOneAreBadInputNamingBothSources() throws IOException, URISyntaxException {
        CliTest.Out o = run("list", "--plugin", stride.toString(), "--plugin", clash.toString());
        assertThat(o.status()).isEqualTo(2);
        String builtIn = Path.of(SchedulerRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath().toString();
        assertThat(o.err().strip()).isEqualTo("procsim: scheduler plug-in org.example.clash.RrAgain in " + clash.toRealPath()
                + " is named 'rr', as a built-in scheduler of procsim (in " + builtIn + "); give the plug-in another name");
        Path copy = Files.copy(stride, dir.resolve("stride-copy.jar"));
        CliTest.Out twice = run("list", "--plugin", stride.toString(), "--plugin", copy.toString());
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains("org.example.stride.StrideProvider is in both " + stride.toRealPath() + " and " + copy.toRealPath());
    }
}

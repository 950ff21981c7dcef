package dev.procsim.workload;

import static dev.procsim.workload.ExperimentTestSupport.EXAMPLES;
import static dev.procsim.workload.ExperimentTestSupport.parse;
import static dev.procsim.workload.ExperimentTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.engine.SimTime;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.memory.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExperimentParserTest {
    static Stream<Path> examples() throws IOException {
        return Files.list(EXAMPLES).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @Test
    void everyExampleNamedByTheIssueExists() {
        for (String n : List.of("compare-schedulers", "textbook", "cow-vs-eager", "pid-exhaustion", "realtime", "fork-bomb")) {
            assertThat(EXAMPLES.resolve(n + ".yaml")).exists();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleParsesAndEveryPointRunsToAnEnd(Path file) {
        Experiment x = ExperimentParser.read(file);
        assertThat(x.points()).isNotEmpty();
        for (Experiment.Point p : x.points()) {
            var r = run(x, p, 0);
            assertThat(r.result().events()).isPositive();
            assertThat(r.tasks()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void canonicalFormReadsBackEqual(Path file) {
        Experiment x = ExperimentParser.read(file);
        String canonical = x.canonical();
        Experiment y = ExperimentParser.parse("canonical.yaml", canonical, x.baseDir());
        assertThat(y).isEqualTo(x);
        assertThat(y.canonical()).isEqualTo(canonical);
        // And the workloads it builds are the same processes.
        for (Experiment.Point p : x.points()) {
            assertThat(y.resolve(p, 0).workload().processes()).isEqualTo(x.resolve(p, 0).workload().processes());
        }
    }

    @Test
    void equalityNoticesAChangedSetting(@TempDir Path dir) {
        Experiment a = parse("workload: {processes: [{name: a, program: [{compute: 1ms}]}]}", dir);
        Experiment b = parse("workload: {processes: [{name: a, program: [{compute: 2ms}]}]}", dir);
        assertThat(a).isNotEqualTo(b);
    }

    /** Hand-computed averages of the five-process textbook example (see the file's comment). */
    @Test
    void textbookExampleGivesTheHandComputedMeanWaitingTimes() {
        Experiment x = ExperimentParser.read(EXAMPLES.resolve("textbook.yaml"));
        double[] expectedMs = {9.6, 3.2, 8.2, 5.4};
        List<Experiment.Point> points = x.points();
        assertThat(points).hasSize(4);
        for (int i = 0; i < 4; i++) {
            var r = run(x, points.get(i), 0);
            double mean = r.tasks().stream().mapToLong(TaskRecord::waiting).average().orElseThrow() / SimTime.MS;
            assertThat(mean).as(points.get(i).label()).isEqualTo(expectedMs[i]);
        }
    }

    /** Eager copies every page at fork; cow and odf copy what the child writes (odf also a table per region written); vfork copies nothing. */
    @Test
    void cowVsEagerCopiesWhatTheTheoryCounts() {
        Experiment x = ExperimentParser.read(EXAMPLES.resolve("cow-vs-eager.yaml"));
        for (Experiment.Point p : x.points()) {
            long pages = Sizes.pages(Sizes.parseBytes(p.sweep().get("parent_memory")));
            double f = Double.parseDouble(p.sweep().get("write_fraction"));
            var r = run(x, p, 0);
            long copies = r.instance().memory().metrics().pageCopies();
            long written = Math.round(f * pages);
            long expected = switch (p.fork()) {
                case "eager" -> pages;
                case "cow", "odf" -> written;
                default -> 0;
            };
            assertThat(copies).as(p.label()).isEqualTo(expected);
            // odf: the child's writes, from page 0 on, copy the table of each 2 MiB region they reach
            long tables = p.fork().equals("odf") ? (written + 511) / 512 : 0;
            assertThat(r.instance().memory().metrics().pageTableCopies()).as(p.label()).isEqualTo(tables);
            if (p.fork().equals("vfork")) assertThat(r.instance().memory().metrics().vforkMisuseWrites()).isEqualTo(Math.round(f * pages));
        }
    }

    @Test
    void sweepAndCompareMultiplyInOrder(@TempDir Path dir) {
        Experiment x = parse("""
                compare: {scheduler: [fcfs, {name: rr, quantum: 4ms}], fork: [eager, cow]}
                sweep: {m: [1MiB, 2MiB], n: [1, 2, 3]}
                workload: {processes: [{name: p, memory: "${m}", count: "${n}", program: [{compute: 1ms}]}]}
                """, dir);
        List<Experiment.Point> pts = x.points();
        assertThat(pts).hasSize(2 * 2 * 2 * 3);
        assertThat(pts.get(0).label()).isEqualTo("fcfs eager m=1MiB n=1");
        assertThat(pts.get(1).label()).isEqualTo("fcfs cow m=1MiB n=1");
        assertThat(pts.get(2).label()).isEqualTo("rr(quantum=4ms) eager m=1MiB n=1");
        assertThat(pts.get(4).sweep()).containsEntry("n", "2");
        assertThat(x.resolve(pts.get(23), 0).workload().processes()).hasSize(3)
                .allSatisfy(s -> assertThat(s.memoryBytes()).isEqualTo(2L << 20));
    }

    @Test
    void defaultsAreDocumentedValues(@TempDir Path dir) {
        Experiment x = parse("workload: {processes: [{name: a, program: [{compute: 1ms}]}]}", dir);
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.seed()).isEqualTo(1);
        assertThat(x.replications()).isEqualTo(1);
        assertThat(x.schedulers()).extracting(Experiment.SchedulerChoice::name).containsExactly("time-sharing");
        assertThat(x.forks()).containsExactly("cow");
        Experiment.Setup s = x.resolve(x.points().get(0), 0);
        assertThat(s.horizon()).isEqualTo(SimTime.NEVER);
        assertThat(s.kernel().cpus).isEqualTo(1);
        assertThat(s.costs().name()).isEqualTo("linux-6.18-kvm");
        assertThat(s.kernel().contextSwitch).isEqualTo(s.costs().contextSwitch());
        assertThat(s.kernel().defaultForkStrategy).isEqualTo("cow");
    }

    @Test
    void kernelAndCostSettingsReachTheSetup(@TempDir Path dir) {
        Experiment x = parse("""
                cpus: 4
                horizon: 2s
                kernel: {pid_max: 5000, threads_max: 900, rlimit_nproc: 800, pids_max: 700, init_reap_delay: 3ms, context_switch: 2us}
                costs: {profile: bare-metal-literature, fork_pte_per_page: 40ns}
                workload: {processes: [{name: a, program: [{compute: 1ms}]}]}
                """, dir);
        Experiment.Setup s = x.resolve(x.points().get(0), 0);
        assertThat(s.kernel().cpus).isEqualTo(4);
        assertThat(s.horizon()).isEqualTo(2 * SimTime.S);
        assertThat(s.kernel().pidMax).isEqualTo(5000);
        assertThat(s.kernel().threadsMax).isEqualTo(900);
        assertThat(s.kernel().rlimitNproc).isEqualTo(800);
        assertThat(s.kernel().pidsMax).isEqualTo(700);
        assertThat(s.kernel().initReapDelay).isEqualTo(3 * SimTime.MS);
        assertThat(s.kernel().contextSwitch).isEqualTo(2 * SimTime.US);
        assertThat(s.costs().name()).isEqualTo("bare-metal-literature");
        assertThat(s.costs().forkPtePerPage()).isEqualTo(40);
    }

    // ------------------------------------------------------------------ bad input, one test per error class

    static InputException fails(String yaml, Path dir) {
        try {
            parse(yaml, dir);
        } catch (InputException e) {
            return e;
        }
        throw new AssertionError("expected an InputException for:\n" + yaml);
    }

    @Test
    void misspeltKeyIsAnErrorWithItsPositionAndTheNearestKey(@TempDir Path dir) {
        InputException e = fails("""
                name: t
                compare:
                  schedular: [rr]
                workload: {processes: [{name: a, program: [{compute: 1ms}]}]}
                """, dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isEqualTo(3);
            assertThat(err.column()).isEqualTo(3);
            assertThat(err.field()).isEqualTo("compare.schedular");
            assertThat(err.message()).contains("unknown key 'schedular'").contains("did you mean 'scheduler'?");
        });
        assertThat(e.getMessage()).startsWith("x.yaml:3:3: compare.schedular: ");
    }

    @Test
    void misspeltSchedulerSuggestsTheNearest(@TempDir Path dir) {
        InputException e = fails("compare: {scheduler: [time-shareing]}\nworkload: {processes: [{name: a, program: [{compute: 1ms}]}]}\n", dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("compare.scheduler[0]");
            assertThat(err.message()).contains("unknown scheduler 'time-shareing'").contains("did you mean 'time-sharing'?");
            assertThat(err.line()).isEqualTo(1);
            assertThat(err.column()).isEqualTo(23);
        });
    }

    @Test
    void wrongTypeNamesThePathAndWhatWasFound(@TempDir Path dir) {
        InputException e = fails("""
                workload:
                  processes:
                    - name: parent
                      memory: lots
                      program: [{compute: 1ms}]
                """, dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("workload.processes[0].memory");
            assertThat(err.line()).isEqualTo(4);
            assertThat(err.column()).isEqualTo(15);
            assertThat(err.message()).contains("'lots'");
        });
    }

    @Test
    void senselessLimitsAreErrors(@TempDir Path dir) {
        InputException e = fails("""
                kernel: {pid_max: 300}
                workload:
                  processes:
                    - {name: a, at: -5ms, program: [{write: {fraction: 1.5}}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field)
                .containsExactly("kernel.pid_max", "workload.processes[0].at", "workload.processes[0].program[0].write.fraction");
        assertThat(e.errors().get(0).message()).contains("[301, 4194304]").contains("300");
        assertThat(e.errors().get(1).message()).contains("negative");
        assertThat(e.errors().get(2).message()).contains("[0, 1]").contains("1.5");
    }

    @Test
    void forkOfAnUnknownProgramIsAnError(@TempDir Path dir) {
        InputException e = fails("""
                workload:
                  programs: {child: [{exit: 0}]}
                  processes: [{name: p, program: [{fork: {run: chlid}}]}]
                """, dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("workload.processes[0].program[0].fork.run");
            assertThat(err.message()).contains("no program named 'chlid'").contains("did you mean 'child'?");
            assertThat(err.line()).isEqualTo(3);
        });
    }

    @Test
    void threadActionsParseAndBadOnesAreErrorsWithTheirPosition(@TempDir Path dir) {
        parse("""
                workload:
                  programs: {w: [{compute: 1ms}]}
                  processes: [{name: p, program: [{thread: w}, {clone: {run: w, flags: [vm, sighand, thread]}}, join, {join: 1},
                    {clone: {run: w, flags: [newpid], pids_max: 10}}, {exit_group: 2}]}]
                """, dir);
        InputException e = fails("""
                workload:
                  programs:
                    w: [{compute: 1ms}]
                    lonely: [{join: any}]
                  processes:
                    - {name: p, program: [{thread: w}, {join: {thread: 1}}]}
                    - {name: q, program: [{clone: {run: w, flags: [thread]}}]}
                    - {name: r, program: [{clone: {run: w, flags: [vm, thred]}}]}
                    - {name: s, program: [{clone: {run: w, flags: [newpid, thread, sighand, vm]}}, {clone: {run: w, pids_max: 5}}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("workload.programs.lonely[0].join",
                "workload.processes[0].program[1].join", "workload.processes[1].program[0].clone.flags",
                "workload.processes[2].program[0].clone.flags[1]", "workload.processes[3].program[0].clone.flags",
                "workload.processes[3].program[1].clone.pids_max");
        assertThat(e.errors()).extracting(InputError::line).containsExactly(4, 6, 7, 8, 9, 9);
        assertThat(e.errors().get(4).message()).contains("newpid and thread exclude each other");
        assertThat(e.errors().get(5).message()).contains("needs the newpid flag");
        assertThat(e.errors().get(0).message()).contains("creates none");
        assertThat(e.errors().get(1).message()).contains("join of thread 1").contains("creates only 1 thread ");
        assertThat(e.errors().get(2).message()).contains("thread needs sighand");
        assertThat(e.errors().get(3).message()).contains("thred").contains("did you mean 'thread'?");
        // a loop that creates threads for ever allows any index
        parse("workload: {programs: {w: []}, processes: [{name: p, program: [{repeat: {times: forever, do: [{thread: w}, {join: 5}]}}]}]}\n", dir);
    }

    @Test
    void pipeActionsParseAndAnUnknownPipeOrBadCapacityIsAnErrorWithItsPosition(@TempDir Path dir) {
        parse("""
                kernel: {pipe_capacity: 16KiB}
                workload:
                  programs: {r: [{read: {pipe: p, bytes: 4KiB, on_eof: exit}}, {write: {pipe: p, bytes: last_read}}]}
                  processes: [{name: a, program: [{pipe: p}, {fork: r}, {close: {pipe: p, end: read}}, {write: {pipe: p, bytes: 1MiB}}, {close: p}]}]
                """, dir);
        InputException e = fails("""
                kernel: {pipe_capacity: 3000B}
                workload:
                  programs:
                    r: [{read: {pipe: pp, bytes: 4KiB}}]
                  processes:
                    - {name: a, program: [{pipe: p}, {write: {pipe: p, bytes: 0.5}}, {close: {pipe: p, end: sideways}}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("kernel.pipe_capacity",
                "workload.programs.r[0].read.pipe", "workload.processes[0].program[1].write.bytes",
                "workload.processes[0].program[2].close.end");
        assertThat(e.errors()).extracting(InputError::line).containsExactly(1, 4, 6, 6);
        assertThat(e.errors().get(0).message()).contains("power of two");
        assertThat(e.errors().get(1).message()).contains("no pipe named 'pp'").contains("did you mean 'p'?");
        assertThat(e.errors().get(3).message()).contains("sideways");
    }

    @Test
    void signalActionsParseAndBadOnesAreErrorsWithTheirPosition(@TempDir Path dir) {
        parse("""
                workload:
                  programs: {h: [{compute: 1ms}]}
                  processes: [{name: a, program: [{signal: {sig: SIGUSR1, handler: h}}, {signal: {sig: chld, action: ignore}},
                    {block: [usr2, 15]}, {unblock: SIGUSR2}, {setpgid: self}, {fork: h}, {setpgid: {child: 0, group: mine}},
                    {kill: {target: {pid: -2}, signal: SIGSTOP}}, {kill: {target: {child_group: 0}, signal: 18}}]}]
                """, dir);
        InputException e = fails("""
                workload:
                  programs: {h: []}
                  processes:
                    - {name: a, program: [{kill: {target: self, signal: 40}}, {signal: {sig: SIGKILL, action: ignore}}]}
                    - {name: b, program: [{block: [SIGSTOP]}, {kill: {target: parent, signal: SIGUSR3}}, {signal: {sig: 1, handler: hh}}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("workload.processes[0].program[0].kill.signal",
                "workload.processes[0].program[1].signal.sig", "workload.processes[1].program[0].block[0]",
                "workload.processes[1].program[1].kill.signal", "workload.processes[1].program[2].signal.handler");
        assertThat(e.errors()).extracting(InputError::line).containsExactly(4, 4, 5, 5, 5);
        assertThat(e.errors().get(0).message()).contains("signal number 40 is out of range").contains("1..31");
        assertThat(e.errors().get(1).message()).contains("SIGKILL cannot be caught or ignored");
        assertThat(e.errors().get(2).message()).contains("SIGSTOP cannot be blocked");
        assertThat(e.errors().get(3).message()).contains("unknown signal 'SIGUSR3'").contains("did you mean");
        assertThat(e.errors().get(4).message()).contains("no program named 'hh'");
    }

    @Test
    void uunifastAboveTheCpuCountIsAnError(@TempDir Path dir) {
        InputException e = fails("cpus: 2\nhorizon: 1s\nworkload: {generate: [{uunifast: {n: 4, utilization: 2.5}}]}\n", dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("workload.generate[0].uunifast.utilization");
            assertThat(err.message()).contains("2.5").contains("2 CPU");
        });
        parse("cpus: 2\nhorizon: 1s\nworkload: {generate: [{uunifast: {n: 4, utilization: 1.9}}]}\n", dir);
    }

    @Test
    void unknownParameterAndUnusedSweepAreErrors(@TempDir Path dir) {
        InputException e = fails("""
                sweep: {size: [1MiB]}
                params: {memory: 1MiB}
                workload: {processes: [{name: p, memory: "${memroy}", program: [{compute: 1ms}]}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("sweep.size", "workload.processes[0].memory");
        assertThat(e.errors().get(0).message()).contains("nothing refers to it");
        assertThat(e.errors().get(1).message()).contains("unknown parameter '${memroy}'").contains("did you mean 'memory'?");
    }

    @Test
    void allProblemsAreReportedAtOnceInFileOrder(@TempDir Path dir) {
        InputException e = fails("""
                seed: abc
                replications: 0
                cpus: 0
                colour: blue
                workload:
                  processes: [{name: p, program: [{compute: fast}, {frok: {run: p}}]}]
                """, dir);
        assertThat(e.errors()).extracting(InputError::line).containsExactly(1, 2, 3, 4, 6, 6);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("seed", "replications", "cpus", "colour",
                "workload.processes[0].program[0].compute", "workload.processes[0].program[1]");
        assertThat(e.errors().get(5).message()).contains("unknown action 'frok'").contains("did you mean 'fork'?");
    }

    @Test
    void invalidYamlGivesThePosition(@TempDir Path dir) {
        InputException e = fails("name: t\nworkload: {processes: [\n  - a\n", dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.message()).startsWith("not valid YAML");
            assertThat(err.line()).isPositive();
        });
    }

    @Test
    void duplicateKeysAndMissingWorkloadAreErrors(@TempDir Path dir) {
        InputException e = fails("name: a\nseed: 1\nseed: 2\n", dir);
        assertThat(e.errors()).extracting(InputError::message)
                .anySatisfy(m -> assertThat(m).contains("'seed' appears twice (first at line 2)"))
                .anySatisfy(m -> assertThat(m).contains("expected 'workload'"));
    }

    @Test
    void aWorkloadThatRunsForEverNeedsAHorizon(@TempDir Path dir) {
        InputException e = fails("workload: {generate: [fork-bomb: {}]}\n", dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.field()).isEqualTo("horizon");
            assertThat(err.message()).contains("fork-bomb");
        });
    }

    @Test
    void csvErrorsNameTheCsvFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("t.csv"), "name,arrival,burst\nA,0,5\nB,zero,5\n");
        InputException e = fails("workload: {tasks: {file: t.csv}}\n", dir);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.file()).endsWith("t.csv");
            assertThat(err.line()).isEqualTo(3);
            assertThat(err.field()).isEqualTo("arrival");
        });
        InputException missing = fails("workload: {tasks: {file: none.csv}}\n", dir);
        // named at the YAML key that names it (line 1, column of the value), in words
        assertThat(missing.getMessage()).startsWith("x.yaml:1:26: workload.tasks.file: ").contains("none.csv: does not exist");
    }

    @Test
    void unknownGeneratorAndArgumentSuggestTheNearest(@TempDir Path dir) {
        InputException e = fails("workload: {arrivals: [{poison: {rate: 1/s}}, {poisson: {rate: 1/s, cuont: 5}}]}\n", dir);
        assertThat(e.errors()).extracting(InputError::message)
                .anySatisfy(m -> assertThat(m).contains("unknown generator 'poison'").contains("'poisson'"))
                .anySatisfy(m -> assertThat(m).contains("unknown key 'cuont'").contains("'count'"));
    }
}

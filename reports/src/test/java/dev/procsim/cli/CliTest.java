package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @TempDir
    Path dir;

    record Out(int status, String out, String err) {}

    static Out run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Out(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static JsonNode json(String s) throws IOException {
        return new ObjectMapper().readTree(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "schedule", "realtime", "validate", "list"})
    void everySubcommandHasHelp(String sub) {
        Out o = run(sub, "--help");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Usage: procsim " + sub);
    }

    @Test
    void noSubcommandOrAnUnknownOneIsAUsageError() {
        assertThat(run().status()).isEqualTo(2);
        Out o = run("rnu");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("rnu");
    }

    // ---------------------------------------------------------------- schedule: the validation cases

    JsonNode schedule(String csv, String... extra) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("schedule", "--tasks", file("t.csv", csv).toString(), "--format", "json"));
        args.addAll(List.of(extra));
        Out o = run(args.toArray(String[]::new));
        assertThat(o.status()).as(o.err()).isZero();
        return json(o.out());
    }

    static List<Double> column(JsonNode j, String field) {
        return java.util.stream.StreamSupport.stream(j.get("tasks").spliterator(), false).map(t -> t.get(field).asDouble()).toList();
    }

    /** Silberschatz S1: FCFS waiting 0/24/27, average 17, average turnaround 27. */
    @Test
    void s1Fcfs() throws IOException {
        JsonNode j = schedule("name,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n", "--scheduler", "fcfs");
        assertThat(j.get("scheduler").asText()).isEqualTo("fcfs");
        assertThat(j.get("unit").asText()).isEqualTo("ms");
        assertThat(column(j, "waiting")).containsExactly(0.0, 24.0, 27.0);
        assertThat(j.get("averages").get("waiting").asDouble()).isEqualTo(17.0);
        assertThat(j.get("averages").get("turnaround").asDouble()).isEqualTo(27.0);
        assertThat(j.get("context_switches").asInt()).isEqualTo(2);
    }

    /** S3: RR q = 4: P1 0-4, P2 4-7, P3 7-10, P1 10-30; waiting 6/4/7. */
    @Test
    void s3RoundRobin() throws IOException {
        JsonNode j = schedule("name,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n", "--scheduler", "rr", "--quantum", "4ms");
        assertThat(column(j, "waiting")).containsExactly(6.0, 4.0, 7.0);
        JsonNode g = j.get("gantt");
        assertThat(g.get(0).get("task").asText()).isEqualTo("P1");
        assertThat(g.get(0).get("end").asDouble()).isEqualTo(4.0);
        assertThat(g.get(1).get("task").asText()).isEqualTo("P2");
        assertThat(g.get(2).get("end").asDouble()).isEqualTo(10.0);
        assertThat(g.get(g.size() - 1).get("end").asDouble()).isEqualTo(30.0);
    }

    /** S4: SJF, average waiting 7. */
    @Test
    void s4Sjf() throws IOException {
        JsonNode j = schedule("name,arrival,burst\nP1,0,6\nP2,0,8\nP3,0,7\nP4,0,3\n", "--scheduler", "sjf");
        assertThat(j.get("averages").get("waiting").asDouble()).isEqualTo(7.0);
        assertThat(column(j, "start")).containsExactly(3.0, 16.0, 9.0, 0.0);
    }

    /** S5: SRTF, average waiting 6.5. */
    @Test
    void s5Srtf() throws IOException {
        JsonNode j = schedule("name,arrival,burst\nP1,0,8\nP2,1,4\nP3,2,9\nP4,3,5\n", "--scheduler", "srtf");
        assertThat(j.get("averages").get("waiting").asDouble()).isEqualTo(6.5);
        assertThat(column(j, "finish")).containsExactly(17.0, 5.0, 26.0, 10.0);
    }

    /** S8: non-preemptive priority, average waiting 8.2. */
    @Test
    void s8Priority() throws IOException {
        JsonNode j = schedule("name,arrival,burst,priority\nP1,0,10,3\nP2,0,1,1\nP3,0,2,4\nP4,0,1,5\nP5,0,5,2\n", "--scheduler", "priority");
        assertThat(j.get("averages").get("waiting").asDouble()).isEqualTo(8.2);
        assertThat(column(j, "start")).containsExactly(6.0, 0.0, 16.0, 18.0, 1.0);
    }

    /** T1 (Tanenbaum): mean turnaround 14 under FCFS, 11 under SJF, in minutes. */
    @Test
    void t1BatchInMinutes() throws IOException {
        String csv = "# unit: min\nname,arrival,burst\nA,0,8\nB,0,4\nC,0,4\nD,0,4\n";
        assertThat(schedule(csv, "--scheduler", "fcfs").get("averages").get("turnaround").asDouble()).isEqualTo(14.0);
        JsonNode sjf = schedule(csv, "--scheduler", "sjf");
        assertThat(sjf.get("unit").asText()).isEqualTo("min");
        assertThat(sjf.get("averages").get("turnaround").asDouble()).isEqualTo(11.0);
    }

    @Test
    void scheduleTableHasTheAveragesAndATextGantt() throws IOException {
        Path f = file("t.csv", "name,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n");
        Out o = run("schedule", "--tasks", f.toString(), "--scheduler", "fcfs");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("average").contains("17").contains("gantt: | P1 0-24 | P2 24-27 | P3 27-30 |");
        Out csv = run("schedule", "--tasks", f.toString(), "--scheduler", "fcfs", "--format", "csv");
        assertThat(csv.out().lines().toList()).containsExactly("name,arrival,burst,start,finish,response,waiting,turnaround",
                "P1,0,24,0,24,0,0,24", "P2,0,3,24,27,24,24,27", "P3,0,3,27,30,27,27,30");
    }

    @Test
    void switchCostDelaysEveryStart() throws IOException {
        JsonNode j = schedule("name,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n", "--scheduler", "fcfs", "--switch-cost", "1ms");
        // Two switches of 1 ms: P2 starts at 25, P3 at 29.
        assertThat(column(j, "start")).containsExactly(0.0, 25.0, 29.0);
    }

    @Test
    void scheduleGanttChartIsWritten() throws IOException {
        Path f = file("t.csv", "name,arrival,burst\nP1,0,24\nP2,0,3\n");
        Path png = dir.resolve("g.png");
        assertThat(run("schedule", "--tasks", f.toString(), "--scheduler", "rr", "--quantum", "4ms", "--gantt", png.toString()).status()).isZero();
        byte[] b = Files.readAllBytes(png);
        assertThat(b).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void scheduleBadInputIsExitTwoNamingFileAndLine() throws IOException {
        Path f = file("bad.csv", "name,arrival,brust\nP1,0,5\n");
        Out o = run("schedule", "--tasks", f.toString(), "--scheduler", "fcfs");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("bad.csv:1:").contains("did you mean 'burst'?");
        assertThat(o.out()).isEmpty();
        Out q = run("schedule", "--tasks", file("ok.csv", "name,arrival,burst\nA,0,1\n").toString(), "--scheduler", "fcfs", "--quantum", "4ms");
        assertThat(q.status()).isEqualTo(2);
        assertThat(q.err()).contains("no --quantum");
        Out s = run("schedule", "--tasks", dir.resolve("ok.csv").toString(), "--scheduler", "fsfc");
        assertThat(s.status()).isEqualTo(2);
        assertThat(s.err()).contains("did you mean 'fcfs'?");
        Out missing = run("schedule", "--tasks", dir.resolve("none.csv").toString(), "--scheduler", "fcfs");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).endsWith("none.csv: does not exist");
    }

    // ---------------------------------------------------------------- realtime: R1 and R3

    /** R1: U = 0.9286 but RM meets every deadline; worst response times 3, 6, 20 (response-time analysis). */
    @Test
    void r1RateMonotonic() throws IOException {
        Path f = file("r1.csv", "name,period,wcet\nT1,7,3\nT2,12,3\nT3,20,5\n");
        Out o = run("realtime", "--tasks", f.toString(), "--scheduler", "rm", "--format", "json");
        assertThat(o.status()).as(o.err()).isZero();
        JsonNode j = json(o.out());
        assertThat(j.get("horizon").asDouble()).isEqualTo(420.0); // lcm(7, 12, 20)
        assertThat(j.get("totals").get("missed").asInt()).isZero();
        assertThat(column(j, "response_max")).containsExactly(3.0, 6.0, 20.0);
        // Releases at the horizon itself count (events at the horizon are included): one more job of each task at 420.
        assertThat(j.get("totals").get("jobs").asInt()).isEqualTo(60 + 35 + 21 + 3);
    }

    /** Without --gantt no schedule is kept (memory flat in the horizon); every figure printed is the same as with it. */
    @Test
    void realtimeFiguresDoNotDependOnKeepingTheSchedule() throws IOException {
        Path f = file("r3k.csv", "name,period,wcet\nA,10,3\nB,20,6\nC,40,18\n"); // U = 0.3 + 0.3 + 0.45 = 1.05: misses and preemptions
        Out plain = run("realtime", "--tasks", f.toString(), "--scheduler", "edf", "--horizon", "2s", "--format", "json");
        Out drawn = run("realtime", "--tasks", f.toString(), "--scheduler", "edf", "--horizon", "2s", "--format", "json",
                "--gantt", dir.resolve("g.svg").toString());
        assertThat(plain.status()).as(plain.err()).isEqualTo(drawn.status());
        JsonNode totals = json(plain.out()).get("totals");
        assertThat(totals.get("missed").asInt() + totals.get("dropped").asInt()).isPositive();
        assertThat(totals.get("preemptions").asInt()).isPositive();
        assertThat(plain.out()).isEqualTo(drawn.out());
        assertThat(dir.resolve("g.svg")).exists();
    }

    /** R3: harmonic, U = 0.9: no misses under RM or EDF; RM worst responses exactly 3, 9, 36. */
    @Test
    void r3HarmonicUnderRmAndEdf() throws IOException {
        Path f = file("r3.csv", "name,period,wcet\nA,10,3\nB,20,6\nC,40,12\n");
        JsonNode rm = json(run("realtime", "--tasks", f.toString(), "--scheduler", "rm", "--format", "json").out());
        assertThat(column(rm, "response_max")).containsExactly(3.0, 9.0, 36.0);
        assertThat(rm.get("totals").get("missed").asInt()).isZero();
        JsonNode edf = json(run("realtime", "--tasks", f.toString(), "--scheduler", "edf", "--horizon", "400ms", "--format", "json").out());
        assertThat(edf.get("totals").get("missed").asInt()).isZero();
        assertThat(edf.get("totals").get("jobs").asInt()).isEqualTo(40 + 20 + 10 + 3); // + the releases at 400 itself
    }

    @Test
    void realtimeOverloadMissesUnderEveryPolicyAndTableShowsTotals() throws IOException {
        Path f = file("over.csv", "name,period,wcet\nA,10,6\nB,10,6\n");
        for (String p : List.of("drop-when-infeasible", "abort-at-deadline", "continue")) {
            Out o = run("realtime", "--tasks", f.toString(), "--scheduler", "deadline", "--on-miss", p, "--horizon", "100ms");
            assertThat(o.status()).isZero();
            assertThat(o.out()).contains("totals: jobs 22"); // releases at 0, 10, ..., 100 of each task
            assertThat(o.out()).doesNotContain("missed 0,");
        }
        Out bad = run("realtime", "--tasks", f.toString(), "--scheduler", "fcfs");
        assertThat(bad.status()).isEqualTo(2);
        Out badMiss = run("realtime", "--tasks", f.toString(), "--scheduler", "edf", "--on-miss", "later");
        assertThat(badMiss.status()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- validate, list

    @Test
    void validateSaysOkOrExitsTwoWithPositions() throws IOException {
        Path ok = file("ok.yaml", "compare: {scheduler: [fcfs, rr]}\nworkload: {processes: [{name: a, program: [{compute: 1ms}]}]}\n");
        Out o = run("validate", ok.toString());
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("ok").contains("2 combinations");
        Path bad = file("bad.yaml", "compare: {schedular: [fcfs]}\nworkload: {processes: [{name: a, program: [{compute: 1ms}]}]}\n");
        Out b = run("validate", bad.toString());
        assertThat(b.status()).isEqualTo(2);
        assertThat(b.err()).contains("bad.yaml:1:11: compare.schedular").contains("did you mean 'scheduler'?");
        assertThat(b.err()).doesNotContain("Exception");
    }

    @Test
    void listPrintsEveryRegistry() {
        assertThat(run("list", "schedulers").out()).contains("time-sharing:").contains("quantum (default 10ms)").contains("edf:");
        assertThat(run("list", "fork-strategies").out()).contains("eager:").contains("cow:").contains("vfork:").contains("spawn:");
        assertThat(run("list", "generators").out()).contains("poisson:").contains("utilization (required)").contains("orphan-maker:");
        assertThat(run("list", "profiles").out()).contains("linux-6.18-kvm:").contains("bare-metal-literature:").contains("none:");
        Out bad = run("list", "scheduler");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("did you mean 'schedulers'?");
    }

    /** Every example runs with procsim run and gives a report (a hang in chart layout fails by timeout). */
    @ParameterizedTest
    @ValueSource(strings = {"compare-schedulers", "textbook", "cow-vs-eager", "pid-exhaustion", "realtime", "fork-bomb", "threads-vs-prefork", "pipeline", "signals", "container", "eevdf-vs-cfs", "sched-deadline"})
    @org.junit.jupiter.api.Timeout(120)
    void everyExampleRuns(String name) throws IOException {
        Path out = dir.resolve(name);
        Out o = run("run", Path.of("..", "examples", name + ".yaml").toString(), "--out", out.toString(), "--quiet", "--charts", "png");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(out.resolve("report.html")).exists();
        assertThat(json(Files.readString(out.resolve("summary.json"))).get("partial").asBoolean()).isFalse();
    }

    @Test
    void theSparkEngineOutsideTheLauncherIsAClearError() {
        Out o = run("run", Path.of("..", "examples", "textbook.yaml").toString(), "--engine", "spark", "--out", dir.resolve("x").toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--engine spark needs the Spark module").contains("./procsim run FILE --engine spark");
        Out bad = run("run", Path.of("..", "examples", "textbook.yaml").toString(), "--engine", "sprak");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--engine must be local or spark");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void demoFileIsAValidExperimentWithTheNineCombinations() {
        Out o = run("demo", "--print");
        assertThat(o.status()).isZero();
        var x = dev.procsim.workload.ExperimentParser.parse("demo.yaml", o.out(), null);
        assertThat(x.points()).hasSize(9);
        assertThat(x.schedulers()).extracting(s -> s.name()).containsExactly("time-sharing", "non-preemptive", "deadline");
        assertThat(x.forks()).containsExactly("eager", "cow", "vfork");
    }
}

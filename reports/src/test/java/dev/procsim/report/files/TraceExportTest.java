package dev.procsim.report.files;

import dev.procsim.report.text.FileNames;

import dev.procsim.report.job.ExperimentJobTest;

import dev.procsim.report.stats.Paired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** traces/<combination>.json: the Trace Event Format's rules, and every schedule segment of the run in it. */
class TraceExportTest {
    @TempDir
    Path dir;

    static JsonNode read(Path p) throws IOException {
        return new ObjectMapper().readTree(p.toFile());
    }

    /** The rules of the Trace Event Format that Perfetto and chrome://tracing rely on. */
    static void checkFormat(JsonNode trace) {
        assertThat(trace.get("traceEvents").isArray()).isTrue();
        Set<String> named = new HashSet<>();
        java.util.Map<Integer, Double> flowStart = new java.util.HashMap<>();
        Set<Integer> flowEnd = new HashSet<>();
        for (JsonNode e : trace.get("traceEvents")) {
            String ph = e.get("ph").asText();
            assertThat(ph).isIn("M", "X", "i", "s", "f", "C");
            assertThat(e.get("pid").isInt()).isTrue();
            if (ph.equals("C")) { // a counter: per process, a numeric value
                assertThat(e.get("ts").asDouble()).isNotNegative();
                assertThat(e.get("name").isTextual()).isTrue();
                assertThat(e.get("args").get("value").isNumber()).isTrue();
                continue;
            }
            if (ph.equals("s")) assertThat(flowStart.put(e.get("id").asInt(), e.get("ts").asDouble())).as("one start per flow").isNull();
            if (ph.equals("f")) { // a flow ends once, bound to the slice that encloses it, not before it starts
                assertThat(e.get("bp").asText()).isEqualTo("e");
                assertThat(flowEnd.add(e.get("id").asInt())).isTrue();
                assertThat(flowStart.get(e.get("id").asInt())).isNotNull().isLessThanOrEqualTo(e.get("ts").asDouble());
            }
            if (ph.equals("M")) {
                assertThat(e.get("name").asText()).isIn("process_name", "thread_name");
                assertThat(e.get("args").get("name").isTextual()).isTrue();
                if (e.has("tid")) named.add(e.get("pid").asInt() + "/" + e.get("tid").asInt());
                continue;
            }
            assertThat(e.get("tid").isInt()).isTrue();
            assertThat(e.get("ts").isNumber()).isTrue();
            assertThat(e.get("ts").asDouble()).isNotNegative();
            assertThat(e.get("name").isTextual()).isTrue();
            if (ph.equals("X")) assertThat(e.get("dur").asDouble()).isPositive();
            if (ph.equals("i")) assertThat(e.get("s").asText()).isIn("g", "p", "t");
            assertThat(named).as("every track is named before use").contains(e.get("pid").asInt() + "/" + e.get("tid").asInt());
        }
    }

    @Test
    void fcfsTextbookTraceHoldsTheScheduleWorkedByHand() throws IOException {
        Path out = dir.resolve("out");
        assertThat(ExperimentJobTest.cli("run", Path.of("..", "examples", "textbook.yaml").toString(), "--out", out.toString(), "--quiet",
                "--charts", "png")).isZero();
        JsonNode t = read(out.resolve("traces/fcfs.json"));
        checkFormat(t);
        // FCFS, all five at 0 in list order, no costs: P1 0-10, P2 10-11, P3 11-13, P4 13-14, P5 14-19 ms.
        List<String> cpu = new ArrayList<>();
        List<String> exits = new ArrayList<>();
        for (JsonNode e : t.get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("pid").asInt() == TraceExport.CPU_PROCESS) {
                cpu.add(e.get("name").asText() + " " + e.get("ts").asDouble() / 1000 + "+" + e.get("dur").asDouble() / 1000);
            }
            if (e.get("ph").asText().equals("i") && e.get("name").asText().equals("exit")) exits.add(e.get("ts").asDouble() / 1000 + "");
        }
        assertThat(cpu).containsExactly("P1 0.0+10.0", "P2 10.0+1.0", "P3 11.0+2.0", "P4 13.0+1.0", "P5 14.0+5.0");
        assertThat(exits).containsExactlyInAnyOrder("10.0", "11.0", "13.0", "14.0", "19.0");
        assertThat(t.get("otherData").get("combination").asText()).isEqualTo("fcfs cow"); // the full label: every factor
        assertThat(t.get("otherData").get("procsim_version").asText()).startsWith("procsim ");
        // between runs, the states: under FCFS each waits for the ones before it, runnable from 0 until it starts
        List<String> states = new ArrayList<>();
        for (JsonNode e : t.get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.path("cat").asText().equals("state")) {
                states.add(e.get("tid").asInt() + " " + e.get("name").asText() + " " + e.get("ts").asDouble() / 1000 + "+" + e.get("dur").asDouble() / 1000);
            }
        }
        assertThat(states).containsExactlyInAnyOrder("3 runnable 0.0+10.0", "4 runnable 0.0+11.0", "5 runnable 0.0+13.0", "6 runnable 0.0+14.0");
        // the report opens with findings, and its interactive Gantt holds the same segments: row, cpu, start, end (ns)
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html.indexOf("<h2>Findings</h2>")).isPositive().isLessThan(html.indexOf("<h2>Summary"));
        assertThat(html).contains("Paired differences from the baseline fcfs");
        assertThat(html).contains("{\"label\":\"fcfs\",\"rows\":[\"P1 (2)\",\"P2 (3)\",\"P3 (4)\",\"P4 (5)\",\"P5 (6)\"],"
                + "\"s\":[0,0,0,10000000,1,0,10000000,11000000,2,0,11000000,13000000,3,0,13000000,14000000,4,0,14000000,19000000]}");
        // one trace per combination, named after it, and its text form beside it
        try (var files = Files.list(out.resolve("traces"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("fcfs.json", "fcfs.sched.txt.gz", "priority.json",
                    "priority.sched.txt.gz", "rr-quantum=1ms.json", "rr-quantum=1ms.sched.txt.gz", "sjf.json", "sjf.sched.txt.gz");
        }
    }

    @Test
    void sleepsWithTheirReasonAndTheForkAndWakeUpFlowsAreOnTheTaskTracks() throws IOException {
        // one CPU, FCFS, no costs: p runs 0-1 ms, forks c and waits; c runs 1-3 ms and exits, waking p; p runs 3-4 ms.
        // By hand: p sleeps (wait) from 1 to 3 ms; a fork flow from p at 1 ms to c's run at 1 ms, a wake-up flow from c at
        // 3 ms to p's run at 3 ms.
        Path x = Files.writeString(dir.resolve("f.yaml"), """
                name: f
                horizon: 1s
                cpus: 1
                costs: none
                compare: {scheduler: [fcfs]}
                workload:
                  programs:
                    c: [{compute: 2ms}]
                  processes:
                    - {name: p, program: [{compute: 1ms}, {fork: c}, {wait: any}, {compute: 1ms}]}
                """);
        Path out = dir.resolve("fo");
        assertThat(ExperimentJobTest.cli("run", x.toString(), "--out", out.toString(), "--quiet", "--charts", "png")).isZero();
        JsonNode t = read(out.resolve("traces/fcfs-cow.json"));
        checkFormat(t);
        List<String> states = new ArrayList<>(), flows = new ArrayList<>();
        for (JsonNode e : t.get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("X") && e.path("cat").asText().equals("state")) {
                states.add(e.get("tid").asInt() + " " + e.get("name").asText() + " " + e.get("ts").asDouble() / 1000 + "+" + e.get("dur").asDouble() / 1000);
            }
            if (ph.equals("s") || ph.equals("f")) flows.add(ph + " " + e.get("name").asText() + " " + e.get("tid").asInt() + "@" + e.get("ts").asDouble() / 1000);
        }
        assertThat(states).containsExactly("2 sleeping: wait 1.0+2.0");
        assertThat(flows).containsExactly("s wake-up 3@3.0", "f wake-up 2@3.0", "s fork 2@1.0", "f fork 3@1.0");
        boolean counters = false;
        for (JsonNode e : t.get("traceEvents")) counters |= e.get("ph").asText().equals("C") && e.get("name").asText().equals("pids_in_use");
        assertThat(counters).isTrue();
    }

    @Test
    void everyScheduleSegmentOfEachFirstReplicationIsInItsTrace() throws IOException {
        Path x = Files.writeString(dir.resolve("small.yaml"), ExperimentJobTest.SMALL);
        Path out = dir.resolve("out");
        assertThat(ExperimentJobTest.cli("run", x.toString(), "--out", out.toString(), "--quiet", "--charts", "png", "--threads", "3")).isZero();
        List<String> rows = Files.readAllLines(out.resolve("schedule.csv"));
        String[] header = rows.get(0).split(",");
        int combos = 0;
        try (var files = Files.list(out.resolve("traces")).filter(f -> f.toString().endsWith(".json"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                combos++;
                JsonNode t = read(f);
                checkFormat(t);
                String label = t.get("otherData").get("combination").asText();
                Set<String> fromTrace = new HashSet<>();
                for (JsonNode e : t.get("traceEvents")) {
                    if (!e.get("ph").asText().equals("X") || e.get("pid").asInt() != TraceExport.CPU_PROCESS) continue;
                    long start = Math.round(e.get("ts").asDouble() * 1000);
                    long end = start + Math.round(e.get("dur").asDouble() * 1000);
                    fromTrace.add(e.get("tid").asInt() + "," + e.get("args").get("pid").asInt() + "," + start + "," + end);
                }
                Set<String> fromCsv = new HashSet<>();
                for (String r : rows.subList(1, rows.size())) {
                    String[] c = r.split(",");
                    String rowLabel = String.join(" ", c[1], c[2], "mem=" + c[3]);
                    if (!rowLabel.equals(label)) continue;
                    fromCsv.add(c[header.length - 5] + "," + c[header.length - 4] + "," + c[header.length - 2] + "," + c[header.length - 1]);
                }
                assertThat(fromCsv).as(label).isNotEmpty();
                assertThat(fromTrace).as(label).isEqualTo(fromCsv);
                assertThat(t.get("otherData").get("segments").asInt()).isEqualTo(fromCsv.size());
            }
        }
        assertThat(combos).isEqualTo(8);
        Path none = dir.resolve("none");
        assertThat(ExperimentJobTest.cli("run", x.toString(), "--out", none.toString(), "--quiet", "--charts", "png", "--traces", "none")).isZero();
        assertThat(none.resolve("traces")).doesNotExist();
    }

    /** Instant events of one kind on the task tracks: "name@ms detail". */
    static List<String> instants(JsonNode trace, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : trace.get("traceEvents")) {
            if (!e.get("ph").asText().equals("i") || !e.get("name").asText().equals(kind)) continue;
            JsonNode args = e.get("args");
            out.add(e.get("ts").asDouble() / 1000 + " " + args.fields().next().getValue().asText());
        }
        return out;
    }

    @Test
    void execsForkFailuresAndDeadlineMissesAreInstants() throws IOException {
        // One CPU, no costs, RM. T1 (4, 2, 4) outranks T2 (6, 3, 6): T1 0-2, T2 2-4, T1 4-6; T2's
        // first job still has 1 ms at its deadline, 6 ms (a miss, completed late at 7 ms). Its
        // second job runs 7-8 and 10-12 and meets its deadline, 12 ms; the run ends at 11 ms.
        Path x = Files.writeString(dir.resolve("inst.yaml"), """
                name: inst
                costs: none
                horizon: 11ms
                cpus: 1
                compare: {scheduler: [rm]}
                workload:
                  processes:
                    - {name: T1, program: [{periodic: {period: 4ms, wcet: 2ms, deadline: 4ms}}]}
                    - {name: T2, program: [{periodic: {period: 6ms, wcet: 3ms, deadline: 6ms}}]}
                """);
        Path out = dir.resolve("out");
        assertThat(ExperimentJobTest.cli("run", x.toString(), "--out", out.toString(), "--quiet", "--charts", "png")).isZero();
        JsonNode t = read(out.resolve("traces/rm-cow.json"));
        checkFormat(t);
        assertThat(instants(t, "deadline-miss")).containsExactly("6.0 late");
        // A shell under rlimit_nproc 2 (its own user's tasks; init is not one): its first fork makes
        // the second task, its second fork is refused; the child execs "tool" when it first runs,
        // after the shell blocks in wait at 0 (no costs). Two replications, both traced with "all".
        Path y = Files.writeString(dir.resolve("sh.yaml"), """
                name: sh
                costs: none
                replications: 2
                kernel: {rlimit_nproc: 2}
                compare: {scheduler: [fcfs]}
                workload:
                  programs:
                    tool: [{compute: 1ms}]
                    child: [{exec: {run: tool}}]
                  processes:
                    - {name: sh, program: [{fork: child}, {fork: child}, {wait: any}]}
                """);
        Path out2 = dir.resolve("out2");
        assertThat(ExperimentJobTest.cli("run", y.toString(), "--out", out2.toString(), "--quiet", "--charts", "png", "--traces", "all")).isZero();
        for (String f : List.of("fcfs-cow.json", "fcfs-cow.rep1.json")) {
            JsonNode s = read(out2.resolve("traces").resolve(f));
            checkFormat(s);
            assertThat(instants(s, "fork-failed")).as(f).containsExactly("0.0 nproc");
            assertThat(instants(s, "exec")).as(f).containsExactly("0.0 tool");
            assertThat(instants(s, "exit")).as(f).containsExactly("1.0 0", "1.0 0");
        }
        try (var files = Files.list(out2.resolve("traces"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(2);
        }
    }

    @Test
    void microsecondsAreExactAndNamesAreSafe() {
        assertThat(TraceExport.micros(0)).isEqualTo("0.000");
        assertThat(TraceExport.micros(1_234_567)).isEqualTo("1234.567");
        assertThat(TraceExport.micros(5)).isEqualTo("0.005");
        assertThat(FileNames.slug("rr(quantum=1ms) cow")).isEqualTo("rr-quantum=1ms-cow");
        assertThat(FileNames.slug("../../etc")).isEqualTo("..-..-etc");
    }
}

package dev.procsim.workload.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import dev.procsim.workload.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Trace import: a hand-made ftrace trace whose programs are worked out by hand, a perf recording
 * (tools/trace-workloads/pingpong.c on Linux 6.18, committed) checked against sums made from its
 * lines independently, and the error cases.
 */
class TraceImportTest {
    /*
     * ftrace text, one CPU. a (100) runs from 1.0000 s, forks b (101) at +0.3 ms, sleeps at +0.5 ms; b runs 1 ms, wakes a,
     * runs 0.5 ms more and exits; a runs 1 ms, sleeps, is woken by the idle task 10 ms later (a timer), runs 0.9 ms, exits.
     * By hand: a = compute 0.3 ms, fork b, compute 0.2 ms, wait for b (a pipe read), compute 1 ms, sleep 10 ms, compute
     * 0.9 ms, exit; b = compute 1 ms, write (wakes a), compute 0.5 ms, exit. a creates the pipe, as b's ancestor.
     */
    static final String FTRACE = """
            # tracer: nop
            #
            #           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
                      <idle>-0       [000] d..2.     1.000000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.000300: sched_process_fork: comm=a pid=100 child_comm=a child_pid=101
                           a-100     [000] d..2.     1.000301: sched_wakeup_new: comm=a pid=101 prio=120 target_cpu=000
                           a-100     [000] d..2.     1.000500: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=a next_pid=101 next_prio=120
                           a-101     [000] d..2.     1.001500: sched_waking: comm=a pid=100 prio=120 target_cpu=000
                           a-101     [000] d..2.     1.001501: sched_wakeup: comm=a pid=100 prio=120 target_cpu=000
                           a-101     [000] d..2.     1.002000: sched_switch: prev_comm=a prev_pid=101 prev_prio=120 prev_state=X ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.003000: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120
                      <idle>-0       [000] d..2.     1.013000: sched_waking: comm=a pid=100 prio=120 target_cpu=000
                      <idle>-0       [000] d..2.     1.013100: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=a next_pid=100 next_prio=120
                           a-100     [000] d..2.     1.014000: sched_switch: prev_comm=a prev_pid=100 prev_prio=120 prev_state=X ==> next_comm=swapper/0 next_pid=0 next_prio=120
            """;

    static String convert(String text, String only) throws IOException {
        StringWriter w = new StringWriter();
        TraceImport.convert(new BufferedReader(new StringReader(text)), "t.txt", "t", only == null ? null : Pattern.compile(only), w);
        return w.toString();
    }

    /** The program of {@code name} in the written file, one action per element, as written. */
    static List<String> program(String yaml, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : yaml.split("\n")) {
            if (line.equals("    " + name + ":")) in = true;
            else if (in && line.startsWith("      - ")) out.add(line.substring(8));
            else if (in) break;
        }
        return out;
    }

    @Test
    void aHandMadeFtraceTraceGivesTheProgramsWorkedOutByHand() throws IOException {
        String y = convert(FTRACE, null);
        assertThat(program(y, "a-100")).containsExactly("{pipe: w0}", "{compute: 300000ns}", "{fork: a-101}", "{compute: 200000ns}",
                "{read: {pipe: w0, bytes: 1B}}", "{compute: 1000000ns}", "{sleep: 10000000ns}", "{compute: 900000ns}", "{exit: 0}");
        assertThat(program(y, "a-101")).containsExactly("{compute: 1000000ns}", "{write: {pipe: w0, bytes: 1B}}", "{compute: 500000ns}",
                "{exit: 0}");
        assertThat(y).contains("horizon: 14000000ns", "cpus: 1\n", "- {name: a-100, at: 0ns, program: a-100}");
        // and it is an experiment procsim reads
        Experiment x = ExperimentParser.parse("t.yaml", y, Path.of("."));
        assertThat(x.points()).hasSize(1);
    }

    @Test
    void traceCmdReportsOwnRenderingOfTheEventsGivesTheSamePrograms() throws IOException {
        // trace-cmd report prints sched_switch as 'PREV:PID [PRIO] STATE ==> NEXT:PID [PRIO]' and sched_wakeup(_new) as
        // 'COMM:PID [PRIO] success=1 CPU:NNN' (libtraceevent's plugin_sched_switch.c), with the fields aligned after spaces
        String tc = FTRACE.replaceAll("sched_switch: prev_comm=(\\S+) prev_pid=(\\d+) prev_prio=(\\d+) prev_state=(\\S+) ==> next_comm=(\\S+) next_pid=(\\d+) next_prio=(\\d+)",
                "sched_switch:         $1:$2 [$3] $4 ==> $5:$6 [$7]")
                .replaceAll("(sched_wakeup(?:_new)?): comm=(\\S+) pid=(\\d+) prio=(\\d+) target_cpu=(\\d+)", "$1:   $2:$3 [$4] success=1 CPU:$5")
                .replace(" d..2. ", " ");
        assertThat(tc).contains("sched_switch:         swapper/0:0 [120] R ==> a:100 [120]", "sched_wakeup_new:   a:101 [120] success=1 CPU:000");
        assertThat(convert(tc, null)).isEqualTo(convert(FTRACE, null));
    }

    @Test
    void aWakeUpByATaskLeftOutBecomesTheSleepItWas() throws IOException {
        // keep only b's parent by name: b is its descendant and stays; keep neither but a... here: a task named 'b' does not exist
        String y = convert(FTRACE.replace("child_comm=a child_pid=101", "child_comm=c child_pid=101").replace("a-101", "c-101")
                .replace("prev_comm=a prev_pid=101", "prev_comm=c prev_pid=101").replace("next_comm=a next_pid=101", "next_comm=c next_pid=101")
                .replace("comm=a pid=101", "comm=c pid=101"), "^c$");
        // only c is kept (a is not its descendant): c is a process of its own, and writes to no one
        assertThat(program(y, "c-101")).containsExactly("{compute: 1000000ns}", "{compute: 500000ns}", "{exit: 0}");
        assertThat(y).doesNotContain("a-100:").contains("- {name: c-101, at: 300000ns, program: c-101}");
    }

    // ---- a perf recording ----

    static String resource(String name) throws IOException {
        try (InputStream in = TraceImportTest.class.getResourceAsStream("/traces/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final Pattern SWITCH = Pattern.compile("\\s(\\d+)\\.(\\d{6}):\\s+sched:sched_switch: prev_comm=.* prev_pid=(\\d+) .* next_pid=(\\d+) ");

    /** Each task's CPU time by summing its on-CPU intervals straight from the sched_switch lines (independently of the importer). */
    static Map<Integer, Long> cpuTimes(String text) {
        Map<Integer, Long> since = new HashMap<>(), total = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SWITCH.matcher(line);
            if (!m.find()) continue;
            long t = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000;
            int prev = Integer.parseInt(m.group(3)), next = Integer.parseInt(m.group(4));
            Long s = since.remove(prev);
            if (s != null) total.merge(prev, t - s, Long::sum);
            since.put(next, t);
        }
        return total;
    }

    static long computeSum(List<String> program) {
        long sum = 0;
        for (String a : program) {
            Matcher m = Pattern.compile("^\\{compute: (\\d+)ns}$").matcher(a);
            if (m.matches()) sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    @Test
    void aPerfRecordingsBurstsAddUpToEachTasksTracedCpuTime() throws IOException {
        String text = resource("pingpong-perf.txt");
        String y = convert(text, "pingpong");
        // the recorded parent (5016, perf-exec until its exec of pingpong: a program, and the one it execs) and the child it forked
        // (5018), nothing else
        assertThat(y).contains("    pingpong-5016:\n", "    pingpong-5016-exec1:\n", "    pingpong-5018:\n").doesNotContain("perf-");
        assertThat(y.lines().filter(l -> l.matches("    \\S+:")).count()).isEqualTo(3);
        assertThat(program(y, "pingpong-5016")).last().isEqualTo("{exec: pingpong-5016-exec1}");
        Map<Integer, Long> cpu = cpuTimes(text);
        // each task's CPU time, from its first switch-in, across its exec
        assertThat(computeSum(program(y, "pingpong-5018"))).isEqualTo(cpu.get(5018));
        assertThat(computeSum(program(y, "pingpong-5016")) + computeSum(program(y, "pingpong-5016-exec1"))).isEqualTo(cpu.get(5016));
        // each wake-up of the parent by the child is one read in the parent's program and one write in the child's
        long wakes = text.lines().filter(l -> l.contains(" 5018 [") && l.contains("sched_waking: comm=pingpong pid=5016 ")).count();
        assertThat(program(y, "pingpong-5016-exec1").stream().filter(a -> a.startsWith("{read:")).count()).isEqualTo(wakes);
        assertThat(program(y, "pingpong-5018").stream().filter(a -> a.startsWith("{write:")).count()).isEqualTo(wakes);
        assertThat(wakes).isPositive();
        assertThat(program(y, "pingpong-5016-exec1")).contains("{fork: pingpong-5018}");
        ExperimentParser.parse("pp.yaml", y, Path.of("."));
    }

    /** Every committed recording of tools/trace-workloads: each kept task's bursts add up to its traced CPU time. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pingpong", "hogs_nice", "waker", "hackbench", "forkstorm"})
    void eachCommittedRecordingsBurstsAddUpToItsTasksCpuTimes(String name) throws IOException {
        Path f = Path.of("..", "tools", "trace-workloads", "recordings", name + ".perf.txt.gz");
        String text;
        try (InputStream in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(f))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String y = convert(text, "^" + name + "$");
        Map<Integer, Long> cpu = cpuTimes(text);
        int programs = 0;
        for (String line : y.split("\n")) {
            Matcher m = Pattern.compile("^    (\\S+)-(\\d+):$").matcher(line);
            if (!m.matches()) continue;
            programs++;
            long sum = computeSum(program(y, m.group(1) + "-" + m.group(2)));
            assertThat(sum).as(line).isEqualTo(cpu.getOrDefault(Integer.parseInt(m.group(2)), 0L));
        }
        assertThat(programs).isGreaterThan(1);
    }

    // ---- errors ----

    static InputException error(String text) {
        try {
            convert(text, null);
        } catch (InputException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for:\n" + text);
    }

    @Test
    void aTruncatedLineIsAnErrorAtItsLine() {
        String cut = FTRACE.substring(0, FTRACE.indexOf("1.000500") + 5); // ends inside the fourth event line, in its time
        InputException e = error(cut);
        assertThat(e.getMessage()).startsWith("t.txt:7:1: line: not a trace event");
    }

    @Test
    void knownEventsWithFieldsThatDoNotParseAreErrorsAtTheirColumn() {
        String bad = FTRACE.replace("prev_state=S ==> next_comm=a next_pid=101", "prev_state=S --> next_comm=a next_pid=101");
        InputException e = error(bad);
        assertThat(e.getMessage()).startsWith("t.txt:7:").contains("sched_switch: fields do not parse: expected 'prev_comm=C");
    }

    @Test
    void timeGoingBackwardsIsAnError() {
        String bad = FTRACE.replace("1.003000: sched_switch", "1.000400: sched_switch");
        InputException e = error(bad);
        assertThat(e.getMessage()).startsWith("t.txt:11:").contains("time goes backwards: 1.000400000 s after 1.002000000 s");
    }

    @Test
    void otherEventsAreSkippedAndATraceWithoutSchedulingEventsIsRefused() throws IOException {
        String extra = FTRACE.replace("# tracer: nop\n", "# tracer: nop\n          <idle>-0       [000] d.h1.     0.999000: irq_handler_entry: irq=1 name=x\n");
        TraceTimelines tl = new TraceTimelines();
        SchedTraceReader r = new SchedTraceReader("t.txt", tl);
        r.read(new BufferedReader(new StringReader(extra)));
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.events()).isEqualTo(11);
        assertThat(error("# nothing\n").getMessage()).contains("no scheduling events found");
    }

    @Test
    void aPerfScriptLineWithPidSlashTidAndSpacesInTheNameIsRead() throws IOException {
        String perf = """
                 Web Content  4000/4001 [001] 5.000000: sched:sched_switch: prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=Web Content next_pid=4001 next_prio=125
                 Web Content  4000/4001 [001] 5.002000: sched:sched_switch: prev_comm=Web Content prev_pid=4001 prev_prio=125 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120
                """;
        String y = convert(perf + "             :-1    -1 [001] 5.003000:       sched:sched_switch: prev_comm=x prev_pid=4002 prev_prio=120"
                + " prev_state=X ==> next_comm=swapper/1 next_pid=0 next_prio=120\n", null); // perf's name for a task already reaped
        assertThat(program(y, "Web_Content-4001")).containsExactly("{compute: 2000000ns}");
        assertThat(y).contains("cpus: 2", "nice: 5"); // prio 125: nice 5
    }

    static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}

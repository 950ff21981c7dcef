package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** procsim import: a recorded trace in, an experiment out that runs; bad traces and outputs refused with nothing written. */
class ImportCliTest {
    static final Path TRACE = Path.of("..", "workloads", "src", "test", "resources", "traces", "pingpong-perf.txt");

    @TempDir
    Path dir;

    /** Each task's traced CPU time, from the sched_switch lines (independent of the importer). */
    static Map<Integer, Long> tracedCpu() throws IOException {
        Pattern p = Pattern.compile("\\s(\\d+)\\.(\\d{6}):\\s+sched:sched_switch: .* prev_pid=(\\d+) .* next_pid=(\\d+) ");
        Map<Integer, Long> since = new HashMap<>(), total = new HashMap<>();
        for (String line : Files.readAllLines(TRACE)) {
            Matcher m = p.matcher(line);
            if (!m.find()) continue;
            long t = Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1000;
            Long s = since.remove(Integer.parseInt(m.group(3)));
            if (s != null) total.merge(Integer.parseInt(m.group(3)), t - s, Long::sum);
            since.put(Integer.parseInt(m.group(4)), t);
        }
        return total;
    }

    @Test
    void anImportedRecordingRunsAndEachTaskGetsTheCpuTimeItWasTraced() throws IOException {
        Path y = dir.resolve("pp.yaml");
        Out o = CliTest.run("import", TRACE.toString(), "--only", "pingpong", "-o", y.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).contains("2 of 7 tasks", "2 CPUs", "written to");
        Out r = CliTest.run("run", y.toString(), "--out", dir.resolve("res").toString(), "--quiet", "--charts", "png");
        assertThat(r.status()).as(r.err()).isZero();
        Map<Integer, Long> cpu = tracedCpu();
        List<String> rows = Files.readAllLines(dir.resolve("res/tasks.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int name = header.indexOf("name"), cpuNs = header.indexOf("cpu_ns"), outcome = header.indexOf("outcome"),
                detail = header.indexOf("outcome_detail");
        int seen = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            int pid = Integer.parseInt(c[name].substring(c[name].lastIndexOf('-') + 1));
            assertThat(Long.parseLong(c[cpuNs])).as(c[name]).isEqualTo(cpu.get(pid)); // costs: none: the bursts are all the CPU time
            assertThat(c[outcome]).isEqualTo("exit");
            assertThat(c[detail]).isEqualTo("0");
            seen++;
        }
        assertThat(seen).isEqualTo(2);
    }

    @Test
    void aGzippedTraceReadsTheSameAndTheOutputGoesToStandardOutputWithoutOutput() throws IOException {
        Path gz = dir.resolve("pp.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(TRACE));
        }
        Out a = CliTest.run("import", gz.toString(), "--only", "pingpong", "--name", "pp");
        Out b = CliTest.run("import", TRACE.toString(), "--only", "pingpong", "--name", "pp");
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(a.out().replace(gz.toString(), "X")).isEqualTo(b.out().replace(TRACE.toString(), "X")).contains("name: pp\n");
    }

    @Test
    void aBadTraceIsExit2AtItsLineAndLeavesNoFile() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.txt"), Files.readString(TRACE).lines().limit(5).reduce("", (x, l) -> x + l + "\n")
                + "        pingpong  5016 [000] 16829.70\n");
        Path y = dir.resolve("w.yaml");
        Out o = CliTest.run("import", bad.toString(), "-o", y.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith(bad + ":6:1: line: not a trace event");
        assertThat(y).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bad.txt"); // no temporary left
        }
    }

    @Test
    void aFileProcsimDidNotWriteIsNotReplaced() throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), "name: mine\n");
        Out o = CliTest.run("import", TRACE.toString(), "-o", mine.toString());
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("exists and procsim did not write it");
        assertThat(Files.readString(mine)).isEqualTo("name: mine\n");
        // one it wrote is replaced
        Path ours = dir.resolve("ours.yaml");
        assertThat(CliTest.run("import", TRACE.toString(), "-o", ours.toString()).status()).isZero();
        assertThat(CliTest.run("import", TRACE.toString(), "--only", "pingpong", "-o", ours.toString()).status()).isZero();
        assertThat(Files.readString(ours)).startsWith("# written by procsim import");
        assertThat(CliTest.run("import", TRACE.toString(), "--only", "(").err()).contains("--only: not a regular expression");
        Out three = CliTest.run("import", TRACE.toString(), "--only", "pingpong", "--schedulers", "eevdf,cfs,rr");
        assertThat(three.out()).contains("compare: {scheduler: [eevdf, cfs, rr]}\n");
        Out bad = CliTest.run("import", TRACE.toString(), "--schedulers", "nope");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--schedulers: no policy 'nope'");
        assertThat(CliTest.run("import", TRACE.toString(), "--only", "nosuchtask").err()).contains("no task of the trace has a name matching");
    }

    @Test
    void anImportedTraceExportsToRtAppWithItsWakeUpsAsSuspendAndResume() throws IOException {
        Path y = dir.resolve("pp.yaml"), j = dir.resolve("pp.json");
        assertThat(CliTest.run("import", TRACE.toString(), "--only", "pingpong", "-o", y.toString()).status()).isZero();
        Out o = CliTest.run("export", "--rt-app", y.toString(), "-o", j.toString());
        assertThat(o.status()).as(o.err()).isZero();
        String json = Files.readString(j);
        long reads = Files.readString(y).lines().filter(l -> l.contains("{read: {pipe:")).count();
        assertThat(json.lines().filter(l -> l.contains("\"suspend")).count()).isEqualTo(reads);
        assertThat(json.lines().filter(l -> l.contains("\"resume")).count()).isEqualTo(reads);
        // a user's file is not replaced; procsim's is
        Path mine = Files.writeString(dir.resolve("mine.json"), "{}");
        assertThat(CliTest.run("export", "--rt-app", y.toString(), "-o", mine.toString()).status()).isEqualTo(2);
        assertThat(Files.readString(mine)).isEqualTo("{}");
        assertThat(CliTest.run("export", "--rt-app", y.toString(), "-o", j.toString()).status()).isZero();
    }

    @Test
    void aProcsimRunsTextTraceImportsBackToProgramsWithItsCpuTimes() throws IOException {
        // two tasks on one CPU, costs none: each computes and sleeps; the run's traces/*.sched.txt.gz read back by import gives
        // each task bursts that add up to the CPU time tasks.csv gives it
        Path x = Files.writeString(dir.resolve("x.yaml"), """
                name: x
                horizon: 1s
                cpus: 1
                costs: none
                compare: {scheduler: [rr]}
                workload:
                  processes:
                    - {name: a, program: [{compute: 3ms}, {sleep: 2ms}, {compute: 4ms}]}
                    - {name: b, program: [{compute: 5ms}, {sleep: 1ms}, {compute: 1ms}]}
                """);
        assertThat(CliTest.run("run", x.toString(), "--out", dir.resolve("r").toString(), "--quiet", "--charts", "png").status()).isZero();
        Path trace;
        try (Stream<Path> s = Files.list(dir.resolve("r/traces"))) {
            trace = s.filter(f -> f.toString().endsWith(".sched.txt.gz")).findFirst().orElseThrow();
        }
        Out o = CliTest.run("import", trace.toString());
        assertThat(o.status()).as(o.err()).isZero();
        Map<String, Long> cpu = new HashMap<>();
        List<String> rows = Files.readAllLines(dir.resolve("r/tasks.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            cpu.put(c[header.indexOf("name")] + "-" + c[header.indexOf("pid")], Long.parseLong(c[header.indexOf("cpu_ns")]));
        }
        assertThat(cpu).hasSize(2);
        for (var e : cpu.entrySet()) {
            long sum = 0;
            boolean in = false;
            for (String line : o.out().split("\n")) {
                if (line.equals("    " + e.getKey() + ":")) in = true;
                else if (in && line.startsWith("      - {compute: ")) sum += Long.parseLong(line.replaceAll("\\D", ""));
                else if (in && !line.startsWith("      - ")) break;
            }
            assertThat(sum).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(o.out()).contains("{sleep: 2000000ns}");
    }

    @Test
    void compareARecordingWithItselfAndWithItsReplay() throws IOException {
        Out same = CliTest.run("compare", TRACE.toString(), TRACE.toString(), "--only", "pingpong");
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.out()).contains("pingpong-5016", "pingpong-5018", "Kolmogorov-Smirnov D = 0.000").doesNotContain("only in");
        Path y = dir.resolve("pp.yaml");
        assertThat(CliTest.run("import", TRACE.toString(), "--only", "pingpong", "-o", y.toString()).status()).isZero();
        assertThat(CliTest.run("run", y.toString(), "--out", dir.resolve("res").toString(), "--quiet", "--charts", "png").status()).isZero();
        Path png = dir.resolve("lat.png");
        Out c = CliTest.run("compare", TRACE.toString(), dir.resolve("res").toString(), "--only", "pingpong", "--chart", png.toString());
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(png).exists();
        assertThat(CliTest.run("compare", TRACE.toString(), TRACE.toString(), "--chart", dir.resolve("x.txt").toString()).err())
                .contains("--chart must name a .png, .svg or .pdf file");
        assertThat(c.out()).contains("pingpong-5016 ", "pingpong-5018 ", "all 2 matched");
        Out bad = CliTest.run("compare", TRACE.toString(), dir.resolve("nothing").toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("no such file or folder");
    }

    @Test
    void procsimsJsonTraceImportsBackToTheProgramsThatMadeIt() throws IOException {
        // p computes 1 ms, forks c and waits; c computes 2 ms and exits (waking p); p computes 1 ms: from the JSON trace's running
        // slices, sleeping slice and wake-up flow, import gives back those programs, the wait as a read of c's write
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
        assertThat(CliTest.run("run", x.toString(), "--out", dir.resolve("r").toString(), "--quiet", "--charts", "png").status()).isZero();
        Path json = dir.resolve("r/traces/fcfs-cow.json");
        Out o = CliTest.run("import", json.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("""
                    p-2:
                      - {pipe: w0}
                      - {compute: 1000000ns}
                      - {fork: c-3}
                      - {read: {pipe: w0, bytes: 1B}}
                      - {compute: 1000000ns}
                      - {exit: 0}
                    c-3:
                      - {compute: 2000000ns}
                      - {write: {pipe: w0, bytes: 1B}}
                      - {exit: 0}
                """);
        // the JSON and the text trace of one run measure the same
        Out c = CliTest.run("compare", json.toString(), dir.resolve("r/traces/fcfs-cow.sched.txt.gz").toString());
        assertThat(c.out()).contains("Kolmogorov-Smirnov D = 0.000").doesNotContain("only in");
        // a JSON file that is not procsim's trace
        Path other = Files.writeString(dir.resolve("other.json"), "{\"traceEvents\": []}");
        Out bad = CliTest.run("import", other.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("not a procsim trace");
    }
}

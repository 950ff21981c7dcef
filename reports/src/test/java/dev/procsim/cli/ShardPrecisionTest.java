package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With shards, a precision is judged at the merge: it says whether it was reached and the count to run the shards with next. */
class ShardPrecisionTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = """
            name: mm1
            seed: 4
            replications: 3
            costs: none
            cpus: 1
            compare: {scheduler: [fcfs], fork: [cow]}
            statistics: {precision: {metric: mean_turnaround_ns, relative: 0.01, max_replications: 50}}
            workload:
              arrivals: [{poisson: {rate: 800/s, count: 200, burst: {exp: 1ms}}}]
            """;

    @Test
    void theMergeSaysWhetherThePrecisionWasReachedAndWhatToRunNext() throws Exception {
        Path file = Files.writeString(dir.resolve("mm1.yaml"), EXPERIMENT);
        Path s1 = dir.resolve("s1"), s2 = dir.resolve("s2"), all = dir.resolve("all");
        assertThat(CliTest.run("run", file.toString(), "--shard", "1/2", "--out", s1.toString(), "--quiet").status()).isZero();
        assertThat(CliTest.run("run", file.toString(), "--shard", "2/2", "--out", s2.toString(), "--quiet").status()).isZero();
        CliTest.Out m = CliTest.run("run", file.toString(), "--merge", s1 + "," + s2, "--out", all.toString(), "--quiet");
        assertThat(m.status()).as(m.err()).isZero();
        // 3 replications of 200 customers are nowhere near 1%: the merge asks for more, at most double (6)
        assertThat(m.err()).contains("precision not reached with 3 replications: run the shards again with --replications 6 and merge them");
        assertThat(Files.readString(all.resolve("summary.json"))).contains("\"met\" : false").contains("\"replications\" : 3");
    }
}

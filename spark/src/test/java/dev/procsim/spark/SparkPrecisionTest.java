package dev.procsim.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procsim.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequential stopping on Spark: the driver decides each next batch, and the files are those of the
 * local engine's sequential run, byte for byte (the same count reached, the same runs).
 */
class SparkPrecisionTest {
    @TempDir
    Path dir;

    static final String EXPERIMENT = """
            name: mm1
            seed: 4
            replications: 3
            costs: none
            cpus: 1
            compare: {scheduler: [fcfs, sjf], fork: [cow]}
            statistics: {warmup: auto, precision: {metric: mean_turnaround_ns, relative: 0.1, max_replications: 24}}
            workload:
              arrivals: [{poisson: {rate: 800/s, count: 300, burst: {exp: 1ms}}}]
            """;

    static int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int status = Main.execute(args, p, p);
        assertThat(status).as(sink.toString(StandardCharsets.UTF_8)).isZero();
        return status;
    }

    @Test
    void theDriverAddsBatchesUntilThePrecisionAndGivesTheLocalFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("mm1.yaml"), EXPERIMENT);
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        run("run", file.toString(), "--out", local.toString(), "--quiet", "--charts", "png", "--threads", "2");
        run("run", file.toString(), "--out", spark.toString(), "--quiet", "--charts", "png", "--engine", "spark", "--master", "local[2]");
        int n = new ObjectMapper().readTree(local.resolve("summary.json").toFile()).get("replications").asInt();
        assertThat(n).isGreaterThan(3); // a batch was added
        for (String f : List.of("summary.csv", "aggregates.csv", "tasks.csv")) {
            assertThat(Files.readAllBytes(spark.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
        }
        assertThat(new ObjectMapper().readTree(spark.resolve("summary.json").toFile()).get("statistics"))
                .isEqualTo(new ObjectMapper().readTree(local.resolve("summary.json").toFile()).get("statistics"));
    }
}

package dev.procsim.spark;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same experiment through Spark (local[2]) and through the local engine gives the same files, byte for byte. */
class SparkEngineTest {
    @TempDir
    Path dir;

    static final List<String> FILES = List.of("summary.csv", "aggregates.csv", "aggregates-long.csv", "tasks.csv", "timeseries.csv",
            "schedule.csv", "summary.json");

    @Test
    void sparkLocal2AndProcsimRunWriteTheSameFiles() throws Exception {
        Path file = Path.of("..", "examples", "cow-vs-eager.yaml");
        Experiment x = ExperimentParser.read(file).with(7, 2);
        ExperimentJob.Options o = new ExperimentJob.Options(2, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false,
                TraceExport.Scope.FIRST);
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        ExperimentJob.run(x, local, o, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        new SparkEngine().run(file, x, spark, "local[2,4]", o, new PrintWriter(Writer.nullWriter()));
        for (String f : FILES) {
            assertThat(Files.readAllBytes(spark.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
        }
        // a run whose first attempt fails (as on a lost executor) is retried: the same files again
        System.setProperty(RunTask.FAIL_FIRST_ATTEMPT, "5");
        try {
            Path retried = dir.resolve("retried");
            new SparkEngine().run(file, x, retried, "local[2,4]", o, new PrintWriter(Writer.nullWriter()));
            for (String f : FILES) {
                assertThat(Files.readAllBytes(retried.resolve(f))).as(f).isEqualTo(Files.readAllBytes(local.resolve(f)));
            }
        } finally {
            System.clearProperty(RunTask.FAIL_FIRST_ATTEMPT);
        }
    }

    @Test
    void aRunThatFailsOnEveryAttemptIsReportedWithItsIndex() throws Exception {
        // local[2,1]: one attempt per task, so the injected failure of run 1 is final
        System.setProperty(RunTask.FAIL_FIRST_ATTEMPT, "1");
        try {
            Path file = Path.of("..", "examples", "textbook.yaml");
            Experiment x = ExperimentParser.read(file);
            ExperimentJob.Options o = new ExperimentJob.Options(1, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false,
                    TraceExport.Scope.NONE);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SparkEngine().run(file, x, dir.resolve("failed"), "local[2,1]", o,
                    new PrintWriter(Writer.nullWriter())))
                    .isInstanceOf(dev.procsim.report.run.ExperimentRunner.SimulationFailure.class)
                    .hasMessageContaining("run 1: injected failure");
            assertThat(dir.resolve("failed")).doesNotExist();
        } finally {
            System.clearProperty(RunTask.FAIL_FIRST_ATTEMPT);
        }
    }
}

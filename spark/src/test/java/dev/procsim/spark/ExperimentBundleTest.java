package dev.procsim.spark;

import dev.procsim.report.chart.ChartRenderer;
import dev.procsim.report.files.TraceExport;
import dev.procsim.report.job.ExperimentJob;
import dev.procsim.report.text.Lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle carries the files an experiment names, and parses to the same experiment and runs once they are gone from the disk. */
class ExperimentBundleTest {
    @TempDir
    Path dir;

    /**
     * An experiment that names three files in a subfolder: a task list, and two files of empirical
     * durations, one per value of a swept parameter (so one is named only at the second sweep point).
     */
    static Path writeExperiment(Path home) throws java.io.IOException {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("relocated.yaml"), """
                name: relocated
                seed: 5
                replications: 2
                costs: none
                compare:
                  scheduler: [fcfs, {name: rr, quantum: 2ms}]
                sweep:
                  noise: [short, long]
                workload:
                  tasks: {file: data/tasks.csv}
                  processes:
                    - {name: noisy, at: 1ms, count: 2, spacing: 3ms, program: [{compute: {empirical: "data/${noise}.txt"}}, {io: 1ms}, {compute: 2ms}]}
                """);
        Files.writeString(home.resolve("data/tasks.csv"), "# unit: ms\nname,arrival,burst\nA,0,6\nB,1,3\nC,2,8\nD,4,2\n");
        Files.writeString(home.resolve("data/short.txt"), "# durations, one a line\n1ms\n2ms\n2.5ms\n");
        Files.writeString(home.resolve("data/long.txt"), "7ms\n9ms\n12ms\n");
        return home.resolve("relocated.yaml");
    }

    static final ExperimentJob.Options OPTIONS = new ExperimentJob.Options(1, 1, 1, Lang.EN, List.of(ChartRenderer.Format.PNG), true, false,
            TraceExport.Scope.FIRST);

    @Test
    void carriesEveryFileNamedAndParsesWithoutThem() throws Exception {
        Path home = dir.resolve("home");
        Experiment x = ExperimentParser.read(writeExperiment(home));
        // the independent answer: the runs from the disk, while the files are there
        Path fromDisk = dir.resolve("disk"), fromBundle = dir.resolve("bundle");
        ExperimentJob.run(x, fromDisk, OPTIONS, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        ExperimentBundle b = ExperimentBundle.of(x);
        assertThat(b.files()).containsExactlyInAnyOrder("data/tasks.csv", "data/short.txt", "data/long.txt");

        // as an executor receives it (Java serialization, Spark's default), with the driver's folder gone
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(b);
        }
        Zip.delete(home);
        assertThat(home).doesNotExist();
        ExperimentBundle received;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            received = (ExperimentBundle) in.readObject();
        }
        Experiment y = received.parse();
        assertThat(y).isEqualTo(x);
        assertThat(y.file()).isEqualTo(x.file());
        assertThat(y.sourceSha256()).isEqualTo(x.sourceSha256());

        // its runs (which read the empirical files again, from the bundle now) write what the runs from the disk wrote
        ExperimentJob.run(y, fromBundle, OPTIONS, new PrintWriter(Writer.nullWriter()), new AtomicBoolean());
        for (String f : SparkEngineTest.FILES) {
            assertThat(Files.readAllBytes(fromBundle.resolve(f))).as(f).isEqualTo(Files.readAllBytes(fromDisk.resolve(f)));
        }
    }

    @Test
    void aFileIsKeyedByItsPathFromTheExperimentsFolder() {
        Path home = Path.of("/srv/exp");
        assertThat(ExperimentBundle.key(home, home.resolve("data/./tasks.csv"))).isEqualTo("data/tasks.csv");
        assertThat(ExperimentBundle.key(home, home.resolve("../shared/values.txt"))).isEqualTo("../shared/values.txt");
        assertThat(ExperimentBundle.key(home, Path.of("/opt/lists/t.csv"))).isEqualTo("../../opt/lists/t.csv");
    }
}

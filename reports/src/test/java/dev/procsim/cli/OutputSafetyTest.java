package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** procsim replaces only what it wrote itself: every kind of --out and --gantt target. */
class OutputSafetyTest {
    @TempDir
    Path dir;
    Path experiment;
    Path tasks;

    @BeforeEach
    void files() throws IOException {
        tasks = dir.resolve("t.csv");
        Files.writeString(tasks, "name,arrival,burst\nP1,0,5\nP2,1,3\n");
        experiment = dir.resolve("x.yaml");
        Files.writeString(experiment, "name: x\ncosts: none\nworkload: {tasks: {file: t.csv}}\n");
    }

    Out run(Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("run", experiment.toString(), "--out", out.toString(), "--quiet", "--threads", "1"),
                Stream.of(extra)).toArray(String[]::new);
        return CliTest.run(args);
    }

    static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void aMissingPathGetsAResultWithItsMarker() {
        Out o = run(dir.resolve("new/res"));
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(dir.resolve("new/res/summary.json")).exists();
        assertThat(dir.resolve("new/res/.procsim-result")).content().contains("summary.json", "charts/");
    }

    @Test
    void anEmptyFolderIsUsed() throws IOException {
        Path out = Files.createDirectories(dir.resolve("empty"));
        assertThat(run(out).status()).isZero();
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void aFolderOfTheUsersFilesIsRefusedAndKept() throws IOException {
        Path out = dir.resolve("mine");
        write(out.resolve("notes.txt"), "keep me");
        write(out.resolve("sub/deep/nested.txt"), "me too");
        Out o = run(out);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("procsim did not write", "notes.txt", "--force").doesNotContain("Exception");
        assertThat(out.resolve("notes.txt")).hasContent("keep me");
        assertThat(out.resolve("sub/deep/nested.txt")).hasContent("me too");
        assertThat(out.resolve("summary.json")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theCurrentFolderIsRefused() {
        // the experiment and its task list are in it: both must survive
        Out o = run(dir);
        assertThat(o.status()).isEqualTo(2);
        assertThat(experiment).exists();
        assertThat(tasks).exists();
    }

    @Test
    void anExistingFileIsRefusedEvenWithForce() throws IOException {
        Path f = write(dir.resolve("afile.txt"), "data");
        for (String[] extra : new String[][] {{}, {"--force"}}) {
            Out o = run(f, extra);
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("not a folder");
            assertThat(f).isRegularFile().hasContent("data");
        }
    }

    @Test
    void aPreviousResultIsReplacedWhole() throws IOException {
        Path out = dir.resolve("res");
        assertThat(run(out).status()).isZero();
        // a file the previous result listed but which the new one will not have: gone after the replacement
        Path stale = write(out.resolve("charts/stale.png"), "old chart");
        Files.writeString(out.resolve(".procsim-result"), "charts/stale.png\n", java.nio.file.StandardOpenOption.APPEND);
        Out o = run(out);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(out.resolve("summary.json")).exists();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aPreviousResultWithANestedUserFileIsRefusedThenWrittenBesideItWithForce() throws IOException {
        Path out = dir.resolve("res");
        assertThat(run(out).status()).isZero();
        Path mine = write(out.resolve("charts/my-notes/n.txt"), "mine");
        Out o = run(out);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("charts/my-notes/n.txt");
        o = run(out, "--force");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(mine).hasContent("mine");
        assertThat(out.resolve("summary.json")).exists();
        // the new marker lists procsim's files, not the user's
        assertThat(out.resolve(".procsim-result")).content().contains("summary.json").doesNotContain("n.txt");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void forceNeverOverwritesAUserFileWithAResultName() throws IOException {
        Path out = dir.resolve("mine");
        Path report = write(out.resolve("report.html"), "my own report");
        Out o = run(out, "--force");
        assertThat(o.status()).isEqualTo(2);
        assertThat(report).hasContent("my own report");
    }

    @Test
    void anUnwritablePlaceIsOneLineWithExit2() throws IOException {
        Path blocker = write(dir.resolve("blocker"), "a file where a folder should be");
        Out o = run(blocker.resolve("sub/out"));
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).contains("blocker").doesNotContain("Exception", "\tat ");
        assertThat(blocker).hasContent("a file where a folder should be");
    }

    @Test
    void mergeOutFollowsTheSameRule() throws IOException {
        Path s1 = dir.resolve("s1"), s2 = dir.resolve("s2");
        assertThat(run(s1, "--shard", "1/2").status()).isZero();
        assertThat(run(s2, "--shard", "2/2").status()).isZero();
        Path out = dir.resolve("merged");
        write(out.resolve("keep.txt"), "keep");
        Out o = CliTest.run("run", experiment.toString(), "--merge", s1 + "," + s2, "--out", out.toString(), "--quiet");
        assertThat(o.status()).isEqualTo(2);
        assertThat(out.resolve("keep.txt")).hasContent("keep");
        assertThat(out.resolve("summary.json")).doesNotExist();
    }

    @Test
    void ganttReplacesOnlyItsOwnChart() throws IOException {
        for (String ext : new String[] {"png", "svg"}) {
            Path g = dir.resolve("g." + ext);
            Out o = CliTest.run("schedule", "--tasks", tasks.toString(), "--scheduler", "fcfs", "--gantt", g.toString());
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(g).isRegularFile();
            long size = Files.size(g);
            // written by procsim: replaced
            o = CliTest.run("schedule", "--tasks", tasks.toString(), "--scheduler", "rr", "--quantum", "1ms", "--gantt", g.toString());
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(Files.size(g)).isPositive().isNotEqualTo(size);
            // a user's file of that name: refused before anything is printed
            Path user = write(dir.resolve("user." + ext), "my picture");
            o = CliTest.run("schedule", "--tasks", tasks.toString(), "--scheduler", "fcfs", "--gantt", user.toString());
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("procsim did not write it");
            assertThat(o.out()).isEmpty();
            assertThat(user).hasContent("my picture");
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aPngIsStillAValidImageAfterSigning() throws IOException {
        Path g = dir.resolve("g.png");
        assertThat(CliTest.run("schedule", "--tasks", tasks.toString(), "--scheduler", "fcfs", "--gantt", g.toString()).status()).isZero();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(g.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isPositive();
    }

    /** Hidden temporary folders left in the test folder. */
    private java.util.List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}

package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** --out as users give it: through a symbolic link, in a read-only folder, under a umask. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class OutputFolderTest {
    @TempDir
    Path dir;
    Path experiment;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("t.csv"), "name,arrival,burst\nP1,0,5\nP2,1,3\n");
        experiment = Files.writeString(dir.resolve("x.yaml"), "name: x\ncosts: none\nworkload: {tasks: {file: t.csv}}\n");
    }

    Out run(Path out, String... extra) {
        String[] args = Stream.concat(Stream.of("run", experiment.toString(), "--out", out.toString(), "--quiet", "--threads", "1"),
                Stream.of(extra)).toArray(String[]::new);
        return CliTest.run(args);
    }

    // ------------------------------------------------------------------ a symbolic link as --out

    @Test
    void aLinkToAFolderIsFollowedAndStaysALink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("disk/results"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Out o = run(link);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(real.resolve("summary.json")).isRegularFile();
        assertThat(real.resolve(".procsim-result")).isRegularFile();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(real);
        // a second run replaces the result behind the link; the link is left as it is
        Files.writeString(real.resolve(".procsim-result"), "charts/stale.png\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(real.resolve("charts/stale.png"), "old");
        o = run(link);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(real.resolve("charts/stale.png")).doesNotExist();
        assertThat(real.resolve("summary.json")).isRegularFile();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(real);
        assertThat(hidden(dir)).isEmpty();
        assertThat(hidden(real.getParent())).isEmpty();
    }

    @Test
    void aLinkToAFolderOfTheUsersFilesIsRefusedLikeTheFolder() throws IOException {
        Path real = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(real.resolve("notes.txt"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Out o = run(link);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("notes.txt", "--force");
        assertThat(real.resolve("notes.txt")).hasContent("keep me");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aLinkToNothingOrToAFileIsRefusedSayingWhereItPoints() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Out o = run(link);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).contains("is a symbolic link to " + dir.resolve("nowhere"), "does not exist").doesNotContain("not a folder;");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("nowhere")).doesNotExist();

        Path file = Files.writeString(dir.resolve("afile.txt"), "data");
        Path toFile = Files.createSymbolicLink(dir.resolve("tofile"), file);
        o = run(toFile, "--force");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("is a symbolic link to " + file, "not a folder");
        assertThat(file).hasContent("data");
        assertThat(Files.isSymbolicLink(toFile)).isTrue();
    }

    // ------------------------------------------------------------------ a writable folder in a read-only one

    @Test
    void aWritableFolderInAReadOnlyParentIsUsed() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("ro"));
        Path out = Files.createDirectories(parent.resolve("out"));
        Files.writeString(parent.resolve("other.txt"), "someone else's");
        try (ReadOnly ro = ReadOnly.make(parent)) {
            Out o = run(out);
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(out.resolve("summary.json")).isRegularFile();
            assertThat(out.resolve("charts")).isDirectory();
            assertThat(out.resolve(".procsim-result")).content().contains("summary.json", "charts/");
            assertThat(hidden(out)).containsExactly(out.resolve(".procsim-result")); // no staging folder left
            String first = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
            // and again: the previous result is replaced in place
            Files.writeString(out.resolve(".procsim-result"), "stale.csv\n", java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(out.resolve("stale.csv"), "old");
            o = run(out);
            assertThat(o.status()).as(o.err()).isZero();
            assertThat(out.resolve("stale.csv")).doesNotExist();
            assertThat(out.resolve("summary.json")).hasContent(first);
            assertThat(hidden(out)).containsExactly(out.resolve(".procsim-result"));
            // a user's file in it is still refused, and kept
            Files.writeString(out.resolve("mine.txt"), "mine");
            o = run(out);
            assertThat(o.status()).isEqualTo(2);
            assertThat(out.resolve("mine.txt")).hasContent("mine");
            assertThat(hidden(out)).containsExactly(out.resolve(".procsim-result"));
        }
        assertThat(parent.resolve("other.txt")).hasContent("someone else's");
        try (Stream<Path> s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("other.txt", "out");
        }
    }

    @Test
    void aMissingFolderInAReadOnlyParentIsStillRefusedInWords() throws Exception {
        Path parent = Files.createDirectories(dir.resolve("ro"));
        try (ReadOnly ro = ReadOnly.make(parent)) {
            Out o = run(parent.resolve("out"));
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err().strip().lines()).hasSize(1);
            assertThat(o.err()).contains(parent.toString(), "cannot").doesNotContain("Exception");
        }
    }

    /**
     * A folder nobody may create entries in: read-only permissions, or, for root (whom permissions
     * do not stop), the immutable attribute; the test is skipped when neither works.
     */
    record ReadOnly(Path dir, boolean immutable) implements AutoCloseable {
        static ReadOnly make(Path dir) throws Exception {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!canCreateIn(dir)) return new ReadOnly(dir, false);
            boolean ok = exec("chattr", "+i", dir.toString());
            if (ok && !canCreateIn(dir)) return new ReadOnly(dir, true);
            if (ok) exec("chattr", "-i", dir.toString());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Assumptions.abort("cannot make a folder read-only here (root without chattr)");
            return null;
        }

        private static boolean canCreateIn(Path dir) {
            try {
                Files.delete(Files.createDirectory(dir.resolve(".probe")));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean exec(String... cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            if (immutable) exec("chattr", "-i", dir.toString());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    // ------------------------------------------------------------------ the umask

    /** procsim run in its own JVM under a umask; returns its exit status. */
    int runWithUmask(String umask, Path out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of("run", experiment.toString(), "--out", out.toString(), "--quiet", "--threads", "1"));
        StringBuilder line = new StringBuilder("umask " + umask + " && exec");
        for (String c : cmd) line.append(" '").append(c.replace("'", "'\\''")).append("'");
        Process p = new ProcessBuilder("sh", "-c", line.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + umask + ".txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    static Set<PosixFilePermission> perms(Path p) throws IOException {
        return Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void foldersAndFilesFollowTheUmask() throws Exception {
        // each case starts a JVM or two: every kind of --out under the usual umask, a new folder under another
        String[][] cases = {{"022", "rwxr-xr-x", "rw-r--r--", "new,empty,previous"}, {"027", "rwxr-x---", "rw-r-----", "new"}};
        for (String[] c : cases) {
            for (String kind : c[3].split(",")) {
                Path out = dir.resolve("res-" + c[0] + "-" + kind);
                if (kind.equals("empty")) Files.setPosixFilePermissions(Files.createDirectory(out), PosixFilePermissions.fromString("rwxrwx---"));
                if (kind.equals("previous")) assertThat(runWithUmask("077", out)).isZero();
                assertThat(runWithUmask(c[0], out)).as(Files.readString(dir.resolve("child-" + c[0] + ".txt"))).isZero();
                Set<PosixFilePermission> folder = PosixFilePermissions.fromString(c[1]), file = PosixFilePermissions.fromString(c[2]);
                String what = "umask " + c[0] + ", " + kind + " folder";
                // the user's empty folder keeps its own permissions; a folder procsim makes (or remakes) follows the umask
                assertThat(perms(out)).as(what).isEqualTo(kind.equals("empty") ? PosixFilePermissions.fromString("rwxrwx---") : folder);
                assertThat(perms(out.resolve("charts"))).as(what).isEqualTo(folder);
                assertThat(perms(out.resolve("summary.json"))).as(what).isEqualTo(file);
                assertThat(perms(out.resolve(".procsim-result"))).as(what).isEqualTo(file);
            }
        }
    }

    private static List<Path> hidden(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(q -> q.getFileName().toString().startsWith(".")).toList();
        }
    }
}

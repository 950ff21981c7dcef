package dev.procsim.report.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A result directory written all at once, which never touches a file procsim did not write.
 *
 * <p>Everything goes to a hidden temporary directory beside the target, which replaces the target
 * only when complete: a run that fails or is killed leaves the target as it was (a killed run may
 * leave its hidden {@code .NAME.tmp-*} directory, safe to delete). Every result directory gets a
 * marker file, {@value #MARKER}, listing the files procsim wrote into it. The target may be a
 * missing path, an empty directory, or a previous result whose files are all listed in its
 * marker; anything else is refused before any work is done ({@link Refused}). With {@code force},
 * a directory that also holds other files is accepted: the results are moved in beside them, the
 * previous result's own files are replaced, and no other file is deleted or overwritten. A regular
 * file is never accepted as the target.
 */
public final class AtomicOutput implements AutoCloseable {
    /** The marker file: one relative path per line, every file of the result (itself excluded). */
    public static final String MARKER = ".procsim-result";
    private static final String MARKER_HEADER = "# written by procsim; lists the files of this result (procsim replaces only these)";

    /** A target procsim may not write to: exit status 2, with why and how to proceed. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** Names a result may have at its top level (checked up front when writing beside other files). */
    static final List<String> RESULT_NAMES = List.of("experiment.yaml", "summary.json", "summary.csv", "aggregates.csv", "tasks.csv",
            "timeseries.csv", "schedule.csv", "report.html", "report.md", "charts", "parts", "runs.dat");

    private enum Mode { CREATE, REPLACE_EMPTY, REPLACE_RESULT, BESIDE }

    private final Path target;
    private final Path temp;
    private final Mode mode;
    private final Set<String> previous; // files of the previous result (from its marker)
    private boolean committed;
    private boolean keep; // results that could not be moved in: left where the message says

    public AtomicOutput(Path target) throws IOException {
        this(target, false);
    }

    /** Checks the target (refusing it with {@link Refused}) and creates the temporary directory. */
    public AtomicOutput(Path target, boolean force) throws IOException {
        this.target = target.toAbsolutePath().normalize();
        Path parent = this.target.getParent();
        if (parent == null) throw new Refused(target + ": cannot write results to the root of the file system; choose a folder");
        this.previous = new LinkedHashSet<>();
        this.mode = check(this.target, force, previous);
        this.temp = tempBeside(this.target);
    }

    /** A hidden temporary directory beside {@code target}; a place that cannot be written is refused in words. */
    static Path tempBeside(Path target) {
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new Refused(target + ": cannot write there: " + e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw new Refused(target + ": cannot write there: " + dev.procsim.workload.InputText.reason(e));
        }
        try {
            return Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new Refused(target + ": cannot write in " + parent + ": " + dev.procsim.workload.InputText.reason(e));
        }
    }

    /** Where to write. */
    public Path dir() {
        return temp;
    }

    /** The target, absolute. */
    public Path target() {
        return target;
    }

    private static Mode check(Path target, boolean force, Set<String> previous) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return Mode.CREATE;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(target + ": exists and is not a folder; procsim writes a folder of results and never replaces"
                    + " a file it did not write: give --out a new or empty folder");
        }
        if (isEmptyDir(target)) return Mode.REPLACE_EMPTY;
        List<String> present = filesUnder(target);
        present.addAll(dirsUnder(target));
        Path marker = target.resolve(MARKER);
        if (Files.isRegularFile(marker)) previous.addAll(readMarker(marker));
        List<String> foreign = new ArrayList<>();
        for (String f : present) if (!f.equals(MARKER) && !previous.contains(f)) foreign.add(f);
        if (Files.isRegularFile(marker) && foreign.isEmpty()) return Mode.REPLACE_RESULT;
        if (!force) {
            String what = Files.isRegularFile(marker)
                    ? "holds a previous procsim result and " + count(foreign) + " procsim did not write (" + sample(foreign) + ")"
                    : "is a folder that holds " + count(present) + " procsim did not write (" + sample(present) + ")";
            throw new Refused(target + ": " + what + "; procsim replaces only its own results. Give --out a new or empty folder,"
                    + " or add --force to write the results beside those files (none of them is deleted or overwritten)");
        }
        for (String name : RESULT_NAMES) {
            Path p = target.resolve(name);
            boolean ours = previous.contains(name) || previous.contains(name + "/");
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !ours) {
                throw new Refused(p + ": procsim writes a result of this name, and this one is not procsim's;"
                        + " even with --force nothing is overwritten: give --out another folder");
            }
        }
        return Mode.BESIDE;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    /** Directories under {@code dir}, relative, each with a trailing '/', sorted. */
    static List<String> dirsUnder(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                if (!d.equals(dir)) out.add(relative(dir, d) + "/");
                return FileVisitResult.CONTINUE;
            }
        });
        return new ArrayList<>(out);
    }

    private static String count(List<String> files) {
        return files.size() + (files.size() == 1 ? " file or folder" : " files or folders");
    }

    private static String sample(List<String> files) {
        List<String> s = files.size() <= 3 ? files : files.subList(0, 3);
        return String.join(", ", s) + (files.size() > 3 ? ", ..." : "");
    }

    /** Every file (and symbolic link, and other non-directory) under {@code dir}, relative, with '/' separators, sorted. */
    static List<String> filesUnder(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                out.add(relative(dir, file));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                out.add(relative(dir, file)); // unreadable: still somebody's file
                return FileVisitResult.CONTINUE;
            }
        });
        return new ArrayList<>(out);
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static List<String> readMarker(Path marker) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            // only plain relative paths below the result: a marker can never name a file outside it
            if (line.startsWith("/") || line.contains("..") || line.contains("\\")) continue;
            out.add(line);
        }
        return out;
    }

    /** Replaces the target with the finished directory (or, beside other files, moves the results in). */
    public void commit() throws IOException {
        List<String> files = filesUnder(temp);
        StringBuilder m = new StringBuilder(MARKER_HEADER).append('\n');
        for (String f : files) m.append(f).append('\n');
        for (String d : dirsUnder(temp)) m.append(d).append('\n');
        Files.writeString(temp.resolve(MARKER), m, StandardCharsets.UTF_8);
        switch (mode) {
            case CREATE -> move(temp, target);
            case REPLACE_EMPTY -> {
                Files.delete(target); // fails, and keeps everything, if something appeared in it meanwhile
                move(temp, target);
            }
            case REPLACE_RESULT -> {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                move(target, old);
                move(temp, target);
                committed = true;
                removeListed(old, previous);
                return;
            }
            case BESIDE -> besides(files);
        }
        committed = true;
    }

    private void besides(List<String> files) throws IOException {
        for (String f : files) {
            Path dst = target.resolve(f);
            if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS) && (!previous.contains(f) || !Files.isRegularFile(dst, LinkOption.NOFOLLOW_LINKS))) {
                keep = true;
                throw new Refused(dst + ": a file procsim did not write is where a result file goes; nothing was overwritten,"
                        + " the results are in " + temp);
            }
        }
        for (String f : files) {
            Path dst = target.resolve(f);
            Files.createDirectories(dst.getParent());
            Files.move(temp.resolve(f), dst, StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> now = new LinkedHashSet<>(files);
        for (String f : previous) {
            if (!f.endsWith("/") && !now.contains(f)) Files.deleteIfExists(target.resolve(f)); // a file of the previous result only
        }
        Files.move(temp.resolve(MARKER), target.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        deleteTree(temp);
    }

    /** Deletes the listed files under {@code dir}, then the listed directories left empty, then {@code dir} if empty. */
    private static void removeListed(Path dir, Set<String> listed) throws IOException {
        List<String> dirs = new ArrayList<>();
        for (String f : listed) {
            if (f.endsWith("/")) dirs.add(f);
            else Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir.resolve(MARKER));
        dirs.sort(java.util.Comparator.comparingInt(String::length).reversed()); // children before parents
        for (String d : dirs) {
            Path p = dir.resolve(d);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isEmptyDir(p)) Files.delete(p);
        }
        if (isEmptyDir(dir)) Files.delete(dir);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Without a commit, the temporary directory is removed. */
    @Override
    public void close() throws IOException {
        if (!committed && !keep) deleteTree(temp);
    }

    /** Deletes a tree procsim made itself (a temporary directory, or parts of one). */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

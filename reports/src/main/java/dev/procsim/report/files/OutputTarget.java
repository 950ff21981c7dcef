package dev.procsim.report.files;

import dev.procsim.report.files.AtomicOutput.Refused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether an output folder may be used, and how: the decision {@link AtomicOutput} makes before
 * any work is done, kept apart from the staging and the commit that act on it.
 *
 * <p>A symbolic link is followed to the folder it points to ({@link #followLink}); the root of the
 * file system, a regular file, and a folder holding files procsim did not write (without
 * {@code force}) are refused with {@link Refused}, in words saying why and how to proceed. What
 * is accepted gets a {@link Mode}: a missing path to create, an empty folder to replace, a
 * previous result (every file listed in its {@value AtomicOutput#MARKER}) to replace, or, with
 * {@code force}, a folder whose other files the results are moved in beside. The files of the
 * previous result, read from its marker, are kept here: they are the only ones a commit may
 * replace or delete.
 */
final class OutputTarget {
    /** How the results go into the target. */
    enum Mode { CREATE, REPLACE_EMPTY, REPLACE_RESULT, BESIDE }

    /** Names a result may have at its top level (checked up front when writing beside other files). */
    static final List<String> RESULT_NAMES = List.of("experiment.yaml", "summary.json", "summary.csv", "aggregates.csv", "aggregates-long.csv",
            "tasks.csv", "timeseries.csv", "schedule.csv", "report.html", "report.md", "charts", "parts", "runs.dat");

    /** The target, absolute, a symbolic link followed. */
    final Path path;
    final Mode mode;
    /** Files of the previous result (from its marker). */
    final Set<String> previous;

    private OutputTarget(Path path, Mode mode, Set<String> previous) {
        this.path = path;
        this.mode = mode;
        this.previous = previous;
    }

    /** Checks {@code target} as given to --out, refusing it with {@link Refused}. */
    static OutputTarget of(Path target, boolean force) throws IOException {
        Path given = target.toAbsolutePath().normalize();
        Path real = followLink(given);
        Path parent = real.getParent();
        if (parent == null) throw new Refused(target + ": cannot write results to the root of the file system; choose a folder");
        Set<String> previous = new LinkedHashSet<>();
        Mode mode;
        try {
            mode = check(real, force, previous);
        } catch (Refused r) {
            if (given.equals(real)) throw r;
            throw new Refused(given + " -> " + r.getMessage()); // said of the folder the link points to
        }
        return new OutputTarget(real, mode, previous);
    }

    /**
     * The folder a symbolic link points to, which is then the target; a link to nothing, or to
     * anything but a folder, is refused saying where it points. Anything else is returned as is.
     */
    private static Path followLink(Path target) {
        if (!Files.isSymbolicLink(target)) return target;
        Path to;
        try {
            to = target.resolveSibling(Files.readSymbolicLink(target)).normalize();
        } catch (IOException e) {
            throw new Refused(target + ": is a symbolic link that cannot be read (" + dev.procsim.workload.InputText.reason(e) + "); give --out a folder");
        }
        Path real;
        try {
            real = target.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refused(target + ": is a symbolic link to " + to + ", which does not exist; procsim follows a link only to an existing"
                    + " folder: create that folder, or give --out another path");
        } catch (IOException e) {
            throw new Refused(target + ": is a symbolic link to " + to + " that cannot be followed (" + dev.procsim.workload.InputText.reason(e)
                    + "); give --out a folder");
        }
        if (!Files.isDirectory(real)) {
            throw new Refused(target + ": is a symbolic link to " + to + ", which is not a folder; procsim writes a folder of results and never"
                    + " replaces a file it did not write: give --out a new or empty folder, or a link to one");
        }
        return real;
    }

    /** Whether two existing paths are on one file system (false: {@code a} is a mount point, and cannot be renamed). */
    static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return true; // cannot tell: assume so (a rename that fails then falls back to moving the files)
        }
    }

    private static Mode check(Path target, boolean force, Set<String> previous) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return Mode.CREATE;
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(target + ": exists and is not a folder; procsim writes a folder of results and never replaces"
                    + " a file it did not write: give --out a new or empty folder");
        }
        if (ResultTree.isEmptyDir(target)) return Mode.REPLACE_EMPTY;
        List<String> present = ResultTree.filesUnder(target);
        present.addAll(ResultTree.dirsUnder(target));
        Path marker = target.resolve(AtomicOutput.MARKER);
        if (Files.isRegularFile(marker)) previous.addAll(ResultTree.readMarker(marker));
        List<String> foreign = new ArrayList<>();
        for (String f : present) if (!f.equals(AtomicOutput.MARKER) && !previous.contains(f)) foreign.add(f);
        if (Files.isRegularFile(marker) && foreign.isEmpty()) return Mode.REPLACE_RESULT;
        if (!force) {
            String what = Files.isRegularFile(marker)
                    ? "holds a previous procsim result and " + count(foreign) + " procsim did not write (" + sample(foreign) + ")"
                    : "is a folder that holds " + count(present) + " procsim did not write (" + sample(present) + ")";
            boolean leftover = (Files.isRegularFile(marker) ? foreign : present).stream()
                    .anyMatch(f -> f.startsWith(AtomicOutput.INSIDE_PREFIX));
            throw new Refused(target + ": " + what + "; procsim replaces only its own results. Give --out a new or empty folder,"
                    + " or add --force to write the results beside those files (none of them is deleted or overwritten)"
                    + (leftover ? ". A " + AtomicOutput.INSIDE_PREFIX + "* folder is what a killed run left; it is safe to delete" : ""));
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

    private static String count(List<String> files) {
        return files.size() + (files.size() == 1 ? " file or folder" : " files or folders");
    }

    private static String sample(List<String> files) {
        List<String> s = files.size() <= 3 ? files : files.subList(0, 3);
        return String.join(", ", s) + (files.size() > 3 ? ", ..." : "");
    }
}

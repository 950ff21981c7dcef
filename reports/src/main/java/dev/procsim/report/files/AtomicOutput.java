package dev.procsim.report.files;

import dev.procsim.report.files.OutputTarget.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 *
 * <p>A target that is a symbolic link to a folder is followed: the folder it points to is the
 * target, under every rule above, and the link itself is left as it is (a link to nothing, or to
 * something other than a folder, is refused, saying where it points).
 *
 * <p>When the target is an existing folder that can be written but cannot be replaced as a whole
 * (its parent is read-only, or it is a mount point), the temporary directory goes inside the
 * target itself ({@code .procsim-tmp-*}) and the finished files are moved into place one by one,
 * as with {@code force}; see {@link #commit()} for what that keeps of the guarantee.
 *
 * <p>Folders and files are created with the process's umask, like any other program's; an existing
 * empty folder that the results replace keeps its own permissions.
 *
 * <p>This class stages and commits: the temporary directory, the rename or file-by-file move that
 * puts the result in place, and giving up ({@link #abandon()}). Whether the target may be used,
 * and how, is decided first by {@link OutputTarget}; the listing, marker, move and delete
 * operations both share are in {@link ResultTree}.
 */
public final class AtomicOutput implements AutoCloseable {
    /** The marker file: one relative path per line, every file of the result (itself excluded). */
    public static final String MARKER = ".procsim-result";

    /** A target procsim may not write to: exit status 2, with why and how to proceed. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    private final Path target;
    private final Path temp;
    private final boolean inside; // temp is inside the target: the files are moved into place one by one
    private final Mode mode;
    private final Set<String> previous; // files of the previous result (from its marker)
    private boolean committed;
    private boolean keep; // results that could not be moved in: left where the message says

    public AtomicOutput(Path target) throws IOException {
        this(target, false);
    }

    /** Checks the target (refusing it with {@link Refused}) and creates the temporary directory. */
    public AtomicOutput(Path target, boolean force) throws IOException {
        OutputTarget checked = OutputTarget.of(target, force); // or refused, in words
        this.target = checked.path;
        this.mode = checked.mode;
        this.previous = checked.previous;
        Path parent = this.target.getParent();
        // Where the results are written until the commit. Beside the target when its parent can be
        // written: the commit is then one rename, all or nothing. Otherwise (a writable folder in a
        // read-only one, or a mount point, which cannot be renamed), rather than refuse a folder the
        // user can write, inside the target itself: a failed or killed run still leaves the target's
        // files as they were, and only the commit, which then moves the files in one by one, is no
        // longer a single step (see commit()). A missing target needs its parent written in any case.
        Path staging = null;
        IOException besideFailed = null;
        if (mode == Mode.CREATE) {
            staging = tempBeside(this.target); // or refused, in words
        } else if (OutputTarget.sameFileSystem(this.target, parent)) {
            try {
                staging = newTempDir(parent, "." + this.target.getFileName() + ".tmp-");
            } catch (IOException e) {
                besideFailed = e;
            }
        }
        this.inside = staging == null;
        if (inside) {
            try {
                staging = newTempDir(this.target, INSIDE_PREFIX);
            } catch (IOException e) {
                throw new Refused(this.target + ": cannot write in it (" + dev.procsim.workload.InputText.reason(e) + ")"
                        + (besideFailed == null ? "" : " nor beside it in " + parent + " (" + dev.procsim.workload.InputText.reason(besideFailed) + ")"));
            }
        }
        this.temp = staging;
    }

    /** Name prefix of the temporary directory inside the target (when it cannot be written beside it). */
    static final String INSIDE_PREFIX = ".procsim-tmp-";

    /**
     * A new hidden directory in {@code parent}, created as {@code mkdir} creates one: with the
     * process's umask ({@link Files#createTempDirectory} would make it 0700, and the result, which
     * is this directory renamed, would keep that).
     */
    private static Path newTempDir(Path parent, String prefix) throws IOException {
        for (int i = 0;; i++) {
            Path p = parent.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36));
            try {
                return Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (i > 100) throw e;
            }
        }
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
            return newTempDir(parent, "." + target.getFileName() + ".tmp-");
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

    /**
     * Puts the finished result in place. Normally one rename swaps the whole folder in: a reader
     * sees the previous state or the new result, never a mix, and a run that fails or is killed
     * before this leaves the target as it was.
     *
     * <p>When the folder cannot be swapped whole (results written beside other files with
     * {@code force}; the target's parent read-only, or the target a mount point, so that the
     * temporary directory is inside the target; a rename of the target refused), the files are
     * moved in one by one instead ({@link #inPlace}). A run that fails or is killed before the
     * commit still leaves the target's files as they were (a killed run may leave its hidden
     * temporary directory); only during the commit's renames, a few milliseconds, may a reader see
     * new and previous files side by side. That is the most of the guarantee a folder that cannot be
     * renamed allows, and better than refusing a folder the user can write.
     */
    public synchronized void commit() throws IOException {
        if (abandoned) throw new IOException(target + ": the run was stopped before its results were written; nothing was kept");
        List<String> files = ResultTree.filesUnder(temp);
        List<String> dirs = ResultTree.dirsUnder(temp);
        ResultTree.writeMarker(temp.resolve(MARKER), files, dirs);
        if (inside || mode == Mode.BESIDE) {
            inPlace(files, dirs);
            return;
        }
        switch (mode) {
            case CREATE -> ResultTree.move(temp, target);
            case REPLACE_EMPTY -> {
                keepPermissions(target, temp); // the user's folder: its permissions stay
                try {
                    Files.delete(target);
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    keep = true;
                    throw new Refused(target + ": files appeared in it while procsim ran; nothing was overwritten, the results are in " + temp);
                } catch (IOException e) { // it cannot be removed, though its parent could be written: moved in file by file
                    inPlace(files, dirs);
                    return;
                }
                try {
                    ResultTree.move(temp, target);
                } catch (IOException e) {
                    Files.createDirectory(target); // the user's empty folder back
                    throw e;
                }
            }
            case REPLACE_RESULT -> {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                try {
                    ResultTree.move(target, old);
                } catch (IOException e) { // it cannot be renamed, though its parent could be written: moved in file by file
                    inPlace(files, dirs);
                    return;
                }
                try {
                    ResultTree.move(temp, target);
                } catch (IOException e) {
                    ResultTree.move(old, target);
                    throw e;
                }
                committed = true;
                ResultTree.removeListed(old, previous);
                return;
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        committed = true;
    }

    /**
     * Moves the finished files into the target one by one; the folder itself stays (with its
     * permissions). First every destination is checked (a file procsim did not write is never
     * overwritten); then the marker is rewritten to list the previous result's files, the new ones
     * and the temporary directory's, so that a run killed during the moves leaves a folder that the
     * next run recognizes as procsim's own and replaces; then the files are moved, the previous
     * result's files the new one does not have are deleted, and the marker listing exactly the new
     * result is moved in last.
     */
    private void inPlace(List<String> files, List<String> dirs) throws IOException {
        for (String f : files) {
            Path dst = target.resolve(f);
            if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS) && (!previous.contains(f) || !Files.isRegularFile(dst, LinkOption.NOFOLLOW_LINKS))) {
                keep = true;
                throw new Refused(dst + ": a file procsim did not write is where a result file goes; nothing was overwritten,"
                        + " the results are in " + temp);
            }
        }
        Set<String> claim = new TreeSet<>(previous);
        claim.addAll(files);
        claim.addAll(dirs);
        if (inside) {
            String t = ResultTree.relative(target, temp);
            claim.add(t + "/");
            claim.add(t + "/" + MARKER);
            for (String f : files) claim.add(t + "/" + f);
            for (String d : dirs) claim.add(t + "/" + d);
        }
        Path claimFile = temp.resolve(MARKER + ".claim");
        ResultTree.writeMarker(claimFile, claim, List.of());
        ResultTree.moveReplacing(claimFile, target.resolve(MARKER));
        for (String f : files) {
            Path dst = target.resolve(f);
            Files.createDirectories(dst.getParent());
            ResultTree.moveReplacing(temp.resolve(f), dst);
        }
        Set<String> now = new LinkedHashSet<>(files);
        now.addAll(dirs);
        List<String> gone = new ArrayList<>();
        for (String f : previous) {
            if (now.contains(f)) continue;
            if (f.endsWith("/")) gone.add(f);
            else Files.deleteIfExists(target.resolve(f)); // a file of the previous result only
        }
        gone.sort(java.util.Comparator.comparingInt(String::length).reversed()); // children before parents
        for (String d : gone) { // folders of the previous result only, if nobody put anything in them
            Path p = target.resolve(d);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && ResultTree.isEmptyDir(p)) Files.delete(p);
        }
        for (String d : dirs.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            Files.deleteIfExists(temp.resolve(d)); // emptied by the moves
        }
        ResultTree.moveReplacing(temp.resolve(MARKER), target.resolve(MARKER));
        committed = true;
        deleteTree(temp);
    }

    /** The POSIX permissions of {@code from} given to {@code to} (nothing where there are none). */
    private static void keepPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to keep
        }
    }

    /** Without a commit, the temporary directory is removed. */
    @Override
    public void close() throws IOException {
        if (!committed && !keep) deleteTree(temp);
    }

    private boolean abandoned;

    /**
     * From another thread (Ctrl-C's grace time ran out): gives up the results not yet committed,
     * removing the temporary directory even while the writer is still adding files to it (it is
     * walked again until it is gone), so that nothing procsim made is left behind and the target
     * stays as it was. True when nothing was committed; false when the commit came first (the
     * results are in place).
     */
    public synchronized boolean abandon() {
        if (committed) return false;
        abandoned = true;
        for (int tries = 0; tries < 50 && Files.exists(temp, LinkOption.NOFOLLOW_LINKS); tries++) {
            try {
                deleteTree(temp);
            } catch (IOException e) {
                // a file appeared or went while walking: walk again
            }
        }
        return true;
    }

    /** Deletes a scratch folder procsim made itself inside its temporary directory (the chart warm-up's). */
    public static void deleteScratch(Path p) throws IOException {
        deleteTree(p);
    }

    /** Deletes a tree procsim made itself (a temporary directory, or parts of one). */
    static void deleteTree(Path p) throws IOException {
        ResultTree.deleteTree(p);
    }
}

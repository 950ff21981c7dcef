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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The file-tree operations under {@link OutputTarget}'s decision and {@link AtomicOutput}'s
 * commit, in one place so that both read and write result folders the same way: listing a tree
 * (relative paths with '/' separators, folders with a trailing '/'), the marker file's format
 * ({@value AtomicOutput#MARKER}: which lines count, so that a marker can never name a file outside
 * its result), renames that are atomic where the file system allows, and deleting only what
 * procsim made or listed as its own.
 */
final class ResultTree {
    private static final String MARKER_HEADER = "# written by procsim; lists the files of this result (procsim replaces only these)";

    private ResultTree() {
    }

    static boolean isEmptyDir(Path dir) throws IOException {
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

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    static List<String> readMarker(Path marker) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            // only plain relative paths below the result: a marker can never name a file outside it
            if (line.startsWith("/") || line.contains("..") || line.contains("\\")) continue;
            out.add(line);
        }
        return out;
    }

    /** Writes a marker listing {@code files}, then {@code dirs}. */
    static void writeMarker(Path file, java.util.Collection<String> files, java.util.Collection<String> dirs) throws IOException {
        StringBuilder m = new StringBuilder(MARKER_HEADER).append('\n');
        for (String f : files) m.append(f).append('\n');
        for (String d : dirs) m.append(d).append('\n');
        Files.writeString(file, m, StandardCharsets.UTF_8);
    }

    static void moveReplacing(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes the listed files under {@code dir}, then the listed directories left empty, then {@code dir} if empty. */
    static void removeListed(Path dir, Set<String> listed) throws IOException {
        List<String> dirs = new ArrayList<>();
        for (String f : listed) {
            if (f.endsWith("/")) dirs.add(f);
            else Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir.resolve(AtomicOutput.MARKER));
        dirs.sort(java.util.Comparator.comparingInt(String::length).reversed()); // children before parents
        for (String d : dirs) {
            Path p = dir.resolve(d);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isEmptyDir(p)) Files.delete(p);
        }
        if (isEmptyDir(dir)) Files.delete(dir);
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

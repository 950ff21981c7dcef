package dev.procsim.workload;

import java.nio.file.Path;

/**
 * Where the files an experiment names ({@code tasks:}, {@code periodic:}, {@code empirical:}) are
 * read from: the disk, or the copies a Spark job carries, so that a cluster's executors need no view
 * of the driver's file system.
 */
@FunctionalInterface
public interface InputFiles {
    /** The disk, through {@link InputText#read}. */
    InputFiles DISK = InputText::read;

    /**
     * The text of {@code file} (a name the experiment gives, resolved against its folder), at most
     * {@code maxChars} characters; a file that cannot be read is an {@link InputException}.
     */
    String read(Path file, long maxChars);
}

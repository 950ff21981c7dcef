package dev.procsim.kernel;

import java.util.ArrayList;

/**
 * A pipe (Linux's {@code struct pipe_inode_info}, in bytes rather than page buffers): its
 * capacity, the bytes in it, the open read and write ends over every process, and the tasks
 * blocked on it, in the order they blocked.
 */
final class Pipe {
    /** Writes of at most this many bytes are atomic (POSIX PIPE_BUF, 4,096 on Linux). */
    static final int PIPE_BUF = 4096;

    final String name;
    final int capacity;
    /** Per-name totals and series, shared by every pipe of that name. */
    final KernelMetrics.PipeStats stats;
    long used;
    int readers, writers;
    final ArrayList<Task> blockedWriters = new ArrayList<>(2), blockedReaders = new ArrayList<>(2);

    Pipe(String name, int capacity, KernelMetrics.PipeStats stats) {
        this.name = name;
        this.capacity = capacity;
        this.stats = stats;
    }
}

package dev.procsim.kernel;

import java.util.ArrayList;

/**
 * A pipe (Linux's {@code struct pipe_inode_info}): a ring of page buffers, the open read and
 * write ends over every process, and the wait queues of the tasks blocked on it.
 *
 * <p>Capacity is counted in buffers of one page ({@link #PAGE}), capacity / 4 KiB of them (16 for
 * the default 64 KiB), not in bytes. As Linux's {@code anon_pipe_write} ({@code fs/pipe.c};
 * {@code pipe_write} in older kernels) does, a write first merges its last (size mod 4,096)
 * bytes into the last buffer, if the pipe is not empty and they fit in that buffer's page after
 * its offset + length; the rest goes into new buffers of up to a page each, one per free slot, so
 * a write of at most a page never straddles two buffers (PIPE_BUF atomicity). A read takes from the front
 * buffer(s) ({@code anon_pipe_read}); a buffer it empties is freed, a partly read one keeps its
 * offset (so 100-byte writes fill the pipe after 16 x 4,000 bytes).
 *
 * <p>Wait queues ({@code rd_wait}, {@code wr_wait}): tasks in the order they began to wait (an
 * exclusive wait is queued at the tail, {@code prepare_to_wait_event}); a wake-up takes the
 * first still waiting ({@code __wake_up_sync_key}: one exclusive waiter). A task woken from a
 * queue is remembered until its call ends, because a call that slept passes the wake-up on
 * ({@code wake_next_writer}, {@code wake_next_reader}).
 */
final class Pipe {
    /** Writes of at most this many bytes are atomic (POSIX PIPE_BUF, 4,096 on Linux). */
    static final int PIPE_BUF = 4096;
    /** The size of a pipe buffer: one page. */
    static final int PAGE = 4096;

    final String name;
    final int capacity;
    /** Per-name totals and series, shared by every pipe of that name. */
    final KernelMetrics.PipeStats stats;
    /** Bytes in the pipe (the sum of the buffers' lengths). */
    long used;
    int readers, writers;
    /** Tasks blocked on the pipe, oldest first (Linux's wr_wait, rd_wait); may hold tasks no longer waiting. */
    final ArrayList<Task> blockedWriters = new ArrayList<>(2), blockedReaders = new ArrayList<>(2);
    /** Tasks woken from a queue whose read or write call has not ended yet (it slept). */
    final ArrayList<Task> wokenWriters = new ArrayList<>(2), wokenReaders = new ArrayList<>(2);

    /** The ring of buffer lengths: the {@code count} slots before {@code head} (cyclically) are in use, oldest first. */
    private final int[] len;
    private int head, count;
    /** Offset in its page of the front buffer's first unread byte (buffers behind it start at 0). */
    private int frontOffset;

    Pipe(String name, int capacity, KernelMetrics.PipeStats stats) {
        this.name = name;
        this.capacity = capacity;
        this.stats = stats;
        this.len = new int[capacity / PAGE];
    }

    int buffers() { return count; }
    boolean empty() { return count == 0; }
    boolean full() { return count == len.length; }

    /**
     * Puts up to {@code left} bytes of a write in and returns how many went in: first, when
     * {@code merge} (the call's first attempt), its last {@code left} mod 4,096 bytes into the
     * last buffer if they fit in its page; then a new buffer of up to a page per free slot.
     */
    long put(long left, boolean merge) {
        long n = 0;
        int chars = (int) (left & (PAGE - 1));
        if (merge && chars > 0 && count > 0) {
            int last = slot(head - 1);
            int end = (count == 1 ? frontOffset : 0) + len[last];
            if (end + chars <= PAGE) {
                len[last] += chars;
                n = chars;
            }
        }
        while (n < left && count < len.length) {
            int k = (int) Math.min(PAGE, left - n);
            if (count == 0) frontOffset = 0;
            len[slot(head)] = k;
            head = slot(head + 1);
            count++;
            n += k;
        }
        used += n;
        return n;
    }

    /** Takes up to {@code want} bytes from the front, freeing each buffer it empties; returns the bytes taken. */
    long take(long want) {
        long n = 0;
        while (n < want && count > 0) {
            int front = slot(head - count);
            int k = (int) Math.min(len[front], want - n);
            len[front] -= k;
            n += k;
            if (len[front] == 0) {
                count--;
                frontOffset = 0;
            } else {
                frontOffset += k;
            }
        }
        used -= n;
        return n;
    }

    private int slot(int i) {
        return i & (len.length - 1); // a power of two: the capacity is
    }
}

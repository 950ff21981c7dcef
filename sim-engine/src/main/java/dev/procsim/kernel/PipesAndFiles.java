package dev.procsim.kernel;

import static dev.procsim.kernel.Phase.PHASE_NONE;

import dev.procsim.engine.SimTime;
import java.util.ArrayList;

/**
 * Pipes (as Linux's {@code fs/pipe.c}) and the table of open ends each process has (as
 * {@code fs/file.c}): create, read, write, close; inheritance at fork, sharing between threads,
 * closing at exit.
 *
 * <p>A pipe holds page buffers ({@link Pipe}: capacity / 4 KiB of them; a small write merges into
 * the last buffer when it fits in its page, else takes a new one). A write of at most
 * {@link Pipe#PIPE_BUF} bytes is atomic: it goes in whole (merged or in one new buffer) or waits.
 * A larger one puts in what the free buffers take and waits for room for the rest, so it may be
 * interleaved with other writers. A write blocks while every buffer is in use; with no read end
 * left anywhere, the writer gets SIGPIPE, whose default action ends its process (status 128 +
 * 13); with SIGPIPE handled or ignored the write fails with EPIPE. A read blocks while the pipe is
 * empty and some write end is open, then returns what is there (at most what it asked for),
 * freeing the buffers it empties; with no write end left it returns 0, end of file.
 *
 * <p>Wake-ups are Linux's exclusive ones ({@code anon_pipe_read}, {@code anon_pipe_write}): a
 * read that frees a buffer of a full pipe wakes the writer that has waited longest, a write into
 * an empty pipe the reader that has waited longest; a woken call that blocks again queues at the
 * back; a call that slept wakes the next waiter when it ends leaving room (data). Closing the
 * last read (write) end wakes every blocked writer (reader). Costs: {@link MemoryModel#pipeCall}
 * per call (once, however often the call blocks) and {@link MemoryModel#pipeCopy} for the bytes
 * each side copies.
 *
 * <p>What follows from a call that a program or another subsystem decides is returned, not done
 * here: a read at end of file by a program that exits then, and the SIGPIPE a write without
 * readers raises ({@link #pipeOp}'s results).
 */
final class PipesAndFiles {
    /** {@link #pipeOp}: the program goes on with its next action. */
    static final int GO_ON = 0;
    /** {@link #pipeOp}: the task left the CPU or has work in hand (the caller returns). */
    static final int LEFT_OR_BUSY = 1;
    /** {@link #pipeOp}: a read met end of file and the program exits there (exit, or exit_group for a leader). */
    static final int EXIT_AT_EOF = 2;
    /** {@link #pipeOp}: a write found no reader; its result is set, and the writer is to get SIGPIPE. */
    static final int SIGPIPE = 3;

    private final KernelContext k;
    private final KernelConfig cfg;
    private final MemoryModel mem;
    private final KernelMetrics metrics;
    private final dev.procsim.engine.Simulation sim;
    private final DispatchLoop dispatch;

    PipesAndFiles(KernelContext k, DispatchLoop dispatch) {
        this.k = k;
        this.cfg = k.cfg;
        this.mem = k.mem;
        this.metrics = k.metrics;
        this.sim = k.sim;
        this.dispatch = dispatch;
    }

    /** Steps a pipe action: one of {@link #GO_ON}, {@link #LEFT_OR_BUSY}, {@link #EXIT_AT_EOF}, {@link #SIGPIPE}. */
    int pipeOp(Cpu c, Task t, Program p, int pc) {
        Action a = p.action[pc];
        if (a instanceof Action.PipeClose cl) {
            t.pc++;
            FileTable f = t.files();
            int i = f == null ? -1 : f.find(cl.name());
            t.lastResult = i >= 0 && closeEnds(f, i, cl.ends()) ? 0 : -Signals.EBADF;
            return GO_ON;
        }
        if (t.pipeDone() < 0) { // a new call: its fixed cost first
            if (a instanceof Action.PipeCreate) {
                // pipe(2) always succeeds here
            } else {
                String name = a instanceof Action.PipeWrite w ? w.name() : ((Action.PipeRead) a).name();
                int want = a instanceof Action.PipeWrite ? Action.PipeClose.WRITE : Action.PipeClose.READ;
                FileTable f = t.files();
                int i = f == null ? -1 : f.find(name);
                if (i < 0 || (f.ends.get(i) & want) == 0) {
                    t.pc++;
                    t.lastResult = -Signals.EBADF;
                    return GO_ON;
                }
            }
            t.ext().pipeDone = 0;
            if (dispatch.kernelWork(c, t, mem.pipeCall(), PHASE_NONE, 0)) return LEFT_OR_BUSY;
        }
        if (a instanceof Action.PipeCreate pc0) {
            create(t, pc0.name());
            done(t, 0);
            return GO_ON;
        }
        if (a instanceof Action.PipeWrite w) return write(c, t, w);
        return read(c, t, (Action.PipeRead) a);
    }

    private void done(Task t, long result) {
        if (t.ext != null) t.ext.pipeDone = -1;
        t.pc++;
        t.lastResult = (int) Math.min(result, Integer.MAX_VALUE);
    }

    private Pipe pipeOf(Task t, String name) {
        return t.files().pipes.get(t.files().find(name));
    }

    private void create(Task t, String name) {
        if (t.files() == null) t.ext().files = new FileTable();
        FileTable f = t.files();
        int old = f.find(name);
        if (old >= 0) closeEnds(f, old, Action.PipeClose.BOTH); // the name now means the new pipe
        KernelMetrics.PipeStats stats = metrics.pipes.get(name);
        if (stats == null) {
            stats = new KernelMetrics.PipeStats(name);
            if (!cfg.recordSeries) stats.bytesSeries.keepPeakOnly();
            metrics.pipes.put(name, stats);
        }
        Pipe p = new Pipe(name, cfg.pipeCapacity, stats);
        p.readers = 1;
        p.writers = 1;
        f.names.add(name);
        f.pipes.add(p);
        f.ends.add(Action.PipeClose.BOTH);
    }

    private int write(Cpu c, Task t, Action.PipeWrite w) {
        Pipe p = pipeOf(t, w.name());
        long total = w.bytes() == Action.PipeWrite.LAST_READ ? Math.max(0, t.lastResult) : w.bytes();
        while (true) {
            // As anon_pipe_write: a null write succeeds at once, readers or not, and a write whose bytes are
            // all in is done (the loop ends before it looks at the readers again): only bytes left meet "no reader".
            long left = total - t.pipeDone();
            if (left == 0) {
                done(t, total);
                return GO_ON;
            }
            if (p.readers == 0) { // SIGPIPE (by default the process ends); handled or ignored, the write returns
                metrics.sigpipes++; // the bytes it put in before the last reader went, else fails with EPIPE
                endCall(p, t, true);
                long written = t.pipeDone();
                done(t, written);
                if (written == 0) t.lastResult = -Signals.EPIPE;
                return SIGPIPE;
            }
            // the merge into the last buffer is tried once, when the call starts (a call that slept has passed that point)
            boolean wasEmpty = p.empty();
            long n = p.put(left, t.pipeDone() == 0 && !p.wokenWriters.contains(t));
            if (n == 0) {
                waitOn(p.blockedWriters, p.wokenWriters, t);
                dispatch.block(c, t, BlockReason.PIPE_FULL, SimTime.NEVER);
                return LEFT_OR_BUSY;
            }
            t.ext().pipeDone += n;
            p.stats.bytes += n;
            p.stats.bytesSeries.record(sim.now(), p.stats.bytes);
            if (wasEmpty) wakeOne(p, false);
            if (n == left) endCall(p, t, true);
            if (dispatch.kernelWork(c, t, mem.pipeCopy(n), PHASE_NONE, 0)) return LEFT_OR_BUSY;
        }
    }

    private int read(Cpu c, Task t, Action.PipeRead r) {
        Pipe p = pipeOf(t, r.name());
        if (!p.empty()) {
            boolean wasFull = p.full();
            long n = p.take(r.bytes());
            done(t, n);
            if (wasFull && !p.full()) wakeOne(p, true); // a buffer of a full pipe freed
            endCall(p, t, false);
            return dispatch.kernelWork(c, t, mem.pipeCopy(n), PHASE_NONE, 0) ? LEFT_OR_BUSY : GO_ON;
        }
        if (p.writers == 0) { // end of file
            endCall(p, t, false);
            done(t, 0);
            return r.exitOnEof() ? EXIT_AT_EOF : GO_ON;
        }
        waitOn(p.blockedReaders, p.wokenReaders, t);
        dispatch.block(c, t, BlockReason.PIPE_EMPTY, SimTime.NEVER);
        return LEFT_OR_BUSY;
    }

    /** {@code t} is about to block: it joins the back of the queue (once: an entry left by a signal goes). */
    private static void waitOn(ArrayList<Task> queue, ArrayList<Task> woken, Task t) {
        woken.remove(t);
        queue.remove(t);
        queue.add(t);
    }

    /**
     * A read or write call of {@code t} ends: it leaves the pipe's lists, and if it slept and
     * leaves room (a writer) or data (a reader), it wakes the next waiter (Linux's
     * wake_next_writer, wake_next_reader).
     */
    private void endCall(Pipe p, Task t, boolean writer) {
        (writer ? p.blockedWriters : p.blockedReaders).remove(t);
        if ((writer ? p.wokenWriters : p.wokenReaders).remove(t) && (writer ? !p.full() : !p.empty())) wakeOne(p, writer);
    }

    /**
     * Wakes the writer (or reader) that has waited longest and still waits on {@code p}, as
     * Linux's wake_up_interruptible_sync_poll wakes one exclusive waiter. A task whose process was
     * stopped meanwhile stops instead and does not count (in Linux it left the queue to stop).
     */
    private void wakeOne(Pipe p, boolean writer) {
        ArrayList<Task> queue = writer ? p.blockedWriters : p.blockedReaders;
        while (!queue.isEmpty()) {
            Task w = queue.remove(0);
            if (wakeWaiter(p, w, writer)) return;
        }
    }

    /** Wakes every task still waiting on {@code p} for room (or data), oldest first: an end closed for good. */
    private void wakeAll(Pipe p, boolean writer) {
        ArrayList<Task> queue = writer ? p.blockedWriters : p.blockedReaders;
        if (queue.isEmpty()) return;
        Task[] ws = queue.toArray(new Task[0]);
        queue.clear();
        for (Task w : ws) wakeWaiter(p, w, writer);
    }

    /** Wakes {@code w} if it still waits on {@code p}, adding its wait to the totals; true if it will retry its call. */
    private boolean wakeWaiter(Pipe p, Task w, boolean writer) {
        BlockReason reason = writer ? BlockReason.PIPE_FULL : BlockReason.PIPE_EMPTY;
        if (w.state != TaskState.BLOCKED || w.blockReason != reason || !callOn(w, p)) return false; // ended or interrupted meanwhile
        long waited = sim.now() - w.stateSince;
        if (writer) p.stats.blockedFull += waited;
        else p.stats.blockedEmpty += waited;
        boolean stops = w.stopOnWake();
        dispatch.wake(w, true); // pipe_read and pipe_write wake with WF_SYNC
        if (stops) return false;
        (writer ? p.wokenWriters : p.wokenReaders).add(w);
        return true;
    }

    /** Whether {@code w}'s current action is a read or write of {@code p} (not of another pipe, in a signal handler). */
    private static boolean callOn(Task w, Pipe p) {
        Action a = w.program.action[w.pc];
        String name = a instanceof Action.PipeWrite pw ? pw.name() : a instanceof Action.PipeRead pr ? pr.name() : null;
        FileTable f = w.files();
        int i = name == null || f == null ? -1 : f.find(name);
        return i < 0 || f.pipes.get(i) == p;
    }

    /** Closes {@code ends} of entry {@code i}; false if none of them was open. */
    private boolean closeEnds(FileTable f, int i, int ends) {
        int open = f.ends.get(i);
        int closing = open & ends;
        if (closing == 0) return false;
        Pipe p = f.pipes.get(i);
        if ((closing & Action.PipeClose.READ) != 0 && --p.readers == 0) wakeAll(p, true);
        if ((closing & Action.PipeClose.WRITE) != 0 && --p.writers == 0) wakeAll(p, false);
        int rest = open & ~closing;
        if (rest == 0) {
            f.names.remove(i);
            f.pipes.remove(i);
            f.ends.remove(i);
        } else {
            f.ends.set(i, rest);
        }
        return true;
    }

    /** At exit: the task's file table loses a user; the last one closes every end. */
    void releaseFiles(Task t) {
        FileTable f = t.files();
        if (f == null) return;
        for (Pipe p : f.pipes) { // a wake-up it got but did not use goes to the next waiter
            p.blockedWriters.remove(t);
            p.blockedReaders.remove(t);
            if (p.wokenWriters.remove(t) && (!p.full() || p.readers == 0)) wakeOne(p, true);
            if (p.wokenReaders.remove(t) && (!p.empty() || p.writers == 0)) wakeOne(p, false);
        }
        if (t.ext != null) t.ext.files = null;
        if (--f.users > 0) return;
        for (int i = f.names.size() - 1; i >= 0; i--) closeEnds(f, i, Action.PipeClose.BOTH);
    }

    /** At fork: a copy of the parent's table (every open end counted again); with CLONE_FILES the same table. */
    void inheritFiles(Task parent, Task child, boolean share) {
        FileTable f = parent.files();
        if (f == null) return;
        if (share) {
            f.users++;
            child.ext().files = f;
            return;
        }
        FileTable c = new FileTable();
        for (int i = 0; i < f.names.size(); i++) {
            Pipe p = f.pipes.get(i);
            int ends = f.ends.get(i);
            if ((ends & Action.PipeClose.READ) != 0) p.readers++;
            if ((ends & Action.PipeClose.WRITE) != 0) p.writers++;
            c.names.add(f.names.get(i));
            c.pipes.add(p);
            c.ends.add(ends);
        }
        child.ext().files = c;
    }

    /** The pipe of the read or write the task is making, or null if its end is gone. */
    static Pipe pipeOfCall(Task t) {
        Action a = t.program.action[t.pc];
        String name = a instanceof Action.PipeWrite w ? w.name() : ((Action.PipeRead) a).name();
        FileTable f = t.files();
        int i = f == null ? -1 : f.find(name);
        return i < 0 ? null : f.pipes.get(i);
    }

    /** Whether {@code p} woke {@code t} (its wait ended for room, or data) and the call has not gone on since. */
    static boolean wokeFor(Pipe p, Task t, boolean writer) {
        return (writer ? p.wokenWriters : p.wokenReaders).contains(t);
    }

    /** A read or write a signal handler cut short ends: it leaves the pipe's wait queue and returns the bytes it moved, or EINTR if none. */
    static void endInterruptedCall(Task t, Pipe p, boolean writer) {
        if (p != null) (writer ? p.blockedWriters : p.blockedReaders).remove(t);
        long moved = t.pipeDone();
        t.ext().pipeDone = -1;
        t.pc++;
        t.lastResult = moved > 0 ? (int) Math.min(moved, Integer.MAX_VALUE) : -Signals.EINTR;
    }
}

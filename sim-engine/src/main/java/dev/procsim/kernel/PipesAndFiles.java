package dev.procsim.kernel;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import java.util.ArrayList;

/**
 * Pipes (as Linux's {@code fs/pipe.c}, counted in bytes rather than page buffers) and the table of
 * open ends each process has (as {@code fs/file.c}): create, read, write, close; inheritance at
 * fork, sharing between threads, closing at exit.
 *
 * <p>A write of at most {@link Pipe#PIPE_BUF} bytes is atomic: it waits until all of it fits, then
 * goes in whole. A larger one puts in what fits and waits for room for the rest, so it may be
 * interleaved with other writers. A write blocks while the pipe is full; with no read end left
 * anywhere, the writer gets SIGPIPE, whose default action ends its process (status 128 + 13);
 * with SIGPIPE handled or ignored the write fails with EPIPE.
 * A read blocks while the pipe is empty and some write end is open, then returns what is there
 * (at most what it asked for); with no write end left it returns 0, end of file. Every change
 * wakes every task blocked on the other side, in the order they blocked; each tries again when it
 * next runs. Costs: {@link MemoryModel#pipeCall} per call (once, however often the call blocks)
 * and {@link MemoryModel#pipeCopy} for the bytes each side copies.
 */
abstract class PipesAndFiles extends ThreadGroups {
    PipesAndFiles(KernelConfig cfg, Scheduler sched, MemoryModel mem, ProgramSet programs, RandomStreams streams) {
        super(cfg, sched, mem, programs, streams);
    }

    /** Steps a pipe action; true if the task left the CPU or has work (the caller returns). */
    @Override
    boolean pipeOp(Cpu c, Task t, Program p, int pc) {
        Action a = p.action[pc];
        if (a instanceof Action.PipeClose cl) {
            t.pc++;
            FileTable f = t.files();
            int i = f == null ? -1 : f.find(cl.name());
            t.lastResult = i >= 0 && closeEnds(f, i, cl.ends()) ? 0 : -Signals.EBADF;
            return false;
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
                    return false;
                }
            }
            t.ext().pipeDone = 0;
            if (kernelWork(c, t, mem.pipeCall(), PHASE_NONE, 0)) return true;
        }
        if (a instanceof Action.PipeCreate pc0) {
            create(t, pc0.name());
            done(t, 0);
            return false;
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

    private boolean write(Cpu c, Task t, Action.PipeWrite w) {
        Pipe p = pipeOf(t, w.name());
        long total = w.bytes() == Action.PipeWrite.LAST_READ ? Math.max(0, t.lastResult) : w.bytes();
        while (true) {
            if (p.readers == 0) { // SIGPIPE (by default the process ends); handled or ignored, the write fails with EPIPE
                metrics.sigpipes++;
                done(t, 0);
                t.lastResult = -Signals.EPIPE;
                sendSignal(t, Signals.SIGPIPE);
                return c.current != t;
            }
            long left = total - t.pipeDone();
            if (left == 0) {
                done(t, total);
                return false;
            }
            long free = p.capacity - p.used;
            long n = left <= Pipe.PIPE_BUF ? (free >= left ? left : 0) : Math.min(free, left);
            if (n == 0) {
                p.blockedWriters.add(t);
                block(c, t, BlockReason.PIPE_FULL, SimTime.NEVER);
                return true;
            }
            p.used += n;
            t.ext().pipeDone += n;
            p.stats.bytes += n;
            p.stats.bytesSeries.record(sim.now(), p.stats.bytes);
            wakeAll(p, p.blockedReaders, BlockReason.PIPE_EMPTY);
            if (kernelWork(c, t, mem.pipeCopy(n), PHASE_NONE, 0)) return true;
        }
    }

    private boolean read(Cpu c, Task t, Action.PipeRead r) {
        Pipe p = pipeOf(t, r.name());
        if (p.used > 0) {
            long n = Math.min(r.bytes(), p.used);
            p.used -= n;
            done(t, n);
            wakeAll(p, p.blockedWriters, BlockReason.PIPE_FULL);
            return kernelWork(c, t, mem.pipeCopy(n), PHASE_NONE, 0);
        }
        if (p.writers == 0) { // end of file
            done(t, 0);
            if (!r.exitOnEof()) return false;
            if (t.group() != null && t.group().leader == t) exitGroup(c, t, 0);
            else beginExit(c, t, 0);
            return true;
        }
        p.blockedReaders.add(t);
        block(c, t, BlockReason.PIPE_EMPTY, SimTime.NEVER);
        return true;
    }

    /** Wakes every task still blocked on {@code p} for {@code reason}, oldest first, adding its wait to the pipe's totals. */
    private void wakeAll(Pipe p, ArrayList<Task> waiters, BlockReason reason) {
        if (waiters.isEmpty()) return;
        long now = sim.now();
        Task[] ws = waiters.toArray(new Task[0]);
        waiters.clear();
        for (Task w : ws) {
            if (w.state != TaskState.BLOCKED || w.blockReason != reason) continue; // ended meanwhile
            if (reason == BlockReason.PIPE_FULL) p.stats.blockedFull += now - w.stateSince;
            else p.stats.blockedEmpty += now - w.stateSince;
            wake(w);
        }
    }

    /** Closes {@code ends} of entry {@code i}; false if none of them was open. */
    private boolean closeEnds(FileTable f, int i, int ends) {
        int open = f.ends.get(i);
        int closing = open & ends;
        if (closing == 0) return false;
        Pipe p = f.pipes.get(i);
        if ((closing & Action.PipeClose.READ) != 0 && --p.readers == 0) wakeAll(p, p.blockedWriters, BlockReason.PIPE_FULL);
        if ((closing & Action.PipeClose.WRITE) != 0 && --p.writers == 0) wakeAll(p, p.blockedReaders, BlockReason.PIPE_EMPTY);
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
    @Override
    void releaseFiles(Task t) {
        FileTable f = t.files();
        if (f == null) return;
        if (t.ext != null) t.ext.files = null;
        if (--f.users > 0) return;
        for (int i = f.names.size() - 1; i >= 0; i--) closeEnds(f, i, Action.PipeClose.BOTH);
    }

    /** At fork: a copy of the parent's table (every open end counted again); with CLONE_FILES the same table. */
    @Override
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
}

package dev.procsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled program: a flat array of operations. {@code repeat} becomes a loop-start and a
 * loop-end operation with a loop-counter slot, so a task running the program keeps only a program
 * counter and its loop counters; the program itself is shared by every task that runs it.
 */
public final class Program {
    /** Opcodes of the flat form. */
    static final byte COMPUTE = 0, IO = 1, SLEEP = 2, SYSCALL = 3, YIELD = 4, FORK = 5, SPAWN = 6, EXEC = 7,
            TOUCH = 8, WAIT = 9, EXIT = 10, LOOP_START = 11, LOOP_END = 12, KILL = 13, PERIODIC = 14, CLONE = 15,
            JOIN = 16, EXIT_GROUP = 17, PIPE = 18, PIPE_WRITE = 19, PIPE_READ = 20, PIPE_CLOSE = 21,
            SIGACTION = 22, SIGMASK = 23, SETPGID = 24, SET_SLICE = 25, SET_DEADLINE = 26, SET_AFFINITY = 27;

    final String name;
    /** Its index in its {@link ProgramSet} (a kernel keeps per-program state in arrays by it). */
    final int id;
    /** The name of the tasks it starts (a spawned child is named after its program): one object for all of them. */
    final TaskName taskName;
    final byte[] op;
    /** Per op: the action (for its parameters); for loop ops, null. */
    final Action[] action;
    /** Per op: its duration (compute, io, sleep, syscall; fork retry), or null. */
    final Dur[] dur;
    /** Per op: index of its random duration in {@link #randoms}, or -1. */
    final int[] randomIndex;
    /** Per loop op: the loop-counter slot; for LOOP_START the times, for LOOP_END the start index. */
    final int[] loopSlot;
    final int[] loopArg;
    final Dur.Random[] randoms;
    /** Per random duration: the hash of its stream name, for the per-task streams of {@code RandomStreams.stream(long, long)}. */
    final long[] randomHash;
    final int loops;
    /** Linked after compilation: per FORK/SPAWN/EXEC/CLONE op, the program it runs; per SIGACTION with a handler, the handler. */
    final Program[] target;

    private Program(String name, int id, List<Object[]> rows, List<Dur.Random> randoms, int loops) {
        this.name = name;
        this.id = id;
        this.taskName = TaskName.of(name);
        int n = rows.size();
        op = new byte[n];
        action = new Action[n];
        dur = new Dur[n];
        randomIndex = new int[n];
        loopSlot = new int[n];
        loopArg = new int[n];
        target = new Program[n];
        for (int i = 0; i < n; i++) {
            Object[] r = rows.get(i);
            op[i] = (Byte) r[0];
            action[i] = (Action) r[1];
            dur[i] = (Dur) r[2];
            randomIndex[i] = (Integer) r[3];
            loopSlot[i] = (Integer) r[4];
            loopArg[i] = (Integer) r[5];
        }
        this.randoms = randoms.toArray(new Dur.Random[0]);
        this.randomHash = new long[this.randoms.length];
        for (int i = 0; i < randomHash.length; i++) randomHash[i] = dev.procsim.engine.RandomStreams.nameHash(this.randoms[i].stream());
        this.loops = loops;
    }

    public String name() {
        return name;
    }

    /** Number of operations in the flat form. */
    public int length() {
        return op.length;
    }

    /** Compiles a list of actions. Program names in fork, spawn and exec are linked by {@link ProgramSet}. */
    static Program compile(String name, int id, List<Action> actions) {
        List<Object[]> rows = new ArrayList<>();
        List<Dur.Random> randoms = new ArrayList<>();
        int[] loops = {0};
        emit(actions, rows, randoms, loops);
        return new Program(name, id, rows, randoms, loops[0]);
    }

    private static void emit(List<Action> actions, List<Object[]> rows, List<Dur.Random> randoms, int[] loops) {
        for (Action a : actions) {
            if (a instanceof Action.Repeat rep) {
                if (rep.times() == 0) continue;
                int slot = loops[0]++;
                int start = rows.size();
                rows.add(new Object[] {LOOP_START, null, null, -1, slot, rep.times()});
                emit(rep.body(), rows, randoms, loops);
                rows.add(new Object[] {LOOP_END, null, null, -1, slot, start});
                continue;
            }
            byte code;
            Dur d = null;
            if (a instanceof Action.Compute c) {
                code = COMPUTE;
                d = c.time();
            } else if (a instanceof Action.Io io) {
                code = IO;
                d = io.time();
            } else if (a instanceof Action.Sleep s) {
                code = SLEEP;
                d = s.time();
            } else if (a instanceof Action.Syscall s) {
                code = SYSCALL;
                d = s.time();
            } else if (a instanceof Action.Yield) {
                code = YIELD;
            } else if (a instanceof Action.Fork f) {
                code = FORK;
                d = f.retryAfter();
            } else if (a instanceof Action.Spawn) {
                code = SPAWN;
            } else if (a instanceof Action.Exec) {
                code = EXEC;
            } else if (a instanceof Action.Touch) {
                code = TOUCH;
            } else if (a instanceof Action.Wait) {
                code = WAIT;
            } else if (a instanceof Action.Exit) {
                code = EXIT;
            } else if (a instanceof Action.Kill) {
                code = KILL;
            } else if (a instanceof Action.Periodic) {
                code = PERIODIC;
            } else if (a instanceof Action.Clone) {
                code = CLONE;
            } else if (a instanceof Action.Join) {
                code = JOIN;
            } else if (a instanceof Action.ExitGroup) {
                code = EXIT_GROUP;
            } else if (a instanceof Action.PipeCreate) {
                code = PIPE;
            } else if (a instanceof Action.PipeWrite) {
                code = PIPE_WRITE;
            } else if (a instanceof Action.PipeRead) {
                code = PIPE_READ;
            } else if (a instanceof Action.PipeClose) {
                code = PIPE_CLOSE;
            } else if (a instanceof Action.Sigaction) {
                code = SIGACTION;
            } else if (a instanceof Action.SigMask) {
                code = SIGMASK;
            } else if (a instanceof Action.SetPgid) {
                code = SETPGID;
            } else if (a instanceof Action.SetSlice) {
                code = SET_SLICE;
            } else if (a instanceof Action.SetDeadline) {
                code = SET_DEADLINE;
            } else if (a instanceof Action.SetAffinity) {
                code = SET_AFFINITY;
            } else {
                throw new IllegalArgumentException("unknown action " + a);
            }
            int ri = -1;
            if (d instanceof Dur.Random r) {
                ri = randoms.indexOf(r);
                if (ri < 0) {
                    ri = randoms.size();
                    randoms.add(r);
                }
            }
            rows.add(new Object[] {code, a, d, ri, -1, 0});
        }
    }

    @Override
    public String toString() {
        return "Program[" + name + ", " + op.length + " ops]";
    }
}

package dev.procsim.kernel;

import java.util.List;

/**
 * One step of a program (design.md section 4). Programs are written as lists of actions and
 * compiled into a flat {@link Program} shared by every task that runs it.
 */
public sealed interface Action {
    /** Use the CPU for a while (preemptible; the remainder continues later). */
    record Compute(Dur time) implements Action {}

    /** Block for a while on I/O, then become ready. */
    record Io(Dur time) implements Action {}

    /** Block for a while (a timed sleep), then become ready. */
    record Sleep(Dur time) implements Action {}

    /** A kernel call: CPU time spent in the kernel, and a point where a cooperative scheduler may switch. */
    record Syscall(Dur time) implements Action {}

    /** Give up the CPU voluntarily; the task stays ready. */
    record Yield() implements Action {}

    /** What a fork does when the kernel refuses it ({@code EAGAIN}). */
    enum OnFail { CONTINUE, RETRY, EXIT }

    /**
     * Create a child running program {@code run}; {@code strategy} null means the experiment's
     * default. On {@code EAGAIN}: continue, retry after {@code retryAfter}, or exit with status 1.
     */
    record Fork(String run, String strategy, OnFail onFail, Dur retryAfter) implements Action {
        public Fork {
            if (run == null) throw new IllegalArgumentException("fork needs a program to run");
            if (onFail == null) onFail = OnFail.CONTINUE;
            if (onFail == OnFail.RETRY && retryAfter == null) {
                throw new IllegalArgumentException("fork with on-fail retry needs a retry-after duration");
            }
        }

        public Fork(String run) {
            this(run, null, OnFail.CONTINUE, null);
        }
    }

    /**
     * clone(2) with the flags that matter here ({@link #VM}, {@link #FILES}, {@link #SIGHAND},
     * {@link #THREAD}, {@link #NEWPID}), the child running {@code run}. With {@code THREAD} the
     * child is a thread of the caller's group (a TID from the PID allocator, the group's address
     * space, reaped by the kernel, joined with {@link Join}); without it, a process (a child for
     * {@code wait}) that shares the address space with {@code VM} or gets a copy (the default fork
     * strategy) without. Linux's rules: THREAD needs SIGHAND, SIGHAND needs VM, NEWPID excludes
     * THREAD. With NEWPID the child is PID 1 of a new PID namespace; {@code pidsMax} (only then)
     * puts it in a cgroup of its own with that pids.max, inside its parent's.
     */
    record Clone(String run, int flags, long pidsMax) implements Action {
        public static final int VM = 1, FILES = 2, SIGHAND = 4, THREAD = 8, NEWPID = 16;
        /** What {@code thread: P} means: pthread_create's flags. */
        public static final int THREAD_FLAGS = VM | FILES | SIGHAND | THREAD;

        public Clone {
            if (run == null) throw new IllegalArgumentException("clone needs a program to run");
            if ((flags & THREAD) != 0 && (flags & SIGHAND) == 0) throw new IllegalArgumentException("clone flag thread needs sighand (Linux: EINVAL)");
            if ((flags & SIGHAND) != 0 && (flags & VM) == 0) throw new IllegalArgumentException("clone flag sighand needs vm (Linux: EINVAL)");
            if ((flags & NEWPID) != 0 && (flags & THREAD) != 0) throw new IllegalArgumentException("clone flags newpid and thread exclude each other (Linux: EINVAL)");
            if (pidsMax != Cgroup.UNLIMITED && (flags & NEWPID) == 0) throw new IllegalArgumentException("pids_max (a container's cgroup) needs the newpid flag");
            if (pidsMax < 0) throw new IllegalArgumentException("pids_max must be >= 0, was " + pidsMax);
        }

        public Clone(String run, int flags) {
            this(run, flags, Cgroup.UNLIMITED);
        }

        public boolean thread() {
            return (flags & THREAD) != 0;
        }

        public boolean sharesVm() {
            return (flags & VM) != 0;
        }
    }

    /**
     * Wait for a thread this task created to end (pthread_join): any ({@code index < 0}) not yet
     * joined, or its {@code index}-th (0-based, in creation order).
     */
    record Join(int index) implements Action {
        public static final int ANY = -1;
    }

    /** End every thread of the caller's group; the process exits with {@code code}. */
    record ExitGroup(int code) implements Action {}

    /** Create a pipe known to this process as {@code name}, both ends open (pipe(2)). */
    record PipeCreate(String name) implements Action {}

    /**
     * Write {@code bytes} into the pipe {@code name} ({@link #LAST_READ}: as many as this task's
     * last read returned); blocks while the pipe is full (Linux's rules in {@code PipesAndFiles}).
     */
    record PipeWrite(String name, long bytes) implements Action {
        public static final long LAST_READ = -1;

        public PipeWrite {
            if (bytes < 0 && bytes != LAST_READ) throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
    }

    /**
     * Read up to {@code bytes} from the pipe {@code name}: blocks while it is empty and a writer
     * is left, then returns what is there (0 at end of file); {@code exitOnEof}: the task exits
     * with status 0 at end of file.
     */
    record PipeRead(String name, long bytes, boolean exitOnEof) implements Action {
        public PipeRead {
            if (bytes < 1) throw new IllegalArgumentException("bytes must be >= 1, was " + bytes);
        }
    }

    /** Close this process's read end, write end, or both ({@link #READ} | {@link #WRITE}) of a pipe. */
    record PipeClose(String name, int ends) implements Action {
        public static final int READ = 1, WRITE = 2, BOTH = 3;
    }

    /** posix_spawn: a vfork-style clone whose child immediately execs {@code run}. */
    record Spawn(String run) implements Action {}

    /** Replace the task's image with program {@code run} and {@code memoryBytes} of private memory. */
    record Exec(String run, long memoryBytes) implements Action {}

    /** How a touch walks the pages it touches. */
    enum Pattern { SEQUENTIAL, RANDOM, STRIDE }

    /** A number of pages, given directly ({@code pages >= 0}) or as a fraction of the private pages. */
    record Amount(long pages, double fraction) {
        public Amount {
            if (pages < 0 && !(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
            }
        }

        public static Amount pages(long n) {
            if (n < 0) throw new IllegalArgumentException("page count must be >= 0, was " + n);
            return new Amount(n, Double.NaN);
        }

        public static Amount fraction(double f) {
            return new Amount(-1, f);
        }

        /** The page count out of {@code total} private pages (a fraction is rounded to the nearest page). */
        public long resolve(long total) {
            return pages >= 0 ? pages : Math.round(fraction * total);
        }
    }

    /**
     * Touch {@code count} private pages starting at page {@code offset} ({@code write} false is a
     * read). {@code SEQUENTIAL}: offset, offset+1, ...; {@code STRIDE}: every {@code stride}-th page;
     * {@code RANDOM}: distinct pages in an order drawn from the task's own stream. Positions wrap
     * around the end of the private memory; the count is capped at the number of pages.
     */
    record Touch(boolean write, Amount count, Amount offset, Pattern pattern, int stride) implements Action {
        public Touch {
            if (count == null) throw new IllegalArgumentException("touch needs a page count or fraction");
            if (offset == null) offset = Amount.pages(0);
            if (pattern == null) pattern = Pattern.SEQUENTIAL;
            if (stride < 1) throw new IllegalArgumentException("stride must be >= 1, was " + stride);
        }

        public static Touch write(Amount count) {
            return new Touch(true, count, Amount.pages(0), Pattern.SEQUENTIAL, 1);
        }

        public static Touch read(Amount count) {
            return new Touch(false, count, Amount.pages(0), Pattern.SEQUENTIAL, 1);
        }

        public Touch at(Amount off) {
            return new Touch(write, count, off, pattern, stride);
        }

        public Touch with(Pattern p, int s) {
            return new Touch(write, count, offset, p, s);
        }
    }

    /**
     * Periodic real-time jobs: job k is released at arrival + offset + k * period, must finish
     * {@code wcet} of computation by its release + {@code deadline}; {@code jobs < 0} repeats
     * forever. A job still running at the next release delays the next one (it is released late,
     * into the queue behind), unless the scheduler's on-miss policy drops or aborts it.
     */
    record Periodic(long period, long wcet, long deadline, long offset, long jobs) implements Action {
        public Periodic {
            if (period <= 0) throw new IllegalArgumentException("period must be > 0");
            if (wcet <= 0) throw new IllegalArgumentException("wcet must be > 0");
            if (deadline <= 0) throw new IllegalArgumentException("deadline must be > 0");
            if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        }
    }

    /** Reap a child: any ({@code childIndex < 0}) or the child created by this task's fork number {@code childIndex} (0-based). */
    record Wait(int childIndex, boolean nohang) implements Action {
        public static final int ANY = -1;
    }

    record Exit(int code) implements Action {}

    /** Repeat {@code body} {@code times} times, or forever when {@code times < 0}. */
    record Repeat(int times, List<Action> body) implements Action {
        public static final int FOREVER = -1;

        public Repeat {
            body = List.copyOf(body);
        }
    }

    /**
     * sigaction: signal {@code sig}'s disposition becomes default, ignore, or the handler program
     * {@code handler}. {@code restart} is a handler's SA_RESTART flag: with it (the default) a
     * wait or pipe call the handler interrupts is restarted; without it the call ends with EINTR
     * (a pipe write that moved some bytes returns their count). A sleep a handler interrupts
     * ends with EINTR either way (signal(7): nanosleep is never restarted).
     */
    record Sigaction(int sig, byte disposition, String handler, boolean restart) implements Action {
        public static final byte DEFAULT = 0, IGNORE = 1, HANDLER = 2;

        public Sigaction {
            if (sig < 1 || sig > Signals.MAX) throw new IllegalArgumentException("signal number must be in [1, 31] (standard signals), was " + sig);
            if (Signals.unblockable(sig)) throw new IllegalArgumentException(Signals.name(sig) + Signals.CANNOT_CATCH);
            if ((disposition == HANDLER) != (handler != null)) throw new IllegalArgumentException("a handler needs a program, and only a handler");
            if (!restart && disposition != HANDLER) throw new IllegalArgumentException("restart (SA_RESTART) is a handler's flag");
        }

        /** With SA_RESTART, as a handler is installed by default here. */
        public Sigaction(int sig, byte disposition, String handler) {
            this(sig, disposition, handler, true);
        }
    }

    /** sigprocmask: block ({@code block} true) or unblock the signals of {@code mask} (bit n: signal n). */
    record SigMask(boolean block, long mask) implements Action {
        public SigMask {
            if ((mask & Signals.UNBLOCKABLE) != 0) {
                throw new IllegalArgumentException("SIGKILL and SIGSTOP" + Signals.CANNOT_BLOCK);
            }
        }
    }

    /** setpgid: the caller ({@code child < 0}) or its child of that fork number moves to a new group of its own, or ({@code joinCaller}) to the caller's. */
    record SetPgid(int child, boolean joinCaller) implements Action {
        public static final int SELF = -1;
    }

    /**
     * sched_setattr with a runtime for a fair task (Linux 6.12+): the task's request size, the
     * slice EEVDF gives it before a new virtual deadline, clamped as Linux does to [0.1 ms, 100 ms].
     */
    record SetSlice(long nanos) implements Action {
        public static final long MIN = 100_000, MAX = 100_000_000;

        public SetSlice {
            if (nanos < MIN || nanos > MAX) throw new IllegalArgumentException("slice must be in [0.1ms, 100ms] (Linux clamps it so), was " + nanos + " ns");
        }
    }

    /** sched_setattr(SCHED_DEADLINE): ask for {@code params}; admission control may refuse (EBUSY). */
    record SetDeadline(DeadlineParams params) implements Action {}

    /**
     * sched_setaffinity(0, ...): the calling task may run only on {@code cpus} from now on (its
     * children inherit it). Linux refuses a set with no CPU of the machine (EINVAL); a task on a
     * CPU outside the set moves at once.
     */
    record SetAffinity(CpuSet cpus) implements Action {}

    /** Whom a kill is sent to. */
    sealed interface Target {
        record Child(int index) implements Target {}

        record Parent() implements Target {}

        record Self() implements Target {}

        /** A PID; a negative one, -PGID, is every process of that process group. */
        record Pid(int pid) implements Target {}

        /** Every process of the process group of the caller's child of that fork number. */
        record ChildGroup(int index) implements Target {}
    }

    /** Send standard signal {@code signal} (1..31) to the target (kill(2)). */
    record Kill(Target target, int signal) implements Action {
        public Kill {
            if (signal < 1 || signal > Signals.MAX) {
                throw new IllegalArgumentException("signal number must be in [1, 31] (standard signals; real-time ones are not modelled), was " + signal);
            }
        }
    }
}

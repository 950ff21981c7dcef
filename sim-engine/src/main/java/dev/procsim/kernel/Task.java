package dev.procsim.kernel;

import dev.procsim.engine.DoubleSampler;

/**
 * The simulated {@code task_struct}: identity, family, state, program position, accounting, and a
 * few fields private to the scheduler. Kept lean (plain fields, children as an intrusive list) so
 * that a million live tasks fit in a small heap. Only the kernel changes it; schedulers change
 * only their own fields ({@code rq*}, {@code sched*}).
 *
 * <p>Stable API for plug-ins: the scheduler fields ({@code rqNext}, {@code rqPrev},
 * {@code schedKey} to {@code schedKey4}, {@code schedIndex}, {@code schedLevel}) and the public
 * accessors that read the task; not the methods that change it ({@code detached}, {@code set*},
 * {@code add*}, {@code advanceDetached}), nor the members of the kernel types some accessors
 * return ({@code RealtimeStats}, {@code DeadlineParams}, {@code Cgroup}).
 */
public final class Task {
    // Identity
    int slot = -1;
    int pid = -1;
    final TaskName name;
    final long key; // deterministic identity for random streams: (parent key, fork number)
    int uid;
    int nice;
    int priority; // static priority from a task list (lower = more important); 0 if none
    Cgroup cgroup;

    // Family
    Task parent;
    Task firstChild, lastChild, nextSibling, prevSibling;
    int childIndex = -1; // which fork of its (original) parent created it
    int forks; // forks of this process, numbering its children (for wait)
    int created; // tasks this task has created (forks and threads), numbering their identities
    /**
     * What only some tasks need (threads, pipes, signals, PID namespaces, a policy's parameters),
     * made on first need, so that a plain task, the common case, carries one null reference
     * instead of all of it.
     */
    static final class Ext {
        int threadsCreated; // threads this task has created, numbering them for join
        ThreadGroup group; // null for a single-threaded process
        Task creator; // a thread: the task that created it (join); otherwise null
        FileTable files; // open pipe ends; null until the process makes or inherits one
        long pipeDone = -1; // bytes moved by the pipe read/write in progress; -1 when none is
        SignalState sig; // dispositions and pending signals of its process; null until a signal matters to it
        long sigBlocked; // this task's blocked mask (bit n: signal n)
        SignalState.Frame sigFrame; // handlers in progress, innermost first
        boolean stopOnWake; // its process was stopped while it was blocked: it stops when the block ends
        DeadlineParams dl; // SCHED_DEADLINE parameters it was admitted with; null for other tasks
        long slice; // its own request size for EEVDF (sched_setattr); 0: the scheduler's default
        PidNamespace ns; // its PID namespace; null: the root one
        int[] nsPids; // its PID at each namespace level 1..ns.level (index level - 1); null in the root
        CpuSet allowed; // the CPUs it may run on (sched_setaffinity); null: every CPU
    }

    Ext ext;

    Ext ext() {
        Ext e = ext;
        if (e == null) ext = e = new Ext();
        return e;
    }

    int threadsCreated() { return ext == null ? 0 : ext.threadsCreated; }
    ThreadGroup group() { return ext == null ? null : ext.group; }
    Task creator() { return ext == null ? null : ext.creator; }
    FileTable files() { return ext == null ? null : ext.files; }
    long pipeDone() { return ext == null ? -1 : ext.pipeDone; }
    SignalState sig() { return ext == null ? null : ext.sig; }
    long sigBlocked() { return ext == null ? 0 : ext.sigBlocked; }
    SignalState.Frame sigFrame() { return ext == null ? null : ext.sigFrame; }
    boolean stopOnWake() { return ext != null && ext.stopOnWake; }
    DeadlineParams dl() { return ext == null ? null : ext.dl; }
    PidNamespace ns() { return ext == null ? null : ext.ns; }
    int[] nsPids() { return ext == null ? null : ext.nsPids; }
    CpuSet allowed() { return ext == null ? null : ext.allowed; }

    boolean inKernel; // its current work item is kernel work (a signal waits for its end)
    long wakeAt = -1; // when a timed block ends (a stop and SIGCONT during a sleep resume it; a handler ends it with EINTR)
    int pgid; // process group (of the process; threads report their leader's)
    boolean autoreap;
    boolean subreaper;

    // State
    TaskState state = TaskState.NEW;
    BlockReason blockReason = BlockReason.NONE;
    int exitStatus;
    int lastResult; // result of the last fork/wait/kill: a pid, 0, or -errno
    int lastWaitStatus;

    // Program position
    Program program;
    int pc;
    int[] loopCounters;
    long[] streams; // state of its random streams, one per random duration of its program (Kernel.sample)
    DoubleSampler touchRng;
    byte phase; // what completes when the current kernel work ends (Kernel.PHASE_*)
    int phaseArg;
    Task pendingChild; // child being created by a fork in progress
    Task vforkParent; // parent suspended until this task execs or exits
    Program pendingExec; // spawn: exec this before running
    long work; // remaining ns of the current CPU work item
    boolean needResched;
    int waitTarget;

    // Periodic real-time jobs (null for other tasks)
    RealtimeStats rt;
    long jobDeadline = Long.MAX_VALUE; // of the job in progress: kept here so EDF reads one object

    // Memory (owned by the memory model)
    Object mm;
    long memoryBytes;

    // Events and placement
    long wakeEvent = -1;
    int cpu = -1;
    // Per-CPU run queues (RunQueues): the CPU whose queue holds the task or holds its scheduling state, and its place in that queue's list
    int rqCpu = -1;
    Task cpuqNext, cpuqPrev;

    // Accounting (ns)
    long arrival = -1;
    long firstRun = -1;
    long finish = -1;
    long cpuTime;
    long demand;
    long readyWait;
    long blocked;
    long stateSince;
    long forkStart;
    int voluntarySwitches;
    int involuntarySwitches;
    int migrations;
    long pageFaults;
    long pageCopies;

    /** Scheduler-private: run-queue links, keys and an index (a run-queue slot, an array). */
    public Task rqNext, rqPrev;
    public long schedKey, schedKey2, schedKey3, schedKey4;
    public int schedIndex = -1, schedLevel;

    Task(String name, long key) {
        this(TaskName.of(name), key);
    }

    Task(TaskName name, long key) {
        this.name = name;
        this.key = key;
    }

    /**
     * A task outside any kernel, in state READY, for driving a scheduler directly (benchmarks,
     * tools): a PID, nice, priority, remaining work and, if {@code jobDeadline < Long.MAX_VALUE},
     * a periodic job with that absolute deadline and period.
     */
    public static Task detached(String name, int pid, int nice, int priority, long work, long jobDeadline, long period) {
        Task t = new Task(name, pid);
        t.pid = pid;
        t.nice = nice;
        t.priority = priority;
        t.work = work;
        t.state = TaskState.READY;
        if (jobDeadline < Long.MAX_VALUE) {
            t.rt = new RealtimeStats(new Action.Periodic(period, Math.max(1, work), period, 0, -1));
            t.rt.active = true;
            t.rt.deadline = jobDeadline;
            t.jobDeadline = jobDeadline;
        }
        return t;
    }

    /** For detached tasks: the request size a fair task asked for (sched_setattr). */
    public void setSlice(long nanos) {
        ext().slice = nanos;
    }

    /** For detached tasks: moves the job deadline and consumes work, as running would. */
    public void advanceDetached(long ran, long newDeadline) {
        work = Math.max(0, work - ran);
        if (rt != null) {
            rt.deadline = newDeadline;
            jobDeadline = newDeadline;
        }
    }

    public String name() { return name.toString(); }
    public int pid() { return pid; }
    /** The parent's PID; a thread reports its group's (as getppid does). */
    public int ppid() {
        ThreadGroup group = group();
        if (group != null && group.leader != this) return group.leader.ppid();
        return parent == null ? 0 : parent.pid;
    }
    /** The thread group's ID: the leader's PID; a task's own PID when it has no other threads. */
    public int tgid() { return group() == null ? pid : group().leader.pid; }
    /** Its PID in its own PID namespace (the root PID when it is in the root namespace). */
    public int nsPid() { return nsPids() == null ? pid : nsPids()[nsPids().length - 1]; }
    /** Depth of its PID namespace: 0 for the root. */
    public int nsLevel() { return ns() == null ? 0 : ns().level; }
    /** The request size it asked for with {@code slice} (sched_setattr), or 0 for the scheduler's default. */
    public long slice() { return ext == null ? 0 : ext.slice; }
    /** SCHED_DEADLINE parameters it was admitted with, or null. */
    public DeadlineParams deadlineParams() { return dl(); }
    /** For detached tasks: SCHED_DEADLINE parameters. */
    public void setDeadlineParams(DeadlineParams p) { ext().dl = p; }
    /** Process group ID. */
    public int pgid() { return group() == null ? pgid : group().leader.pgid; }
    /** Whether this task is a thread created by clone(THREAD), not a group leader. */
    public boolean isThread() { return group() != null && group().leader != this; }
    /** Whether this task is a vfork child running in its suspended parent's memory. */
    public boolean borrowsParentMemory() { return vforkParent != null; }
    public Task parent() { return parent; }
    public TaskState state() { return state; }
    public BlockReason blockReason() { return blockReason; }
    public int exitStatus() { return exitStatus; }
    public int lastResult() { return lastResult; }
    public int lastWaitStatus() { return lastWaitStatus; }
    public int nice() { return nice; }
    public int priority() { return priority; }
    public int uid() { return uid; }
    public Cgroup cgroup() { return cgroup; }
    public int childIndex() { return childIndex; }
    public String programName() { return program == null ? "" : program.name; }
    public long arrival() { return arrival; }
    public long firstRun() { return firstRun; }
    public long finish() { return finish; }
    public long cpuTime() { return cpuTime; }
    /** CPU work the task has asked for so far (compute and kernel work). */
    public long demand() { return demand; }
    /** Remaining ns of the CPU work item in progress (what SRTF-like schedulers look at). */
    public long remainingWork() { return work; }
    public long readyWait() { return readyWait; }
    public long blockedTime() { return blocked; }
    public int voluntarySwitches() { return voluntarySwitches; }
    public int involuntarySwitches() { return involuntarySwitches; }
    public int migrations() { return migrations; }
    public long pageFaults() { return pageFaults; }
    public long pageCopies() { return pageCopies; }
    public long memoryBytes() { return memoryBytes; }
    public Object mm() { return mm; }
    public int cpu() { return cpu; }
    /** Jobs of a periodic task, or null. */
    public RealtimeStats realtime() { return rt; }
    /** Absolute deadline of the current job, or Long.MAX_VALUE when none. */
    public long jobDeadline() { return jobDeadline; }

    /** Release time of the job in progress, or {@code Long.MAX_VALUE} without one. */
    public long jobRelease() { return jobDeadline != Long.MAX_VALUE && rt != null ? rt.release : Long.MAX_VALUE; }
    /** Period of a periodic task, or Long.MAX_VALUE. */
    public long period() { return rt != null ? rt.period : Long.MAX_VALUE; }
    /** Relative deadline of a periodic task, or Long.MAX_VALUE. */
    public long relativeDeadline() { return rt != null ? rt.relativeDeadline : Long.MAX_VALUE; }

    /** The memory model's address space for this task. */
    public void setMm(Object mm) { this.mm = mm; }
    public void setMemoryBytes(long bytes) { this.memoryBytes = bytes; }
    public void addPageFaults(long n) { pageFaults += n; }
    public void addPageCopies(long n) { pageCopies += n; }

    /** Iterates children: first, then {@link #nextSibling()}. */
    public Task firstChild() { return firstChild; }
    public Task nextSibling() { return nextSibling; }

    /** response = first run - arrival; -1 if it never ran. */
    public long response() { return firstRun < 0 ? -1 : firstRun - arrival; }
    /** turnaround = finish - arrival; -1 if it has not finished. */
    public long turnaround() { return finish < 0 ? -1 : finish - arrival; }

    @Override
    public String toString() {
        return name() + "[pid " + pid + ", " + state + (state == TaskState.BLOCKED ? " " + blockReason : "") + "]";
    }
}

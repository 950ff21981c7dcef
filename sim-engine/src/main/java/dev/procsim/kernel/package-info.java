/**
 * The simulated kernel: tasks, their programs, the dispatch loop over CPUs, PIDs and limits, and
 * the process lifecycle (design.md sections 2 and 4), split by concern as Linux splits
 * {@code kernel/sched/core.c}, {@code fork.c}, {@code exit.c}, {@code signal.c} and
 * {@code fs/pipe.c}.
 *
 * <p>Each subsystem is one final class that keeps its state private and receives, in its
 * constructor, the subsystems it calls ({@link dev.procsim.kernel.Kernel}'s constructor wires
 * them, lowest first). An arrow reads "calls"; every subsystem also reads the
 * {@code KernelContext} (configuration, clock, scheduler, memory model, metrics, schedule log, the
 * event handler):
 * <pre>
 *   Kernel              routes each event to its owner; run(), the public queries
 *    |
 *   ArrivalFeed         workload processes: added, fed to the queue an instant at a time, created at arrival
 *    |--&gt; ProgramInterpreter, DispatchLoop, TaskTable
 *   ProgramInterpreter  the system-call entry: steps programs, hands each call to its subsystem, completes phases
 *    |--&gt; ForkAndSpawn, ThreadGroups, SignalDelivery, SignalSending, PipesAndFiles, ExitAndWait,
 *    |    RealtimeJobs, TaskStreams, Migrations, DispatchLoop
 *   ForkAndSpawn        fork, clone, posix_spawn: the copy, what the child inherits, vfork    (fork.c)
 *    |--&gt; ExitAndWait, PipesAndFiles, TaskStreams, DispatchLoop, RunQueues, TaskTable
 *   SignalDelivery      delivery at return to user mode, handlers, interrupted calls, stop   (signal.c)
 *    |--&gt; SignalSending, ThreadGroups, DispatchLoop
 *   SignalSending       kill, process groups, merge, continue, the thread that takes one     (signal.c)
 *    |--&gt; ThreadGroups, DispatchLoop, TaskTable
 *   ThreadGroups        join, exit_group, a fatal signal to a process, exec's de_thread
 *    |--&gt; ExitAndWait, DispatchLoop, TaskTable
 *   ExitAndWait         exit, zombies, wait and reap, orphans, namespaces' end, vfork release (exit.c)
 *    |--&gt; PipesAndFiles, RealtimeJobs, DispatchLoop, TaskTable;  SIGCHLD via SignalSender (bound late)
 *   PipesAndFiles       pipes and each process's open ends                                   (pipe.c, file.c)
 *    |--&gt; DispatchLoop
 *   RealtimeJobs        periodic jobs: release, completion, misses; SCHED_DEADLINE admission
 *    |--&gt; DispatchLoop
 *   Migrations          the balance tick, active balancing, exec balancing, whether affinity can confine
 *    |--&gt; DispatchLoop, RunQueues, LoadBalancer
 *   DispatchLoop        settle, dispatch, switch, charge, quantum, preempt, block, wake; owns the CPUs (core.c)
 *    |--&gt; RunQueues, LoadBalancer, RealtimePush (its part: real-time push), IdleCpus;  programs via ProgramRunner (bound late)
 *   LoadBalancer        newidle, periodic and active balancing between per-CPU queues (fair.c)
 *    |--&gt; RunQueues, RunnableAverage, NiceWeight;  moves via LoadBalancer.ActivePush (bound late: Migrations)
 *   RunQueues           one queue or one per CPU: the policies' hooks, placement, each CPU's queued tasks
 *    |--&gt; RunnableAverage (PELT's load_avg, simplified, per task slot), CpuLoads (run-queue lengths, imbalance),
 *         Placement (select_task_rq_fair: idle sibling, idlest, exec target) --&gt; WakeAffine (the waker's CPU or the wakee's)
 *   TaskTable           slots, init, PIDs and limits, task and zombie counts, family links, records (pid.c)
 *   TaskStreams         the programs' random durations and page choices, one stream per task
 * </pre>
 * The three calls up the graph go through a narrow interface bound once at wiring:
 * {@link dev.procsim.kernel.ProgramRunner} (the dispatch loop runs a task's program),
 * {@link dev.procsim.kernel.SignalSender} (exit sends SIGCHLD) and
 * {@code LoadBalancer.ActivePush} (the balancer has a running task moved). What a subsystem decides for
 * another is returned, not done: a pipe call's result says when the program exits at end of file
 * or the writer gets SIGPIPE, and the interpreter acts on it. Shared mutable state has one owner:
 * the CPUs the dispatch loop, the slots and counts the task table, the admitted deadline
 * bandwidth the real-time jobs; the tasks themselves ({@link dev.procsim.kernel.Task}) are
 * changed by whichever subsystem handles them, as Linux's {@code task_struct} is.
 *
 * <p>Beside the subsystems: {@link dev.procsim.kernel.Scheduler} (the hooks every policy
 * implements, as Linux's {@code struct sched_class}), {@link dev.procsim.kernel.MemoryModel} (fork,
 * exec, exit and faults as costs), {@link dev.procsim.kernel.Task} and
 * {@link dev.procsim.kernel.Program} (a compiled program), {@link dev.procsim.kernel.PidAllocator},
 * {@link dev.procsim.kernel.ScheduleLog} and {@link dev.procsim.kernel.KernelMetrics}.
 */
package dev.procsim.kernel;

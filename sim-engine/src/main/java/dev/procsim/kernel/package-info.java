/**
 * The simulated kernel: tasks, their programs, the dispatch loop over CPUs, PIDs and limits, and
 * the process lifecycle (design.md sections 2 and 4), split by concern as Linux splits
 * {@code kernel/sched/core.c}, {@code fork.c} and {@code exit.c}.
 *
 * <p>Where to look:
 * <pre>
 *   Kernel              the front: construction, run(), the public queries, onEvent (routes each event to its layer)
 *   SignalDelivery      signals: deliver at return to user mode, handlers and the calls they interrupt (EINTR, SA_RESTART), stop (signal.c)
 *   SignalSending       signals: kill, process groups, merge, continue, a namespace init's protection, the thread that takes one (signal.c)
 *   PipesAndFiles       pipes (capacity, PIPE_BUF atomicity, end of file, SIGPIPE) and each process's open ends (pipe.c, file.c)
 *   ThreadGroups        thread exit and join, exit_group, a fatal signal to a threaded process, exec's de_thread
 *   ExitAndWait         exit, zombies, wait and reap, re-parenting to a subreaper or init, vfork release, kill   (exit.c)
 *   ForkAndSpawn        fork, clone (threads) and posix_spawn, their limits in Linux's order, refused forks, arrival             (fork.c)
 *   ProgramInterpreter  steps a task's program; kernel work as phases (fork copy, exec, exit) and their completion
 *   RealtimeJobs        periodic jobs: release, completion, deadline miss, the scheduler's miss policy
 *   DispatchLoop        end-of-instant settle, dispatch, context switch, charge, quantum, preempt, block, wake (core.c)
 *   TaskTable           task slots, RLIMIT_NPROC counts, parent/child links, task records, the arrival feed     (pid.c)
 *   KernelState         what all share: config, clock, scheduler, memory model, CPUs, PIDs, metrics, schedule log
 * </pre>
 * Each is one class on top of the one below it ({@code Kernel extends SignalDelivery extends SignalSending extends PipesAndFiles extends ThreadGroups extends ExitAndWait extends ... extends
 * KernelState}), so a layer calls down freely; the few calls up (the dispatch loop runs a task's
 * program; the interpreter starts a fork or an exit) are declared {@code abstract} at the top of
 * the layer that makes them, which lists exactly what it needs from above. {@code Kernel} is final
 * and the only concrete class, so those calls compile to direct calls.
 *
 * <p>Beside the layers: {@link dev.procsim.kernel.Scheduler} (the hooks every policy implements, as
 * Linux's {@code struct sched_class}), {@link dev.procsim.kernel.MemoryModel} (fork, exec, exit and
 * faults as costs), {@link dev.procsim.kernel.Task} and {@link dev.procsim.kernel.Program} (a
 * compiled program), {@link dev.procsim.kernel.PidAllocator}, {@link dev.procsim.kernel.ScheduleLog}
 * and {@link dev.procsim.kernel.KernelMetrics}.
 */
package dev.procsim.kernel;

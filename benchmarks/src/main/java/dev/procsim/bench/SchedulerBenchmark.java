package dev.procsim.bench;

import dev.procsim.kernel.DeadlineParams;
import dev.procsim.kernel.Scheduler;
import dev.procsim.kernel.Task;
import dev.procsim.sched.SchedulerRegistry;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A scheduler's own cost, without the kernel: with N tasks ready, each operation picks the next
 * task, charges it 1 ms of run time (which moves its key: vruntime, estcpu, dynamic priority,
 * laxity, deadline) and queues it again as preempted. This is the pick/enqueue pair every
 * dispatch pays; for time-sharing, cfs and deadline it must grow no faster than log N. Only the
 * real-time policies' tasks carry periodic jobs (the others never read a deadline, and keeping one
 * up to date would charge them two more objects per operation). {@code textbook-heap} is a
 * yardstick, CFS's key in {@code java.util.PriorityQueue}: how a plain O(log N) heap grows here.
 * Score: nanoseconds per pick+enqueue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class SchedulerBenchmark {
    private static final int OPS = 1024;
    private static final long MS = 1_000_000L;

    @Param({"fcfs", "sjf", "srtf", "rr", "priority", "mlfq", "cfs", "eevdf", "sched-deadline", "non-preemptive", "time-sharing",
        "time-sharing:bsd", "time-sharing:linux-o1", "edf", "deadline", "rm", "dm", "llf", "textbook-heap"})
    public String scheduler;

    @Param({"10", "1000", "100000"})
    public int ready;

    /** Policies that read job deadlines; only their tasks carry periodic jobs. */
    private static final Set<String> REALTIME = Set.of("edf", "deadline", "rm", "dm", "llf");

    private Scheduler s;
    private boolean realtime;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        String[] np = scheduler.split(":");
        s = np[0].equals("textbook-heap") ? new TextbookHeapScheduler()
                : SchedulerRegistry.create(np[0], np.length > 1 ? Map.of("preset", np[1]) : Map.of());
        s.init(1);
        SplittableRandom r = new SplittableRandom(1);
        realtime = REALTIME.contains(np[0]);
        Task[] tasks = new Task[ready];
        for (int i = 0; i < ready; i++) {
            long period = (10 + r.nextInt(990)) * MS;
            long deadline = r.nextInt(1000) * MS;
            tasks[i] = Task.detached("t" + i, 2 + i, r.nextInt(40) - 20, r.nextInt(100), (1 + r.nextInt(100)) * MS,
                    realtime ? deadline : Long.MAX_VALUE, period);
            // sched-deadline: every task a server whose budget (2^50 ns) outlasts the benchmark, with
            // its own relative deadline, so that the EDF heap orders them (and none is throttled)
            if (np[0].equals("sched-deadline")) tasks[i].setDeadlineParams(new DeadlineParams(1L << 50, (1L << 50) + deadline, (1L << 50) + deadline));
        }
        // Queued in a random order, not in the order they were made (and lie in memory): in a
        // simulation, the order of a run queue has nothing to do with where its tasks were
        // allocated, and a queue walked in allocation order would let the hardware prefetcher hide
        // the cost of reaching each task (a FIFO at 100,000 tasks: 50 ns instead of 200).
        for (int i = ready - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Task x = tasks[i];
            tasks[i] = tasks[j];
            tasks[j] = x;
        }
        for (Task t : tasks) s.enqueue(t, Scheduler.EnqueueReason.NEW, 0);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long pickAndEnqueue() {
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            Task t = s.pickNext(0, now);
            s.accountRun(t, MS, now);
            t.advanceDetached(MS, realtime ? t.jobDeadline() + t.period() : Long.MAX_VALUE);
            now += MS;
            s.putPrev(t, true, now);
            s.enqueue(t, Scheduler.EnqueueReason.PREEMPTED, now);
            sum += t.pid();
        }
        return sum;
    }
}

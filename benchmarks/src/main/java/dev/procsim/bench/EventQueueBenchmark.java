package dev.procsim.bench;

import dev.procsim.engine.EventHandler;
import dev.procsim.engine.EventQueue;
import java.util.PriorityQueue;
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
 * The classic hold model (Jones, 1986): keep N events pending; each operation pops the earliest
 * and inserts one at (its time + Exp(1)). This is what an event queue does in a simulation at
 * steady state, so it measures the engine's innermost loop at queue sizes from cache-resident
 * (1e3) to far beyond cache (1e6).
 *
 * <p>procsim's queue (see EventQueue) runs beside two others in the same JMH run, so the ratios
 * hold on a noisy machine: a plain primitive 4-ary heap ({@link PlainFourAryHeap}, the floor: the
 * simplest fast structure, which procsim's must match at every size) and
 * {@code java.util.PriorityQueue}. The
 * PriorityQueue side is measured two ways: the usual style (a new event object per insert, as a
 * simulator built on it would do) and a best case that re-inserts the popped object (no
 * allocation). Increments are precomputed so that the random-number generator is not measured.
 * Score: operations (one pop + one insert) per microsecond.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class EventQueueBenchmark {
    private static final int OPS = 1024;
    private static final int INCREMENTS = 1 << 16;
    private static final double MEAN_NS = 1_000_000; // Exp(1) in units of 1 ms
    private static final EventHandler NOOP = (tag, arg) -> {};

    @Param({"100", "1000", "10000", "100000", "1000000", "10000000"})
    public int size;

    private long[] increments;
    private int cursor;
    private EventQueue queue;
    private PriorityQueue<Event> pq;
    private PlainFourAryHeap heap;
    private long seq;

    /** What a PriorityQueue-based simulator keeps per event: time and a FIFO tie-breaker. */
    static final class Event implements Comparable<Event> {
        long time;
        long seq;

        Event(long time, long seq) {
            this.time = time;
            this.seq = seq;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(12345);
        increments = new long[INCREMENTS];
        for (int i = 0; i < INCREMENTS; i++) {
            increments[i] = Math.round(-Math.log(1.0 - r.nextDouble()) * MEAN_NS);
        }
        queue = new EventQueue(size);
        pq = new PriorityQueue<>(size);
        heap = new PlainFourAryHeap(size);
        // Initial times i.i.d. Exp(1), as in the classic hold model: inserts then land at random
        // ranks, not all at the front (cumulative times would make the queue behave like a FIFO).
        for (int i = 0; i < size; i++) {
            long t = next();
            queue.schedule(t, NOOP, 0, i);
            pq.add(new Event(t, seq++));
            heap.add(t, i);
        }
    }

    private long next() {
        long v = increments[cursor];
        cursor = (cursor + 1) & (INCREMENTS - 1);
        return v;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long procsimQueue() {
        EventQueue q = queue;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            q.pop();
            long t = q.poppedTime();
            q.schedule(t + next(), NOOP, 0, 0);
            sum += t;
        }
        return sum;
    }

    /** The yardstick: a plain primitive 4-ary heap (PlainFourAryHeap), the floor procsim's queue must not fall below. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long fourAryHeap() {
        PlainFourAryHeap q = heap;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            long t = q.poll();
            q.add(t + next(), 0);
            sum += t;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long priorityQueue() {
        PriorityQueue<Event> q = pq;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            Event e = q.poll();
            q.add(new Event(e.time + next(), seq++));
            sum += e.time;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long priorityQueueReuse() {
        PriorityQueue<Event> q = pq;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            Event e = q.poll();
            sum += e.time;
            e.time += next();
            e.seq = seq++;
            q.add(e);
        }
        return sum;
    }
}

package dev.procsim.bench;

import dev.procsim.engine.Distribution;
import dev.procsim.engine.DoubleSampler;
import dev.procsim.engine.EventHandler;
import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.Simulation;
import dev.procsim.kernel.RunResult;
import dev.procsim.workload.Experiment;
import dev.procsim.workload.ExperimentParser;
import java.nio.file.Path;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import umontreal.ssj.randvar.ExponentialGen;
import umontreal.ssj.rng.MRG32k3a;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;

/**
 * A whole simulation of an M/M/1 queue at load 0.9 (arrival rate 900/s, mean service 1 ms),
 * 100,000 customers, three ways in one run:
 * <ul>
 * <li>{@code procsim}: a procsim experiment (Poisson arrivals of processes that compute an
 * exponential burst and exit, FCFS, one CPU, no kernel costs; init reaps them), from a parsed
 * experiment to the finished run, through the whole kernel (PID allocation, task records,
 * metrics);</li>
 * <li>{@code ssj}: the same queue in SSJ 3.3.2, the Java simulation library (event-oriented,
 * its default event list, MRG32k3a streams, arrival and departure events reused);</li>
 * <li>{@code procsimEngine}: SSJ's model (a counter and two events) on procsim's engine, to tell
 * the engine's cost from the process model's;</li>
 * <li>{@code priorityQueue}: a plain-Java loop over {@code java.util.PriorityQueue} (the floor of
 * what an object-per-event simulator costs).</li>
 * </ul>
 * The primary score is customers per second (the same work for all three, hence the ratios);
 * the secondary {@code events} score is engine events per second, for procsim the events its
 * event queue fires (its target: 10 million per second). Each model counts its own events, so
 * events per second are not comparable across models; customers per second are.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class MM1Benchmark {
    static final int CUSTOMERS = 100_000;
    static final double LAMBDA = 900, MU = 1000; // per second

    static final String EXPERIMENT = """
            name: mm1
            seed: 1
            costs: none
            cpus: 1
            compare: {scheduler: [fcfs], fork: [cow]}
            workload:
              arrivals: [{poisson: {rate: 900/s, count: %d, burst: {exp: 1ms}}}]
            """.formatted(CUSTOMERS);

    Experiment experiment;
    int run;

    @Setup
    public void parse() {
        experiment = ExperimentParser.parse("mm1.yaml", EXPERIMENT, Path.of("."));
    }

    /** One procsim run; each invocation takes the next replication, so the numbers differ run to run like SSJ's. */
    static RunResult procsimRun(Experiment x, int replication) {
        Experiment.Instance in = EngineEvents.start(x, replication);
        RunResult r = in.run();
        if (in.kernel().metrics().exits() != CUSTOMERS) throw new IllegalStateException("not every customer left");
        return r;
    }

    @Benchmark
    @OperationsPerInvocation(CUSTOMERS)
    public long procsim(EngineEvents e) {
        RunResult r = procsimRun(experiment, run++ & 1023);
        e.events += r.events();
        e.arrivals += CUSTOMERS;
        return r.endTime();
    }

    /** The M/M/1 queue in SSJ: the number in system, one arrival and one departure event object. */
    static final class SsjQueue {
        final Simulator sim = new Simulator();
        final ExponentialGen arrivals, services;
        int inSystem, arrived, departed;
        long events;

        SsjQueue(MRG32k3a arr, MRG32k3a serv) {
            arrivals = new ExponentialGen(arr, LAMBDA);
            services = new ExponentialGen(serv, MU);
        }

        final Event departure = new Event(sim) {
            @Override
            public void actions() {
                events++;
                departed++;
                inSystem--;
                if (inSystem > 0) schedule(services.nextDouble());
                else if (arrived == CUSTOMERS) sim.stop();
            }
        };

        final Event arrival = new Event(sim) {
            @Override
            public void actions() {
                events++;
                arrived++;
                if (++inSystem == 1) departure.schedule(services.nextDouble());
                if (arrived < CUSTOMERS) schedule(arrivals.nextDouble());
            }
        };

        double run() {
            sim.init();
            arrival.schedule(arrivals.nextDouble());
            sim.start();
            if (departed != CUSTOMERS) throw new IllegalStateException("not every customer left");
            return sim.time();
        }
    }

    final MRG32k3a ssjArrivals = new MRG32k3a(), ssjServices = new MRG32k3a();

    @Benchmark
    @OperationsPerInvocation(CUSTOMERS)
    public double ssj(EngineEvents e) {
        SsjQueue q = new SsjQueue(ssjArrivals, ssjServices); // the streams go on from run to run
        double t = q.run();
        e.events += q.events;
        e.arrivals += CUSTOMERS;
        return t;
    }

    /**
     * SSJ's model (a number in system, an arrival and a departure event) on procsim's engine: its
     * {@link Simulation} loop and event queue, with exponential draws from procsim's random streams
     * (Commons RNG's ziggurat sampler on xoshiro256++). Beside {@code procsim}, it separates what
     * the engine costs from what simulating a process per customer costs.
     */
    static final class EngineQueue implements EventHandler {
        static final int ARRIVAL = 0, DEPARTURE = 1;
        final Simulation sim = new Simulation();
        final DoubleSampler arrivals, services;
        int inSystem, arrived, departed;

        EngineQueue(RandomStreams streams) {
            arrivals = Distribution.exponential(1e9 / LAMBDA).sampler(streams.stream("arrivals"));
            services = Distribution.exponential(1e9 / MU).sampler(streams.stream("services"));
        }

        @Override
        public void onEvent(int tag, int arg) {
            long now = sim.now();
            if (tag == ARRIVAL) {
                arrived++;
                if (++inSystem == 1) sim.scheduleAt(now + services.sampleNanos(), this, DEPARTURE, 0);
                if (arrived < CUSTOMERS) sim.scheduleAt(now + arrivals.sampleNanos(), this, ARRIVAL, 0);
            } else {
                departed++;
                if (--inSystem > 0) sim.scheduleAt(now + services.sampleNanos(), this, DEPARTURE, 0);
            }
        }

        long run() {
            sim.scheduleAt(arrivals.sampleNanos(), this, ARRIVAL, 0);
            sim.run();
            if (departed != CUSTOMERS) throw new IllegalStateException("not every customer left");
            return sim.eventsFired();
        }
    }

    @Benchmark
    @OperationsPerInvocation(CUSTOMERS)
    public long procsimEngine(EngineEvents e) {
        EngineQueue q = new EngineQueue(new RandomStreams(1, run++ & 1023));
        long events = q.run();
        e.events += events;
        e.arrivals += CUSTOMERS;
        return q.sim.now();
    }

    /** An event of the plain loop. */
    record Ev(double time, long seq, boolean arrival) implements Comparable<Ev> {
        @Override
        public int compareTo(Ev o) {
            int c = Double.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    final SplittableRandom plain = new SplittableRandom(1);

    static double exp(SplittableRandom r, double rate) {
        return -Math.log(1 - r.nextDouble()) / rate;
    }

    @Benchmark
    @OperationsPerInvocation(CUSTOMERS)
    public double priorityQueue(EngineEvents e) {
        PriorityQueue<Ev> q = new PriorityQueue<>();
        long seq = 0;
        int inSystem = 0, arrived = 0, departed = 0;
        double now = 0;
        q.add(new Ev(exp(plain, LAMBDA), seq++, true));
        while (!q.isEmpty()) {
            Ev ev = q.poll();
            now = ev.time();
            e.events++;
            if (ev.arrival()) {
                arrived++;
                if (++inSystem == 1) q.add(new Ev(now + exp(plain, MU), seq++, false));
                if (arrived < CUSTOMERS) q.add(new Ev(now + exp(plain, LAMBDA), seq++, true));
            } else {
                departed++;
                if (--inSystem > 0) q.add(new Ev(now + exp(plain, MU), seq++, false));
            }
        }
        if (departed != CUSTOMERS) throw new IllegalStateException("not every customer left");
        e.arrivals += CUSTOMERS;
        return now;
    }

    /** Prints the events per customer of each model and checks the procsim run against M/M/1 theory. */
    public static void main(String[] args) {
        Experiment x = ExperimentParser.parse("mm1.yaml", EXPERIMENT, Path.of("."));
        Experiment.Instance in = EngineEvents.start(x, 0);
        RunResult r = in.run();
        double meanResponse = in.kernel().metrics().tasks().stream().mapToLong(t -> t.turnaround()).average().orElse(0) / 1e6;
        System.out.printf("procsim: %d events, %.2f per customer; mean time in system %.2f ms (M/M/1 theory: 1/(mu - lambda) = %.2f ms)%n",
                r.events(), (double) r.events() / CUSTOMERS, meanResponse, 1000 / (MU - LAMBDA));
        EngineQueue eq = new EngineQueue(new RandomStreams(1, 0));
        long ev = eq.run();
        System.out.printf("procsimEngine: %d events, %.2f per customer; simulated %.1f s (theory: %.1f s for %d arrivals)%n",
                ev, (double) ev / CUSTOMERS, eq.sim.now() / 1e9, CUSTOMERS / LAMBDA, CUSTOMERS);
        SsjQueue q = new SsjQueue(new MRG32k3a(), new MRG32k3a());
        q.run();
        System.out.printf("ssj: %d events, %.2f per customer%n", q.events, (double) q.events / CUSTOMERS);
    }
}

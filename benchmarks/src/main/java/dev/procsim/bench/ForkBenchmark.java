package dev.procsim.bench;

import dev.procsim.memory.AddressSpace;
import dev.procsim.memory.CostProfile;
import dev.procsim.memory.PagedMemory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The simulator's own cost of process creation, page by page. {@code fork}: simulating one fork
 * of a fully resident 1 GiB or 64 GiB parent (262,144 or 16,777,216 pages) under each strategy,
 * including releasing the child again; must stay well under a second at 64 GiB. {@code cowWriteFault}:
 * the write-fault path, a child writing every page of a 1 GiB parent after a copy-on-write fork
 * (each write copies); target at least 20 million faults per second.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class ForkBenchmark {

    @State(Scope.Thread)
    public static class Parent {
        @Param({"1GiB", "64GiB"})
        public String size;

        @Param({"cow", "eager", "vfork", "odf"})
        public String strategy;

        PagedMemory memory;
        AddressSpace parent;

        @Setup(Level.Trial)
        public void setUp() {
            memory = new PagedMemory(CostProfile.load(CostProfile.DEFAULT));
            long pages = dev.procsim.memory.Sizes.pages(dev.procsim.memory.Sizes.parseBytes(size));
            parent = memory.createResident(pages);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long fork(Parent s) {
        AddressSpace child = s.memory.forkSpace(s.parent, s.strategy);
        long resident = child.resident();
        s.memory.releaseSpace(child);
        return resident;
    }

    @State(Scope.Thread)
    public static class CowChild {
        static final int PAGES = 262_144; // 1 GiB

        PagedMemory memory;
        AddressSpace parent;
        AddressSpace child;

        @Setup(Level.Trial)
        public void setUp() {
            memory = new PagedMemory(CostProfile.load(CostProfile.DEFAULT));
            parent = memory.createResident(PAGES);
        }

        @Setup(Level.Invocation)
        public void forkChild() {
            child = memory.forkSpace(parent, "cow");
        }

        @TearDown(Level.Invocation)
        public void releaseChild() {
            memory.releaseSpace(child);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    @OperationsPerInvocation(CowChild.PAGES)
    public long cowWriteFault(CowChild s) {
        long cost = 0;
        for (int p = 0; p < CowChild.PAGES; p++) cost += s.memory.writePage(s.child, p);
        return cost;
    }
}

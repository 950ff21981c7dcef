package dev.procsim.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Action.Amount;
import dev.procsim.kernel.Action.Touch;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.ForkFailure;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.ScheduleLog;
import dev.procsim.kernel.Task;
import dev.procsim.kernel.TaskRecord;
import dev.procsim.sched.FcfsScheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Page counting and costs through the kernel's actions, against hand-worked answers. */
class PagedMemoryTest {
    private static final int N = 1000; // parent pages
    private static final long PAGE = Sizes.PAGE_SIZE;

    static CostProfile free() {
        CostProfile p = CostProfile.load(CostProfile.DEFAULT);
        for (String k : CostProfile.KEYS) p = p.with(k, 0);
        return p;
    }

    static Action writeAll() { return Touch.write(Amount.fraction(1.0)); }
    static Action write(long pages) { return Touch.write(Amount.pages(pages)); }
    static Action fork(String run, String strategy) { return new Action.Fork(run, strategy, Action.OnFail.CONTINUE, null); }
    static Action waitAny() { return new Action.Wait(Action.Wait.ANY, false); }
    static Action exit() { return new Action.Exit(0); }
    static Action compute(long ns) { return new Action.Compute(Dur.of(ns)); }

    static ProgramSet set(Object... pairs) {
        Map<String, List<Action>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Action> a = (List<Action>) pairs[i + 1];
            m.put((String) pairs[i], a);
        }
        return ProgramSet.of(m);
    }

    record Run(Kernel kernel, PagedMemory memory, Task parent) {}

    /** The single value recorded in a histogram, checked to HdrHistogram's precision (3 digits). */
    static void assertRecorded(org.HdrHistogram.Histogram h, long expected) {
        assertThat(h.getTotalCount()).isEqualTo(1);
        assertThat(h.valuesAreEquivalent(h.getMaxValue(), expected))
                .as("recorded %d, expected %d", h.getMaxValue(), expected).isTrue();
    }

    static Run run(KernelConfig cfg, CostProfile costs, long parentBytes, ProgramSet programs) {
        PagedMemory mem = new PagedMemory(costs);
        Kernel k = new Kernel(cfg, new FcfsScheduler(), mem, programs, new RandomStreams(3));
        Task p = k.addProcess(ProcessSpec.of("parent", 0, "parent").withMemory(parentBytes));
        k.run(SimTime.NEVER);
        return new Run(k, mem, p);
    }

    @Test
    void childWritingKPagesCostsKCopiesUnderCowNUnderEagerZeroUnderVfork() {
        int k = 100;
        for (String strategy : List.of("cow", "eager", "vfork")) {
            Run r = run(new KernelConfig(), free(), N * PAGE, set(
                    "parent", List.of(writeAll(), fork("child", strategy), waitAny()),
                    "child", List.of(write(k), exit())));
            MemoryMetrics m = r.memory().metrics();
            long expected = switch (strategy) {
                case "cow" -> k;
                case "eager" -> N;
                default -> 0;
            };
            assertThat(m.pageCopies()).as(strategy).isEqualTo(expected);
            assertThat(m.zeroFillFaults()).as(strategy).isEqualTo(N);
            assertThat(m.vforkMisuseWrites()).as(strategy).isEqualTo(strategy.equals("vfork") ? k : 0);
            if (strategy.equals("eager")) assertThat(m.pageCopiesEager()).isEqualTo(N);
            if (strategy.equals("cow")) assertThat(m.cowFaultsCopy()).isEqualTo(k);
        }
    }

    @Test
    void anOnDemandForkOfA64GibParentCostsAsMuchAsOneOf64MibPlusOneEntryPerRegion() {
        // odf copies one entry per 2 MiB region (the level above the shared tables): 32,768 regions
        // at 64 GiB, 32 at 64 MiB. The difference is (32,768 - 32) entries at fork_pte_per_page, and
        // the whole fork is a sliver of cow's, which copies a 4-byte entry for each of 16 M pages.
        CostProfile c = CostProfile.load(CostProfile.DEFAULT);
        long[] cost = new long[2];
        long[] sizes = {64L << 20, 64L << 30};
        for (int i = 0; i < 2; i++) {
            PagedMemory m = new PagedMemory(c);
            AddressSpace parent = m.createResident(Sizes.pages(sizes[i]));
            ForkStrategy.ForkResult out = new ForkStrategy.ForkResult();
            cost[i] = ForkStrategies.get("odf").fork(m, parent, c, m.metrics(), out);
            assertThat(out.child.resident()).isEqualTo(parent.resident());
            if (i == 1) {
                long cow = c.forkFixed() + c.forkPtePerPage() * (Sizes.pages(sizes[1]) - c.forkFixedPages());
                assertThat(cost[1]).isLessThan(cow / 400); // one entry per 512 pages: about a 500th
            }
        }
        assertThat(cost[0]).isEqualTo(c.forkFixed() + 32 * c.forkPtePerPage());
        assertThat(cost[1] - cost[0]).isEqualTo((32_768 - 32) * c.forkPtePerPage());
    }

    @Test
    void anOnDemandForkCopiesATableOnTheFirstWriteToASharedRegionInEachSide() {
        // Parent of 4 regions (8 MiB), all written; odf fork. The child writes one page in region 0
        // and one in region 2: 2 table copies, 2 page copies. The parent then writes the page the
        // child copied in region 0 (its table there is its own now: no table copy; the page is no
        // longer shared: a reuse fault) and a page in region 1 (table still shared: a table copy,
        // then a page copy). Tables copied: 3; pages copied: 3; reuse: 1.
        CostProfile costs = free().with("fork_pte_per_page", 10).with("cow_fault_copy", 1000);
        PagedMemory m = new PagedMemory(costs);
        AddressSpace parent = m.createResident(4 * 512);
        AddressSpace child = m.forkSpace(parent, "odf");
        long childCost = m.writePage(child, 5) + m.writePage(child, 2 * 512 + 7);
        assertThat(childCost).as("two tables of 512 entries at 10 ns, two page copies").isEqualTo(2 * (512 * 10 + 1000));
        m.writePage(parent, 5);
        m.writePage(parent, 512 + 3);
        assertThat(m.metrics().pageTableCopies()).isEqualTo(3);
        assertThat(m.metrics().cowFaultsCopy()).isEqualTo(3);
        assertThat(m.metrics().cowFaultsReuse()).isEqualTo(1);
        // a read of a resident page copies nothing
        m.releaseSpace(child);
        m.releaseSpace(parent);
    }

    static Action thread(String run) { return new Action.Clone(run, Action.Clone.THREAD_FLAGS); }

    @Test
    void aThreadSharesTheAddressSpaceItsWritesNeitherCopyNorFaultAndOnlyTheLastExitTearsDown() {
        // The parent touches all N pages (N zero-fill faults), creates a thread that writes them
        // all and touches K more of a second pass: the pages are the same frames (no fault, no
        // copy); only the thread round trip is charged, to the creator. Then a thread that forks:
        // the fork copies with COW, so the child's K writes copy K pages.
        int k = 40;
        CostProfile costs = free().with("thread_round_trip", 18_800).with("teardown_per_page", 70).with("exit_fixed", 1000);
        Run r = run(new KernelConfig(), costs, N * PAGE, set(
                "parent", List.of(writeAll(), thread("writer"), new Action.Join(Action.Join.ANY), thread("forker"),
                        new Action.Join(Action.Join.ANY), waitAny()),
                "writer", List.of(writeAll()),
                "forker", List.of(fork("child", "cow")),
                "child", List.of(write(k), exit())));
        MemoryMetrics m = r.memory().metrics();
        assertThat(m.zeroFillFaults()).as("the thread's writes hit the parent's frames").isEqualTo(N);
        assertThat(m.pageCopies()).as("only the forked child's writes copy").isEqualTo(k);
        assertThat(m.vforkMisuseWrites()).as("sharing is what threads are for").isZero();
        TaskRecord writer = r.kernel().metrics().tasks().stream().filter(t -> t.program().equals("writer")).findFirst().orElseThrow();
        assertThat(writer.pageFaults()).isZero();
        assertThat(writer.cpuTime()).as("a thread's exit tears nothing down while the process lives").isZero();
        // the parent: two thread round trips, then its own exit: exit_fixed + N resident pages torn down
        // (the cow fork cost is 0 here; the child's exit tears down its own copy of k pages and the shared rest)
        assertThat(r.parent().cpuTime()).isEqualTo(2 * 18_800 + 1000 + 70L * N);
    }

    @Test
    void pagesWrittenByBothSidesAreCopiedOnceAndTheSecondWriterReuses() {
        int k = 250;
        // FCFS: the parent keeps the CPU after fork, writes first (copies), then waits; the
        // child's writes find pages no longer shared (reuse).
        Run r = run(new KernelConfig(), free(), N * PAGE, set(
                "parent", List.of(writeAll(), fork("child", "cow"), write(k), waitAny()),
                "child", List.of(write(k), exit())));
        MemoryMetrics m = r.memory().metrics();
        assertThat(m.cowFaultsCopy()).isEqualTo(k);
        assertThat(m.cowFaultsReuse()).isEqualTo(k);
        assertThat(r.parent().pageCopies()).isEqualTo(k);
        TaskRecord child = r.kernel().metrics().tasks().stream().filter(t -> t.name().equals("child")).findFirst().orElseThrow();
        assertThat(child.pageCopies()).isZero();
        assertThat(child.pageFaults()).isEqualTo(k);
    }

    @Test
    void forkThenExecCopiesNothingAndTheParentsLaterWritesAreReuseFaults() {
        Run r = run(new KernelConfig(), free(), N * PAGE, set(
                "parent", List.of(writeAll(), fork("child", "cow"), waitAny(), writeAll()),
                "child", List.of(new Action.Exec("image", 0)),
                "image", List.of(compute(SimTime.MS))));
        MemoryMetrics m = r.memory().metrics();
        assertThat(m.pageCopies()).isZero();
        assertThat(m.cowFaultsReuse()).isEqualTo(N);
    }

    @Test
    void threeChildrenWritingDifferentTenthsCopySumAndPeakFramesAreParentPlusLiveCopies() {
        Object[] pairs = new Object[8];
        pairs[0] = "parent";
        pairs[1] = List.of(writeAll(), fork("c0", "cow"), fork("c1", "cow"), fork("c2", "cow"), waitAny(), waitAny(), waitAny(),
                compute(SimTime.MS));
        for (int i = 0; i < 3; i++) {
            pairs[2 + 2 * i] = "c" + i;
            pairs[3 + 2 * i] = List.of(Touch.write(Amount.fraction(0.1)).at(Amount.fraction(0.1 * i)),
                    new Action.Sleep(Dur.of(10 * SimTime.MS)), exit());
        }
        Run r = run(new KernelConfig(), free(), N * PAGE, set(pairs));
        MemoryMetrics m = r.memory().metrics();
        assertThat(m.pageCopies()).isEqualTo(300);
        // All three children hold their 100 copies while they sleep: 1000 + 300 frames at peak.
        assertThat(m.framesPeakBytes()).isEqualTo(1300 * PAGE);
        assertThat(m.framesInUseBytes().valueAt(10 * SimTime.MS - 1)).isEqualTo(1300 * PAGE);
        // The children exit at 10 ms: only the parent's 1000 frames remain until it exits at 11 ms.
        assertThat(m.framesInUseBytes().valueAt(10 * SimTime.MS)).isEqualTo(1000 * PAGE);
        assertThat(m.framesInUseBytes().valueAt(11 * SimTime.MS)).isZero();
    }

    @Test
    void vforkParentDoesNotRunUntilTheChildExecsAndChildWritesAreMisuse() {
        Run r = run(new KernelConfig(), free(), N * PAGE, set(
                "parent", List.of(writeAll(), fork("child", "vfork"), compute(SimTime.MS)),
                "child", List.of(compute(3 * SimTime.MS), write(10), new Action.Exec("image", 0)),
                "image", List.of(compute(2 * SimTime.MS))));
        // parent blocked at 0; child 0-3 ms, execs at 3 (parent woken, queued); the child keeps
        // the CPU (FCFS) until it exits at 5; the parent runs 5-6.
        List<ScheduleLog.Segment> segs = r.kernel().scheduleLog().segments();
        assertThat(segs).extracting(ScheduleLog.Segment::task, ScheduleLog.Segment::start, ScheduleLog.Segment::end)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("child", 0L, 5 * SimTime.MS),
                        org.assertj.core.groups.Tuple.tuple("parent", 5 * SimTime.MS, 6 * SimTime.MS));
        assertThat(r.memory().metrics().vforkMisuseWrites()).isEqualTo(10);
        assertThat(r.memory().metrics().pageCopies()).isZero();
        assertRecorded(r.kernel().metrics().vforkSuspension(), 3 * SimTime.MS);
        assertRecorded(r.kernel().metrics().forkLatency(), 3 * SimTime.MS);
    }

    // ---------------------------------------------------------------- calibration

    private static final CostProfile KVM = CostProfile.load("linux-6.18-kvm");

    /** Simulated fork latency (cow) of a parent of {@code mib} MiB, all pages written first. */
    static long forkLatency(long mib, String strategy) {
        Run r = run(new KernelConfig(), KVM, mib << 20, set(
                "parent", List.of(writeAll(), fork("child", strategy), waitAny()),
                "child", List.of(exit())));
        return r.kernel().metrics().forkLatency().getMaxValue();
    }

    @Test
    void forkLatencyFollowsTheProfileAndTheMeasuredMedians() {
        // Every row of the calibration README's fork() table; the issue asks for 16 MiB to 1 GiB.
        long[] mib = {1, 16, 64, 256, 1024};
        double[] measuredUs = {81.8, 372, 1481, 6127, 23400}; // fork() returns in parent, medians
        for (int i = 0; i < mib.length; i++) {
            long pages = (mib[i] << 20) / PAGE;
            long expected = 80_000 + 85 * (pages - 256); // fork_fixed covers a 1 MiB (256-page) parent
            long simulated = forkLatency(mib[i], "cow");
            // HdrHistogram keeps 3 significant digits.
            assertThat((double) simulated).as("%d MiB", mib[i]).isCloseTo(expected, within(expected * 0.002));
            double deviation = Math.abs(simulated / 1000.0 - measuredUs[i]) / measuredUs[i];
            assertThat(deviation).as("%d MiB: simulated %d ns vs measured %.0f us", mib[i], simulated, measuredUs[i])
                    .isLessThan(0.10);
        }
    }

    @Test
    void vforkRoundTripIsFlatAndMatchesTheMeasurement() {
        for (long mib : new long[] {1, 64, 1024}) {
            long pages = (mib << 20) / PAGE;
            Run r = run(new KernelConfig(), KVM, mib << 20, set(
                    "parent", List.of(writeAll(), fork("child", "vfork"), waitAny()),
                    "child", List.of(exit())));
            // Clone 30 - 22 = 8 us; the child's exit tears nothing down (borrowed memory).
            assertRecorded(r.kernel().metrics().forkLatency(), 8_000);
            // Parent CPU: zero-fill of its pages, the clone, the reap, its own exit with teardown.
            long roundTrip = r.parent().cpuTime() - pages * 2_100 - (100_000 + pages * 70);
            assertThat(roundTrip).isEqualTo(30_000); // measured: 29 to 34 us, flat
        }
    }

    @Test
    void cowWriteLoopMatchesTheMeasuredOne() {
        // The calibration README's whole COW table (the issue asks for K = 10% and 100% at 64 and
        // 256 MiB): write-loop microseconds by parent size (rows) and K (columns).
        long[] mib = {16, 64, 256, 1024};
        double[] fraction = {0.01, 0.10, 0.50, 1.00};
        double[][] measuredUs = {
            {111, 1083, 5404, 11218},
            {398, 4146, 21763, 43253},
            {1654, 17956, 81305, 145895},
            {7142, 76320, 336192, 651615}};
        for (int i = 0; i < mib.length; i++) {
            for (int j = 0; j < fraction.length; j++) {
                long pages = (mib[i] << 20) / PAGE;
                Run r = run(new KernelConfig(), KVM, mib[i] << 20, set(
                        "parent", List.of(writeAll(), fork("child", "cow"), waitAny()),
                        "child", List.of(Touch.write(Amount.fraction(fraction[j])), exit())));
                TaskRecord child = r.kernel().metrics().tasks().stream().filter(t -> t.name().equals("child")).findFirst().orElseThrow();
                long written = Math.round(fraction[j] * pages);
                assertThat(child.pageCopies()).isEqualTo(written);
                // The child's CPU is the write loop plus its exit (exit_fixed + teardown of what it mapped).
                long loop = child.cpuTime() - (100_000 + pages * 70);
                assertThat(loop).isEqualTo(written * 2_500);
                double deviation = Math.abs(loop / 1000.0 - measuredUs[i][j]) / measuredUs[i][j];
                assertThat(deviation).as("%d MiB at %.0f%%", mib[i], fraction[j] * 100).isLessThan(0.15);
            }
        }
    }

    @Test
    void lateFailureCostsAFullForkPlusTeardownEarlyOnlyMicroseconds() {
        long pages = (1024L << 20) / PAGE;
        long exit = 100_000 + pages * 70;
        KernelConfig late = new KernelConfig();
        late.pidsMax = 1; // the parent alone fills its cgroup
        Run r = run(late, KVM, 1024L << 20, set(
                "parent", List.of(writeAll(), fork("child", "cow")),
                "child", List.of(exit())));
        assertThat(r.kernel().metrics().forkFailures(ForkFailure.PIDS_MAX)).isEqualTo(1);
        long forkAttempt = r.parent().cpuTime() - pages * 2_100 - exit;
        long fullFork = 80_000 + 85 * (pages - 256);
        long teardown = pages * 70;
        assertThat(forkAttempt).isEqualTo(fullFork + teardown); // about 41 ms
        // The copy was undone: the frames are the parent's alone, and it frees them at exit.
        assertThat(r.memory().metrics().framesInUseBytes().valueAt(r.kernel().now())).isZero();

        KernelConfig early = new KernelConfig();
        early.rlimitNproc = 1;
        Run e = run(early, KVM, 1024L << 20, set(
                "parent", List.of(writeAll(), fork("child", "cow")),
                "child", List.of(exit())));
        assertThat(e.kernel().metrics().forkFailures(ForkFailure.NPROC)).isEqualTo(1);
        assertThat(e.parent().cpuTime() - pages * 2_100 - exit).isEqualTo(4_000);
    }

    @Test
    void spawnParentWaitsForTheExecAndTheRoundTripMatches() {
        Run r = run(new KernelConfig(), KVM, 64L << 20, set(
                "parent", List.of(new Action.Spawn("true"), waitAny()),
                "true", List.of(exit())));
        // clone 700 - 550 - 100 - 22 = 28 us, then the child's exec (550 us) before the parent continues.
        assertRecorded(r.kernel().metrics().forkLatency(), 578_000);
        assertThat(r.kernel().metrics().spawns()).isEqualTo(1);
        // spawn + wait: 28 (clone) + 550 (exec) + 100 (exit of the small image) + 22 (reap) = 700 us.
        long parentExit = 100_000; // nothing touched: no pages to tear down
        assertThat(r.parent().finish() - parentExit).isEqualTo(700_000);
    }

    @Test
    void textPagesAreNeverCopiedAndCountOnce() {
        PagedMemory mem = new PagedMemory(free(), 50);
        Kernel k = new Kernel(new KernelConfig(), new FcfsScheduler(), mem, set(
                "parent", List.of(writeAll(), fork("child", "eager"), waitAny()),
                "child", List.of(exit())), new RandomStreams(1));
        k.addProcess(ProcessSpec.of("parent", 0, "parent").withMemory(N * PAGE));
        k.run(SimTime.NEVER);
        assertThat(mem.metrics().pageCopies()).isEqualTo(N);
        assertThat(mem.metrics().framesPeakBytes()).isEqualTo((50 + 2L * N) * PAGE);
    }

    @Test
    void randomAndStridePatternsTouchDistinctPages() {
        for (Action.Pattern pattern : Action.Pattern.values()) {
            Run r = run(new KernelConfig(), free(), N * PAGE, set(
                    "parent", List.of(Touch.write(Amount.pages(N)).with(pattern, 7))));
            // N touches over N pages: every page exactly once (7 is coprime with 1000).
            assertThat(r.memory().metrics().zeroFillFaults()).as(pattern.name()).isEqualTo(N);
        }
    }
}

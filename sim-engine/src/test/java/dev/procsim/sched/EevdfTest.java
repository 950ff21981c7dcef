package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.Scheduler.EnqueueReason;
import dev.procsim.kernel.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EEVDF against answers worked out by hand from its rules (kernel/sched/fair.c, 6.6). */
class EevdfTest {
    static final long MS = SimTime.MS, US = SimTime.US;

    static Kernel kernel(Map<String, List<Action>> programs) {
        return new Kernel(new KernelConfig(), SchedulerRegistry.create("eevdf", Map.of()), new FixedCostMemory(), ProgramSet.of(programs),
                new RandomStreams(1));
    }

    static List<Action> hog() {
        return List.of(new Action.Compute(Dur.of(3600 * SimTime.S)));
    }

    @Test
    void equalWeightsShareEquallyInSlicesOfTheBaseRequest() {
        // Two nice-0 hogs on one CPU: each runs 0.75 ms requests in turn; after 1 s each has 0.5 s.
        Kernel k = kernel(Map.of("hog", hog()));
        Task a = k.addProcess(ProcessSpec.of("a", 0, "hog"));
        Task b = k.addProcess(ProcessSpec.of("b", 0, "hog"));
        k.run(SimTime.S);
        assertThat((double) a.cpuTime() / SimTime.S).isCloseTo(0.5, within(0.001));
        assertThat((double) b.cpuTime() / SimTime.S).isCloseTo(0.5, within(0.001));
        // they alternate in requests of 0.75 ms: about 1 s / 0.75 ms = 1,333 switches
        assertThat(a.involuntarySwitches() + b.involuntarySwitches()).isBetween(1300, 1340);
    }

    @Test
    void nice0AgainstNice5Share3Point06To1() {
        // Weights 1024 and 335: 1024 / 335 = 3.057.
        Kernel k = kernel(Map.of("hog", hog()));
        Task a = k.addProcess(ProcessSpec.of("nice0", 0, "hog"));
        Task b = k.addProcess(ProcessSpec.of("nice5", 0, "hog").withNice(5));
        k.run(10 * SimTime.S);
        assertThat((double) a.cpuTime() / b.cpuTime()).isCloseTo(1024.0 / 335, within(0.03));
        assertThat(a.cpuTime() + b.cpuTime()).isEqualTo(10 * SimTime.S);
    }

    @Test
    void aSleeperPaysForItsRunsInWaitsWhateverItsRequest() {
        // Two hogs and L, which wakes every 10 ms for 0.1 ms of work, 100 times; one CPU, nice 0.
        // L's lag V - v rises by 1/3 of each ms it waits (one of three equal weights runs), falls
        // by 2/3 of each ms it runs, is kept across its sleeps (placement preserves it, and V is
        // that of the waking instant: no credit for the time the running hog was not yet charged;
        // DELAY_DEQUEUE, which would let it shed negative lag while asleep, is not modelled), and
        // is >= 0 whenever L is picked (only eligible tasks are). From lag 0 at its start, after
        // 10 ms of runs its lag is W / 3 - 20 / 3 ms, W its total wait, and at least
        // -2/3 x 0.1 ms (what its last run took): W >= 20 ms - 0.2 ms, whether it asks for 0.1 ms
        // requests (PREEMPT_SHORT lets it in at once when it is eligible) or the default 0.75 ms.
        // And each wake-up waits less than two hog requests (its lag, at least -0.067 ms, is repaid
        // within 0.2 ms of waiting; it is then picked when the running hog's request ends).
        for (boolean shortRequest : new boolean[] {true, false}) {
            Map<String, List<Action>> progs = new LinkedHashMap<>();
            progs.put("hog", hog());
            List<Action> rounds = List.of(new Action.Repeat(100, List.of(new Action.Sleep(Dur.of(10 * MS)), new Action.Compute(Dur.of(100 * US)))));
            progs.put("L", shortRequest ? List.of(new Action.SetSlice(100 * US), rounds.get(0)) : rounds);
            Kernel k = kernel(progs);
            k.addProcess(ProcessSpec.of("h1", 0, "hog"));
            k.addProcess(ProcessSpec.of("h2", 0, "hog"));
            Task l = k.addProcess(ProcessSpec.of("L", 0, "L"));
            k.run(1200 * MS);
            assertThat(l.finish()).as("all 100 rounds done").isPositive();
            assertThat(l.readyWait()).as("short request: " + shortRequest).isBetween(19_800 * US - 1000, 101 * 1500 * US);
        }
    }

    @Test
    void lagIsKeptAcrossAShortSleep() {
        // Three tasks queued, one runs 3 ms and blocks: its lag V - v on waking (placed with the
        // inflated lag while the other two are runnable) is the lag it left with.
        EevdfScheduler s = new EevdfScheduler(750 * US);
        Task a = Task.detached("a", 2, 0, 0, 0, Long.MAX_VALUE, 0);
        Task b = Task.detached("b", 3, 0, 0, 0, Long.MAX_VALUE, 0);
        Task c = Task.detached("c", 4, 5, 0, 0, Long.MAX_VALUE, 0);
        for (Task t : List.of(a, b, c)) s.enqueue(t, EnqueueReason.NEW, 0);
        Task first = s.pickNext(0, 0);
        s.accountRun(first, 3 * MS, 3 * MS);
        long before = s.lag(first);
        assertThat(before).as("it ran ahead of the average: negative lag").isNegative();
        s.putPrev(first, false, 3 * MS);
        s.enqueue(first, EnqueueReason.WAKEUP, 4 * MS);
        assertThat(s.lag(first)).isCloseTo(before, within(2L)); // integer rounding of V and of the inflation
    }

    @Test
    void theTreePicksTheEarliestDeadlineAmongEligibleTasksOnly() {
        // Worked by hand: V is the load-weighted mean of v. Tasks (v, d, nice 0): x (0, 10),
        // y (5, 7), z (20, 1). V = 25/3 = 8.33: x and y are eligible, z (v 20) is not although its
        // deadline is earliest; the pick is y (deadline 7 < 10).
        EligibilityTree tree = new EligibilityTree();
        Task x = Task.detached("x", 2, 0, 0, 0, Long.MAX_VALUE, 0);
        Task y = Task.detached("y", 3, 0, 0, 0, Long.MAX_VALUE, 0);
        Task z = Task.detached("z", 4, 0, 0, 0, Long.MAX_VALUE, 0);
        long[][] vd = {{0, 10}, {5, 7}, {20, 1}};
        Task[] ts = {x, y, z};
        for (int i = 0; i < 3; i++) {
            ts[i].schedKey = vd[i][0];
            ts[i].schedKey2 = vd[i][1];
            tree.add(ts[i]);
        }
        assertThat(tree.pick(v -> 3 * v <= 25)).isSameAs(y);
        assertThat(tree.pick(v -> v <= 0)).isSameAs(x);
        assertThat(tree.pick(v -> v <= 20)).isSameAs(z);
        assertThat(tree.pick(v -> v < 0)).isNull();
        tree.remove(y);
        assertThat(tree.pick(v -> 3 * v <= 25)).isSameAs(x);
        assertThat(tree.leftmost()).isSameAs(x);
    }

    @Test
    void theTreeStaysLogarithmicallyDeepWhateverTheOrderOfKeys() {
        // Pick and enqueue walk one root-to-leaf path: their cost is the height. Keys arriving in
        // increasing order (tasks queued as their vruntime grows) would make a plain search tree a
        // list; the treap's priorities (a hash of the entry number) keep it within 4 log2 n.
        EligibilityTree tree = new EligibilityTree();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            Task t = Task.detached("t", 2 + i, 0, 0, 0, Long.MAX_VALUE, 0);
            t.schedKey = i;
            t.schedKey2 = i + 1000;
            tree.add(t);
        }
        assertThat(tree.depth()).isLessThanOrEqualTo((int) (4 * Math.log(n) / Math.log(2)));
    }

    @Test
    void theTreeAgreesWithAScanOnRandomOperations() {
        // Invariant check: after every insert or remove, pick(V) equals the earliest deadline among
        // the tasks with v <= V found by a linear scan (ties: entry order).
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        EligibilityTree tree = new EligibilityTree();
        List<Task> in = new java.util.ArrayList<>();
        List<Long> order = new java.util.ArrayList<>();
        long seq = 0;
        for (int step = 0; step < 20_000; step++) {
            if (in.isEmpty() || r.nextInt(3) > 0) {
                Task t = Task.detached("t", 2 + step, 0, 0, 0, Long.MAX_VALUE, 0);
                t.schedKey = r.nextLong(1000);
                t.schedKey2 = t.schedKey + r.nextLong(1, 500);
                tree.add(t);
                in.add(t);
                order.add(seq++);
            } else {
                int i = r.nextInt(in.size());
                tree.remove(in.get(i));
                in.remove(i);
                order.remove(i);
            }
            long vmax = r.nextLong(1000);
            Task expect = null;
            long bestD = Long.MAX_VALUE, bestSeq = Long.MAX_VALUE;
            for (int i = 0; i < in.size(); i++) {
                Task t = in.get(i);
                if (t.schedKey > vmax) continue;
                if (t.schedKey2 < bestD || t.schedKey2 == bestD && order.get(i) < bestSeq) {
                    expect = t;
                    bestD = t.schedKey2;
                    bestSeq = order.get(i);
                }
            }
            assertThat(tree.pick(v -> v <= vmax)).isSameAs(expect);
            assertThat(tree.size()).isEqualTo(in.size());
            if (step % 97 == 0) assertThat(tree.wellFormed()).as("step " + step).isTrue(); // order, heap, best: after the iterative insert/remove
            Task least = null;
            long leastSeq = Long.MAX_VALUE;
            for (int i = 0; i < in.size(); i++) {
                Task t = in.get(i);
                if (least == null || t.schedKey < least.schedKey || t.schedKey == least.schedKey && order.get(i) < leastSeq) {
                    least = t;
                    leastSeq = order.get(i);
                }
            }
            assertThat(tree.leftmost()).isSameAs(least);
        }
    }
}

package dev.procsim.kernel;

import static dev.procsim.kernel.Programs.compute;
import static dev.procsim.kernel.Programs.exit;
import static dev.procsim.kernel.Programs.fork;
import static dev.procsim.kernel.Programs.pipe;
import static dev.procsim.kernel.Programs.pread;
import static dev.procsim.kernel.Programs.pwrite;
import static dev.procsim.kernel.Programs.waitAny;
import static dev.procsim.kernel.PerCpuRunQueuesTest.kernel;
import static dev.procsim.kernel.PerCpuRunQueuesTest.perCpu;
import static dev.procsim.kernel.PerCpuRunQueuesTest.proc;
import static dev.procsim.kernel.PerCpuRunQueuesTest.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.engine.SimTime;
import dev.procsim.sched.FcfsScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wake-affine (WakeAffine's class comment, after fair.c's wake_wide, wake_affine_idle and
 * wake_affine_weight): each rule on numbers worked by hand, then one wake-up through the kernel.
 */
class WakeAffineTest {
    static final long MS = SimTime.MS;
    /** 2 LLCs of 2 CPUs, one node: {0,1} and {2,3}; one of 2 cores of 2 SMT threads: {0,1}, {2,3}. */
    static final Topology TWO_LLCS = new Topology(1, 2, 2, 1), SMT_CORES = new Topology(1, 1, 2, 2);

    static Task task(int slot, int pid) {
        Task t = Task.detached("t" + pid, pid, 0, 0, 0, Long.MAX_VALUE, 0);
        t.slot = slot;
        return t;
    }

    @Test
    void anIdleWakerCpuSharingTheLlcWinsUnlessThePreviousCpuIsIdleToo() {
        WakeAffine a = new WakeAffine(TWO_LLCS);
        assertThat(a.choose(0, 1, false, 0, 3)).isEqualTo(0); // waker's CPU idle, same LLC, previous busy
        assertThat(a.choose(0, 1, false, 0, 0)).isEqualTo(1); // both idle: the previous one
        // an idle waker CPU in another LLC is not enough: the previous CPU, busy, is compared by load:
        // this = (0 + 1) * 102400 = 102400 < prev = 3 * 1024 * (100 + 17 / 2 = 108) = 331776: the waker's
        assertThat(a.choose(0, 2, false, 0, 3)).isEqualTo(0);
    }

    @Test
    void aSynchronousWakeFromAWakerAloneOnItsCpuGoesThere() {
        WakeAffine a = new WakeAffine(TWO_LLCS);
        assertThat(a.choose(2, 0, true, 1, 5)).isEqualTo(2);
        assertThat(a.choose(2, 0, false, 1, 0)).isEqualTo(0); // not synchronous, the previous CPU idle: there
    }

    @Test
    void byLoadTheWakersCpuMustBeLighterByHalfTheDomainsImbalanceMargin() {
        WakeAffine a = new WakeAffine(TWO_LLCS);
        // not synchronous, 2 and 2: this = 3 * 102400 = 307200, prev = 2 * 1024 * 108 = 221184: the previous CPU
        assertThat(a.choose(0, 2, false, 2, 2)).isEqualTo(2);
        // 1 and 3: this = 2 * 102400 = 204800 < 3 * 110592 = 331776: the waker's
        assertThat(a.choose(0, 2, false, 1, 3)).isEqualTo(0);
        // synchronous, 2 and 2: the waker leaves, this = 2 * 102400 = 204800 < 221184 + 1: the waker's
        assertThat(a.choose(0, 2, true, 2, 2)).isEqualTo(0);
        // synchronous, 2 and 1: this = 204800 > 110592 + 1: the previous CPU
        assertThat(a.choose(0, 2, true, 2, 1)).isEqualTo(2);
        // SMT siblings (imbalance_pct 110, margin 5%): 2 and 2 not synchronous: 307200 > 2 * 1024 * 105 = 215040
        WakeAffine s = new WakeAffine(SMT_CORES);
        assertThat(s.choose(0, 1, false, 2, 2)).isEqualTo(1);
        // 1 and 2: 204800 < 215040: the waker's
        assertThat(s.choose(0, 1, false, 1, 2)).isEqualTo(0);
    }

    @Test
    void flipsCountChangesOfWakeeAndHalveEachSecond() {
        WakeAffine a = new WakeAffine(TWO_LLCS);
        Task w = task(0, 100), x = task(1, 101), y = task(2, 102);
        a.record(w, x, 0);
        a.record(w, x, 1);
        assertThat(a.flips(w)).isEqualTo(1); // the same wakee again: no flip
        a.record(w, y, 2);
        a.record(w, x, 3);
        assertThat(a.flips(w)).isEqualTo(3);
        // more than a second after the last decay (at 0): halved (3 >> 1 = 1), then the flip to y: 2
        a.record(w, y, SimTime.S + 4);
        assertThat(a.flips(w)).isEqualTo(2);
        a.reset(0);
        assertThat(a.flips(w)).isZero();
    }

    @Test
    void aWakeIsWideOnlyWhenBothSidesFlipAndOneFlipsLlcTimesMore() {
        WakeAffine a = new WakeAffine(TWO_LLCS); // LLC of 2 CPUs: factor 2
        Task m = task(0, 1), s = task(1, 2);
        flip(a, m, 8);
        flip(a, s, 2);
        assertThat(a.wide(m, s)).isTrue(); // 2 >= 2 and 8 >= 2 * 2
        assertThat(a.wide(s, m)).isTrue(); // either way round
        WakeAffine b = new WakeAffine(TWO_LLCS);
        flip(b, m, 3);
        flip(b, s, 2);
        assertThat(b.wide(m, s)).isFalse(); // 3 < 4
        WakeAffine c = new WakeAffine(TWO_LLCS);
        flip(c, m, 100);
        flip(c, s, 1);
        assertThat(c.wide(m, s)).isFalse(); // a 1:N server: its clients flip once, under the factor
    }

    /** Makes {@code t} flip {@code n} times within the same second. */
    private static void flip(WakeAffine a, Task t, int n) {
        for (int i = 0; i < n; i++) a.record(t, task(90 + i % 2, 1000 + i), 1 + i);
    }

    /*
     * Through the kernel. CPUs {0,1} and {2,3} (two LLCs). H1 (pinned to 1) runs from 0; P arrives at 0 and takes CPU 0
     * (the least loaded, lowest), makes a pipe and at 1 ms forks C, which goes to CPU 2 (0 and 1 are busy, 2 and 3 idle: the
     * lowest); P computes 3 ms more and reads the empty pipe; H0 (pinned to 0), there since 2 ms, takes CPU 0 then. At 6 ms C
     * writes (a synchronous wake, C alone on CPU 2) and computes on: wake-affine picks CPU 2, the idle-sibling search from
     * there finds CPU 3 idle in C's LLC: P runs on 3 at once. Without wake-affine P would go back to its busy CPU 0 (its LLC
     * has no idle CPU) and wait there for the next balance.
     */
    static final List<Action> PARENT = List.of(pipe("x"), compute(1), fork("c"), compute(3), pread("x", 1), compute(5));
    static final List<Action> CHILD = List.of(compute(5), pwrite("x", 1), compute(20), exit(0));

    @Test
    void aReaderWokenByAWriterFollowsItToAnIdleCpuOfTheWritersLlc() {
        ProgramSet ps = Programs.set("p", PARENT, "c", CHILD, "h", List.of(compute(50)));
        Kernel k = kernel(perCpu(TWO_LLCS), FcfsScheduler::new, ps);
        k.addProcess(proc("H1", 0, "h", 1));
        k.addProcess(proc("P", 0, "p"));
        k.addProcess(proc("H0", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        List<String> p = where(k, "P"), c = where(k, "c");
        assertThat(p).hasSize(2).first().asString().startsWith("0@0.0");
        assertThat(c).hasSize(1).first().asString().startsWith("2@");
        assertThat(p.get(1)).startsWith("3@");
        // at once: when C wrote, 5 ms into its run
        assertThat(start(k, "P", 1)).isEqualTo(start(k, "c", 0) + 5 * MS);
    }

    @Test
    void aWakeeNotAllowedOnTheWakersCpuStaysWithinItsAffinity() {
        ProgramSet ps = Programs.set("p", PARENT, "c", CHILD, "h", List.of(compute(50)));
        Kernel k = kernel(perCpu(TWO_LLCS), FcfsScheduler::new, ps);
        k.addProcess(proc("H1", 0, "h", 1));
        k.addProcess(proc("P", 0, "p", 0, 1, 2)); // its child inherits {0,1,2}: C still on 2, but P may not go to 3
        k.addProcess(proc("H0", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        List<String> p = where(k, "P");
        assertThat(p).hasSizeGreaterThan(1).noneMatch(s -> s.startsWith("3@"));
        assertThat(start(k, "P", 1)).isGreaterThan(start(k, "c", 0) + 5 * MS); // not at once: it waited on CPU 0
    }

    @Test
    void anExitingChildHasLeftItsCpuWhenItWakesItsParent() {
        // P forks C (CPU 2), waits; C exits at 6 ms: its CPU is free by then (procsim releases the CPU before the
        // zombie's parent is told; Linux counts the exiting child until its last schedule()), so P takes CPU 2 at once
        ProgramSet ps = Programs.set("p", List.of(compute(1), fork("c"), compute(3), waitAny(), compute(5)), "c",
                List.of(compute(5), exit(0)), "h", List.of(compute(50)));
        Kernel k = kernel(perCpu(TWO_LLCS), FcfsScheduler::new, ps);
        k.addProcess(proc("H1", 0, "h", 1));
        k.addProcess(proc("P", 0, "p"));
        k.addProcess(proc("H0", 2 * MS, "h", 0));
        k.run(SimTime.NEVER);
        assertThat(where(k, "c")).hasSize(1).first().asString().startsWith("2@");
        assertThat(where(k, "P").get(1)).startsWith("2@");
        assertThat(start(k, "P", 1)).isEqualTo(end(k, "c", 0));
    }

    private static long start(Kernel k, String task, int i) {
        return k.scheduleLog().segments().stream().filter(s -> s.task().equals(task) && s.end() > s.start()).toList().get(i).start();
    }

    private static long end(Kernel k, String task, int i) {
        return k.scheduleLog().segments().stream().filter(s -> s.task().equals(task) && s.end() > s.start()).toList().get(i).end();
    }
}

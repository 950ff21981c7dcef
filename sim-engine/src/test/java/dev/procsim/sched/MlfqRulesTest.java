package dev.procsim.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.procsim.engine.RandomStreams;
import dev.procsim.engine.SimTime;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.Dur;
import dev.procsim.kernel.FixedCostMemory;
import dev.procsim.kernel.Kernel;
import dev.procsim.kernel.KernelConfig;
import dev.procsim.kernel.ProcessSpec;
import dev.procsim.kernel.ProgramSet;
import dev.procsim.kernel.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules of OSTEP's {@code mlfq.py}, each on a small job list worked out by hand (one time unit
 * = 1 ms; jobs written as mlfq.py's {@code -l start,run,ioFreq}). The traces in the comments are
 * derived from the rules, tick by tick.
 */
class MlfqRulesTest {
    private static final long MS = SimTime.MS;

    /** Runs the jobs {@code {start, run, ioFreq}} and returns {response, turnaround} per job, in ms. */
    private static long[][] run(Map<String, String> params, long ioTime, long[]... jobs) {
        Map<String, List<Action>> programs = new LinkedHashMap<>();
        for (int i = 0; i < jobs.length; i++) programs.put("j" + i, program(jobs[i][1], jobs[i][2], ioTime));
        Kernel k = new Kernel(new KernelConfig(), SchedulerRegistry.create("mlfq", params), new FixedCostMemory(),
                ProgramSet.of(programs), new RandomStreams(1));
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < jobs.length; i++) tasks.add(k.addProcess(ProcessSpec.of("J" + i, jobs[i][0] * MS, "j" + i)));
        k.run(SimTime.NEVER);
        long[][] out = new long[jobs.length][];
        for (int i = 0; i < jobs.length; i++) {
            Task t = tasks.get(i);
            out[i] = new long[] {(t.firstRun() - jobs[i][0] * MS) / MS, (t.finish() - jobs[i][0] * MS) / MS};
        }
        return out;
    }

    /** mlfq.py's I/O: after every ioFreq units of CPU an I/O of ioTime, except when the job is done. */
    private static List<Action> program(long run, long ioFreq, long ioTime) {
        if (ioFreq <= 0 || ioFreq >= run) return List.of(new Action.Compute(Dur.of(run * MS)));
        List<Action> p = new ArrayList<>();
        long left = run;
        while (left > ioFreq) {
            p.add(new Action.Compute(Dur.of(ioFreq * MS)));
            p.add(new Action.Io(Dur.of(ioTime * MS)));
            left -= ioFreq;
        }
        p.add(new Action.Compute(Dur.of(left * MS)));
        return p;
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("boost", "0");
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void aJobWhoseQuantumEndsIsQueuedBeforeAnArrivalAtThatInstant() {
        // -n 1 -Q 1 -A 1 -l 0,2,0:1,1,0. J0 runs 0-1; its quantum ends at 1 and it is queued, then
        // J1 arrives behind it: J0 runs 1-2 (done), J1 2-3.
        long[][] r = run(params("quanta", "1ms", "allotments", "1"), 5, new long[] {0, 2, 0}, new long[] {1, 1, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 2}, {1, 2}});
    }

    @Test
    void aJobPreemptedByAHigherArrivalKeepsTheHeadAndTheRestOfItsQuantum() {
        // -Q 2,4 -A 1,1 -l 0,10,0:0,10,0:5,1,0. J0 0-2, J1 2-4 (both demoted); J0 4-5 at the lower
        // level; J2 arrives at 5 on top and runs 5-6; J0 resumes with 3 ticks left, 6-9, then J1
        // 9-13, J0 13-17 (done), J1 17-21 (done).
        long[][] r = run(params("quanta", "2ms,4ms", "allotments", "1,1"), 5,
                new long[] {0, 10, 0}, new long[] {0, 10, 0}, new long[] {5, 1, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 17}, {2, 21}, {0, 1}});
    }

    @Test
    void aBoostLiftsTheRunningJobAtOnceWithAFreshQuantumAndAllotment() {
        // -Q 3,6,12 -A 2,2,2 -B 10 -l 13,27,0:25,2,0. J0: 13-16, 16-19 on top (demoted), 19-20;
        // boost at 20: top again with quantum 3 and 2 quanta: 20-23, 23-26, where J1, arriving at 25
        // at the same level, waits; J0 is demoted at 26; J1 runs 26-28 (done). J0 28-30; boost:
        // 30-33, 33-36, 36-40; boost: 40-42 (done: 27 units).
        long[][] r = run(params("quanta", "3ms,6ms,12ms", "allotments", "2,2,2", "boost", "10ms"), 5,
                new long[] {13, 27, 0}, new long[] {25, 2, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 29}, {1, 3}});
    }

    @Test
    void aBoostAppendsTheLowerQueuesFromTheBottomUp() {
        // -Q 1,2,4 -A 1,1,1 -B 4 -l 0,4,0:0,4,0. J0 0-1, J1 1-2 (both to the middle), J0 2-4 (to
        // the bottom). Boost at 4: bottom queue [J0] first, then the middle [J1]: J0 4-5 (done),
        // J1 5-6 (to the middle), 6-8 (done).
        long[][] r = run(params("quanta", "1ms,2ms,4ms", "allotments", "1,1,1", "boost", "4ms"), 5,
                new long[] {0, 4, 0}, new long[] {0, 4, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 5}, {1, 8}});
    }

    @Test
    void ioKeepsTheQuantumAndAnIoAtTheQuantumsEndStillDemotes() {
        // -Q 2,4 -A 1,1 -i 1 -l 0,3,1:0,4,0. J0 0-1, I/O until 2 with 1 tick left; J1 1-3 (J0 back
        // at 2 behind it), demoted at 3; J0 3-4 uses its last tick and starts I/O, demoted; J1 4-6
        // (done); J0, back at 5 behind J1, 6-7 (done).
        long[][] r = run(params("quanta", "2ms,4ms", "allotments", "1,1"), 1, new long[] {0, 3, 1}, new long[] {0, 4, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 7}, {1, 6}});
    }

    @Test
    void stayGivesABlockingJobAFreshQuantumAndAllotment() {
        // -Q 2,4 -A 1,1 -i 1 -l 0,3,1:0,6,0. With -S, J0 never uses up a quantum: it stays on top;
        // J1 runs 1-3 (demoted), 4-5, then J0 (back at 5 on top) 5-6 (done), J1 6-9 (done).
        // Without -S, J0 is demoted at 4 and J1 keeps the CPU 4-8; J0 8-9.
        long[][] stay = run(params("quanta", "2ms,4ms", "allotments", "1,1", "stay", "true"), 1,
                new long[] {0, 3, 1}, new long[] {0, 6, 0});
        assertThat(stay).isEqualTo(new long[][] {{0, 6}, {1, 9}});
        long[][] plain = run(params("quanta", "2ms,4ms", "allotments", "1,1"), 1, new long[] {0, 3, 1}, new long[] {0, 6, 0});
        assertThat(plain).isEqualTo(new long[][] {{0, 9}, {1, 8}});
    }

    @Test
    void ioBumpPutsAWokenJobAtTheHeadInFrontOfTheRunningOne() {
        // -Q 10 -A 1 -I -i 1 -l 0,2,1:0,5,0. J0 0-1, I/O until 2; J1 1-2; J0 back at 2 at the head,
        // in front of J1: J0 2-3 (done), J1 3-7 (done). Without -I, J1 keeps the CPU 1-6, J0 6-7.
        long[][] bump = run(params("quanta", "10ms", "allotments", "1", "io_bump", "true"), 1,
                new long[] {0, 2, 1}, new long[] {0, 5, 0});
        assertThat(bump).isEqualTo(new long[][] {{0, 3}, {1, 7}});
        long[][] plain = run(params("quanta", "10ms", "allotments", "1"), 1, new long[] {0, 2, 1}, new long[] {0, 5, 0});
        assertThat(plain).isEqualTo(new long[][] {{0, 7}, {1, 6}});
    }

    @Test
    void aJobBlockedAcrossABoostComesBackOnTop() {
        // -Q 1,4 -A 1,1 -B 5 -i 4 -l 0,3,2:0,8,0. J0 0-1 (demoted), J1 1-2 (demoted); J0 2-3 at the
        // bottom, starts a 4-unit I/O at 3 (it ran 2); J1 3-5; boost at 5 (J1 back on top, quantum 1)
        // J1 5-6 (demoted), 6-7; J0 returns at 7 on top (boosted while blocked) and preempts J1:
        // J0 7-8 (done); J1 has 3 units left (1+2+1+1 ran): 8-11 (done).
        long[][] r = run(params("quanta", "1ms,4ms", "allotments", "1,1", "boost", "5ms"), 4,
                new long[] {0, 3, 2}, new long[] {0, 8, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 8}, {1, 11}});
    }

    @Test
    void theDefaultsDoubleQuantumAndAllotmentAtEachLevel() {
        // levels 3, quantum 10ms, allotment 20ms: 2 quanta per level, 10/20/40 ms. One 100 ms job:
        // 20 ms on top, 40 ms in the middle, the rest at the bottom: done at 100 ms whatever the
        // levels; a second job arriving at 65 ms (on top) runs at once, as the first is at the bottom.
        long[][] r = run(Map.of("boost", "0"), 5, new long[] {0, 100, 0}, new long[] {65, 5, 0});
        assertThat(r).isEqualTo(new long[][] {{0, 105}, {0, 5}});
        // at 55 ms the first job is in the middle level (20-60 ms): the newcomer still preempts it
        long[][] r2 = run(Map.of("boost", "0"), 5, new long[] {0, 100, 0}, new long[] {55, 5, 0});
        assertThat(r2).isEqualTo(new long[][] {{0, 105}, {0, 5}});
        assertThatThrownBy(() -> SchedulerRegistry.create("mlfq", Map.of("allotment", "15ms")))
                .hasMessageContaining("whole number of quanta");
        assertThatThrownBy(() -> SchedulerRegistry.create("mlfq", Map.of("quanta", "1ms,2ms", "allotments", "1")))
                .hasMessageContaining("1 value for 2 levels");
    }
}

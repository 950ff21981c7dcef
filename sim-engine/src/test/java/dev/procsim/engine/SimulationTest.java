package dev.procsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class SimulationTest {
    @Test
    void runsUntilNoEventsAndReportsIt() {
        Simulation sim = new Simulation();
        List<Long> times = new ArrayList<>();
        EventHandler h = (tag, arg) -> times.add(sim.now());
        sim.scheduleAt(30, h, 0, 0);
        sim.scheduleAt(10, h, 0, 0);
        sim.scheduleAt(20, h, 0, 0);
        assertThat(sim.run()).isEqualTo(StopReason.NO_EVENTS);
        assertThat(times).containsExactly(10L, 20L, 30L);
        assertThat(sim.eventsFired()).isEqualTo(3);
        assertThat(sim.now()).isEqualTo(30);
    }

    /** An endless chain of events; another thread's flag ends it within the check interval, and the figures are published. */
    @Test
    void anInterruptFlagSetFromAnotherThreadEndsAnEndlessRun() throws Exception {
        Simulation sim = new Simulation();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        long[] firedWhenSet = {-1};
        EventHandler[] h = new EventHandler[1];
        h[0] = (tag, arg) -> {
            if (sim.eventsFired() == 10_000) {
                flag.set(true);
                firedWhenSet[0] = sim.eventsFired();
            }
            sim.scheduleAfter(1, h[0], 0, 0);
        };
        sim.scheduleAt(0, h[0], 0, 0);
        sim.interruptWhen(flag);
        assertThat(sim.run()).isEqualTo(StopReason.INTERRUPTED);
        // checked every 4,096 events: stopped at the first check after the flag was set
        assertThat(sim.eventsFired()).isEqualTo(3 * 4096L);
        assertThat(sim.eventsFired() - firedWhenSet[0]).isLessThan(4096);
        assertThat(sim.publishedEvents()).isEqualTo(sim.eventsFired());
        assertThat(sim.publishedNow()).isEqualTo(sim.now());
        // without a flag the same chain only stops on its budget
        Simulation other = new Simulation();
        EventHandler[] g = new EventHandler[1];
        g[0] = (tag, arg) -> other.scheduleAfter(1, g[0], 0, 0);
        other.scheduleAt(0, g[0], 0, 0);
        assertThat(other.run(SimTime.NEVER, 50_000, null)).isEqualTo(StopReason.EVENT_BUDGET);
    }

    @Test
    void horizonIncludesEventsExactlyAtIt() {
        Simulation sim = new Simulation();
        List<Long> times = new ArrayList<>();
        EventHandler h = (tag, arg) -> times.add(sim.now());
        sim.scheduleAt(100, h, 0, 0);
        sim.scheduleAt(101, h, 0, 0);
        assertThat(sim.runUntil(100)).isEqualTo(StopReason.HORIZON);
        assertThat(times).containsExactly(100L);
        assertThat(sim.now()).isEqualTo(100);
        assertThat(sim.pendingEvents()).isEqualTo(1);
        // Continuing picks up where it stopped.
        assertThat(sim.runUntil(1000)).isEqualTo(StopReason.NO_EVENTS);
        assertThat(times).containsExactly(100L, 101L);
    }

    @Test
    void horizonAdvancesTheClockWhenNothingHappensBeforeIt() {
        Simulation sim = new Simulation();
        sim.scheduleAt(500, (t, a) -> {}, 0, 0);
        assertThat(sim.runUntil(200)).isEqualTo(StopReason.HORIZON);
        assertThat(sim.now()).isEqualTo(200);
    }

    @Test
    void eventBudgetPredicateAndStop() {
        Simulation sim = new Simulation();
        int[] count = new int[1];
        EventHandler tick = new EventHandler() {
            @Override
            public void onEvent(int tag, int arg) {
                count[0]++;
                sim.scheduleAfter(1, this, 0, 0);
                if (tag == 7) sim.stop();
            }
        };
        sim.scheduleAt(0, tick, 0, 0);
        assertThat(sim.run(SimTime.NEVER, 10, null)).isEqualTo(StopReason.EVENT_BUDGET);
        assertThat(count[0]).isEqualTo(10);
        assertThat(sim.run(SimTime.NEVER, Long.MAX_VALUE, () -> count[0] == 25)).isEqualTo(StopReason.PREDICATE);
        assertThat(count[0]).isEqualTo(25);
        sim.scheduleAt(sim.now(), tick, 7, 0);
        assertThat(sim.run()).isEqualTo(StopReason.STOPPED);
    }

    @Test
    void handlersMayScheduleAndCancel() {
        Simulation sim = new Simulation();
        List<String> log = new ArrayList<>();
        long[] victim = new long[1];
        EventHandler h = (tag, arg) -> {
            log.add(tag + "@" + sim.now());
            if (tag == 1) {
                assertThat(sim.cancel(victim[0])).isTrue();
                sim.scheduleAfter(0, (t2, a2) -> log.add("same-instant@" + sim.now()), 0, 0);
            }
        };
        sim.scheduleAt(5, h, 1, 0);
        victim[0] = sim.scheduleAt(6, h, 2, 0);
        sim.scheduleAt(5, h, 3, 0);
        sim.run();
        // The event scheduled at the current instant fires after the one already pending there.
        assertThat(log).containsExactly("1@5", "3@5", "same-instant@5");
    }

    @Test
    void endOfInstantRunsAfterEveryEventOfTheInstant() {
        Simulation sim = new Simulation();
        List<String> log = new ArrayList<>();
        int[] calls = new int[1];
        sim.setEndOfInstant(() -> {
            log.add("end@" + sim.now());
            // The first time, schedule one more event at this instant: it must fire, then the callback again.
            if (calls[0]++ == 0) {
                sim.scheduleAfter(0, (t, a) -> {
                    log.add("late@" + sim.now());
                    sim.requestEndOfInstant();
                }, 0, 0);
            }
        });
        EventHandler h = (tag, arg) -> {
            log.add(tag + "@" + sim.now());
            sim.requestEndOfInstant();
        };
        sim.scheduleAt(5, h, 1, 0);
        sim.scheduleAt(5, h, 2, 0);
        sim.scheduleAt(9, h, 3, 0);
        sim.run();
        assertThat(log).containsExactly("1@5", "2@5", "end@5", "late@5", "end@5", "3@9", "end@9");
    }

    @Test
    void cannotScheduleInThePastOrOverflow() {
        Simulation sim = new Simulation();
        sim.scheduleAt(10, (t, a) -> {}, 0, 0);
        sim.run();
        assertThatThrownBy(() -> sim.scheduleAt(9, (t, a) -> {}, 0, 0)).hasMessageContaining("before the current time");
        assertThatThrownBy(() -> sim.scheduleAfter(-1, (t, a) -> {}, 0, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> sim.scheduleAfter(Long.MAX_VALUE - 5, (t, a) -> {}, 0, 0)).hasMessageContaining("overflow");
    }

    /** A small random model (a self-rescheduling M/M/1-like chain) run twice with one seed. */
    private static List<String> trace(long seed) {
        Simulation sim = new Simulation();
        RandomStreams streams = new RandomStreams(seed);
        UniformRandomProvider arrivals = streams.stream("arrivals");
        UniformRandomProvider services = streams.stream("services");
        List<String> log = new ArrayList<>();
        EventHandler h = new EventHandler() {
            @Override
            public void onEvent(int tag, int arg) {
                log.add(tag + ":" + arg + "@" + sim.now());
                if (arg < 2000) {
                    sim.scheduleAfter(arrivals.nextInt(1000), this, 0, arg + 1);
                    if (arrivals.nextBoolean()) sim.scheduleAfter(services.nextInt(1000), this, 1, arg + 1);
                }
            }
        };
        sim.scheduleAt(0, h, 0, 0);
        sim.run(SimTime.NEVER, 50_000, null);
        return log;
    }

    @Test
    void sameSeedGivesIdenticalEventSequences() {
        List<String> a = trace(42);
        List<String> b = trace(42);
        assertThat(a).hasSizeGreaterThan(1000).isEqualTo(b);
        assertThat(trace(43)).isNotEqualTo(a);
    }
}

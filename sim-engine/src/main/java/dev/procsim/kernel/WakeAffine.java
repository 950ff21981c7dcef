package dev.procsim.kernel;

import dev.procsim.engine.SimTime;

/**
 * Wake-affine (Linux's {@code kernel/sched/fair.c}: {@code record_wakee}, {@code wake_wide},
 * {@code wake_affine_idle}, {@code wake_affine_weight}): when a running task wakes another, the
 * wakee may be placed near the waker's CPU rather than its own previous one, so that what the
 * waker just wrote is still in a shared cache.
 *
 * <ul>
 *   <li><b>Flips</b> ({@code record_wakee}): a waker counts a flip each time it wakes a task other
 *       than the one it woke last; the count halves once a second.</li>
 *   <li><b>Wide</b> ({@code wake_wide}): with {@code m} the larger of the waker's and the wakee's
 *       flips and {@code s} the smaller, the wake is spread (not affine) when {@code s >= llc} and
 *       {@code m >= s * llc}, {@code llc} being the CPUs of an LLC: a 1:N server waking many
 *       clients that each wake only it stays affine; M:N crowds do not.</li>
 *   <li><b>Which CPU</b> ({@code wake_affine}), between the waker's CPU {@code w} and the
 *       wakee's previous {@code p}: {@code w} if it is idle and shares an LLC with {@code p}
 *       ({@code p} instead if that is idle too); else {@code w} for a synchronous wake (the waker
 *       is about to sleep: a pipe write, an exit waking the parent in wait) when the waker runs
 *       alone there; else {@code p} if idle; else by load: {@code w} when its load, the waker's
 *       taken off for a synchronous wake and the wakee's added, times 100, is below {@code p}'s
 *       times {@code 100 + (imbalance_pct - 100) / 2} of the smallest domain spanning both (ties to
 *       {@code w} for a synchronous wake); else {@code p}.</li>
 * </ul>
 * Load here is the count of runnable tasks, as in the rest of placement (Linux: PELT load
 * averages, weighted by nice). The chosen CPU is then the target of the idle-sibling search.
 * Per task slot, so a task carries no field for it; the wakee is told by PID.
 */
final class WakeAffine {
    private int[] lastWakee = new int[0], flips = new int[0];
    private long[] decayAt = new long[0];
    private final Topology topo;

    WakeAffine(Topology topo) {
        this.topo = topo;
    }

    private void ensureSlot(int slot) {
        if (slot < flips.length) return;
        int cap = Math.max(slot + 1, flips.length * 2);
        int old = flips.length;
        lastWakee = java.util.Arrays.copyOf(lastWakee, cap);
        java.util.Arrays.fill(lastWakee, old, cap, -1);
        flips = java.util.Arrays.copyOf(flips, cap);
        decayAt = java.util.Arrays.copyOf(decayAt, cap);
    }

    /** A new task in {@code slot}: no flips, no last wakee. */
    void reset(int slot) {
        if (slot >= flips.length) return;
        lastWakee[slot] = -1;
        flips[slot] = 0;
        decayAt[slot] = 0;
    }

    /** record_wakee: {@code waker} wakes {@code wakee} at {@code now}. */
    void record(Task waker, Task wakee, long now) {
        int s = waker.slot;
        if (s < 0) return; // an exiting waker has given its slot up: no history kept
        ensureSlot(s);
        if (now - decayAt[s] > SimTime.S) { // time_after(jiffies, wakee_flip_decay_ts + HZ)
            flips[s] >>= 1;
            decayAt[s] = now;
        }
        if (lastWakee[s] != wakee.pid) {
            lastWakee[s] = wakee.pid;
            flips[s]++;
        }
    }

    int flips(Task t) {
        return t.slot >= 0 && t.slot < flips.length ? flips[t.slot] : 0;
    }

    /** wake_wide: whether this wake should be spread rather than pulled to the waker. */
    boolean wide(Task waker, Task wakee) {
        int m = flips(waker), s = flips(wakee), factor = topo.domainSize(Topology.LLC);
        if (m < s) {
            int x = m;
            m = s;
            s = x;
        }
        return s >= factor && m >= (long) s * factor;
    }

    /**
     * wake_affine: the waker's CPU {@code w} or the wakee's previous {@code p}. {@code load(c)} is
     * the runnable count of CPU {@code c} (the waker counted on {@code w}, the wakee on neither);
     * {@code idle} whether it has none.
     */
    int choose(int w, int p, boolean sync, int loadW, int loadP) {
        boolean idleW = loadW == 0, idleP = loadP == 0;
        // wake_affine_idle
        if (idleW && topo.level(w, p) <= Topology.LLC) return idleP ? p : w;
        if (sync && loadW == 1) return w;
        if (idleP) return p;
        // wake_affine_weight: loads in units of a nice-0 task's weight (1024), so that the +1 below only breaks ties
        int pct = LoadBalancer.imbalancePct(topo.level(w, p));
        long thisLoad = loadW;
        if (sync) thisLoad -= 1; // the waker is about to sleep
        thisLoad += 1; // the wakee
        long thisEff = thisLoad * 1024 * 100;
        long prevEff = (long) loadP * 1024 * (100 + (pct - 100) / 2) + (sync ? 1 : 0);
        return thisEff < prevEff ? w : p;
    }
}

package dev.procsim.engine;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The distinct event handlers that have pending events, each under a small index (from 1; 0 means
 * "none"), with a count of its pending events. The event queue stores the index instead of a
 * reference so that an event's payload fits in 16 bytes.
 *
 * <p>A simulation normally has a few long-lived handlers (the kernel, a workload generator), found
 * through a one-entry cache or a short scan. Handlers made per event (a capturing lambda) work
 * too: each gets an index, and once the table has grown, indices whose handler has no pending
 * event are reclaimed in a sweep, so the table stays proportional to the handlers in use.
 */
final class HandlerTable {
    private static final int SCAN_LIMIT = 8;
    private static final int MIN_SWEEP = 1024;

    private EventHandler[] byIndex = new EventHandler[16];
    private int[] pending = new int[16];
    private int used = 1; // indices handed out so far, index 0 reserved
    private int[] free = new int[16];
    private int freeCount;
    private int sweepAt = MIN_SWEEP;
    private IdentityHashMap<EventHandler, Integer> lookup; // made once there are more than SCAN_LIMIT handlers
    private EventHandler lastHandler;
    private int lastIndex;

    EventHandler get(int i) {
        return byIndex[i];
    }

    /** The index of {@code h}, registering it if needed; its pending count is incremented. */
    int acquire(EventHandler h) {
        int i;
        if (h == lastHandler) {
            i = lastIndex;
        } else {
            i = find(h);
            if (i == 0) i = register(h);
            lastHandler = h;
            lastIndex = i;
        }
        pending[i]++;
        return i;
    }

    void release(int i) {
        pending[i]--;
    }

    /** Number of registered handlers (for tests). */
    int registered() {
        return used - 1 - freeCount;
    }

    private int find(EventHandler h) {
        if (lookup != null) {
            Integer i = lookup.get(h);
            return i == null ? 0 : i;
        }
        for (int i = 1; i < used; i++) {
            if (byIndex[i] == h) return i;
        }
        return 0;
    }

    private int register(EventHandler h) {
        if (registered() >= sweepAt) sweep();
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            if (used == byIndex.length) {
                byIndex = Arrays.copyOf(byIndex, used * 2);
                pending = Arrays.copyOf(pending, used * 2);
                free = Arrays.copyOf(free, used * 2);
            }
            i = used++;
        }
        byIndex[i] = h;
        pending[i] = 0;
        if (lookup != null) {
            lookup.put(h, i);
        } else if (registered() > SCAN_LIMIT) {
            lookup = new IdentityHashMap<>();
            for (int k = 1; k < used; k++) {
                if (byIndex[k] != null) lookup.put(byIndex[k], k);
            }
        }
        return i;
    }

    /** Forgets handlers with no pending event (they are registered again on their next use). */
    private void sweep() {
        for (int i = 1; i < used; i++) {
            if (byIndex[i] != null && pending[i] == 0) {
                if (lookup != null) lookup.remove(byIndex[i]);
                byIndex[i] = null;
                free[freeCount++] = i;
            }
        }
        lastHandler = null;
        sweepAt = Math.max(MIN_SWEEP, 2 * registered());
    }
}

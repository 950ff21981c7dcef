package dev.procsim.sched;

import dev.procsim.kernel.Task;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A ready queue of tasks ordered by ({@code schedKey} as it was when the task was added, a tie
 * value the policy gives, order of addition): the key the policy sets, then the tie (0 unless
 * given), then earlier entry into the ready queue, or lower PID for a heap made with
 * {@link #byPid()} (real-time policies: a fixed order that does not depend on who was queued
 * first). Every scheduler that orders by a key uses it.
 *
 * <p>Layout, chosen for large queues (a pick at 100,000 ready tasks is dominated by cache misses,
 * not comparisons): a 4-ary min-heap of 24-byte entries in one {@code long[]}, the key, the tie and
 * {@code seq << SLOT_BITS | slot} side by side: the last tie-break (a sequence number of this heap,
 * or the PID) and the slot, an index into a table of the queued tasks. The four children of a node
 * share two cache lines, a tie is broken without leaving them, and sifting never touches a task
 * object or moves a reference; only the popped task is looked up. Pick and add are O(log n) array
 * operations; nothing is allocated once grown.
 *
 * <p>A queued task's {@code schedIndex} is its slot, -1 when it is not queued. Removal of an
 * arbitrary task (killed while ready) is lazy: its slot is emptied and its entry, recognised as
 * stale by the empty slot, is skipped when it reaches the top, or dropped in a rebuild once stale
 * entries outnumber live ones; the slot is reused only after its entry has left the heap.
 *
 * <p>Sequence numbers have {@code 64 - SLOT_BITS} bits; when they run out the queued entries are
 * renumbered 0..n-1 in their order (an O(n log n) pass every 2^36 additions), which keeps every
 * tie order.
 */
final class TaskHeap {
    private static final int SLOT_BITS = 27;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final long SEQ_LIMIT = 1L << (63 - SLOT_BITS);

    // Entry i: ks[3i] = key, ks[3i+1] = tie, ks[3i+2] = seq (or pid) << SLOT_BITS | slot. Children of i are 4i+1 .. 4i+4.
    private long[] ks = new long[48];
    private final boolean pidOrder;
    private int entries;
    private int live;
    private long nextSeq;
    private final long seqLimit;
    /** Levels sifted and entries re-ordered wholesale since the start: the heap's work, for tests of its cost. */
    private long work;

    // slotTask[s]: the task queued in slot s, or null when the slot is free or its task was removed.
    private Task[] slotTask = new Task[16];
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int slotsUsed;
    // Entries lifted out by a filtered poll, to be put back.
    private long[] passedOver = new long[0];

    TaskHeap() {
        this(SEQ_LIMIT, false);
    }

    /** {@code seqLimit} exists so tests can force renumbering. */
    TaskHeap(long seqLimit) {
        this(seqLimit, false);
    }

    private TaskHeap(long seqLimit, boolean pidOrder) {
        this.seqLimit = seqLimit;
        this.pidOrder = pidOrder;
    }

    /** A heap whose last tie-break is the lower PID instead of the order of addition. */
    static TaskHeap byPid() {
        return new TaskHeap(SEQ_LIMIT, true);
    }

    int size() {
        return live;
    }

    /** Adds a task with the key already set in {@code schedKey}; it ties after every task added before it. */
    void add(Task t) {
        add(t, 0);
    }

    /** Adds a task with the key already set in {@code schedKey} and a tie value (lower first among equal keys). */
    void add(Task t, long tie) {
        if (t.schedIndex >= 0) throw new IllegalStateException(t + " is already queued");
        if (!pidOrder && nextSeq >= seqLimit) renumber();
        int slot = allocateSlot();
        slotTask[slot] = t;
        t.schedIndex = slot;
        if (3 * entries == ks.length) ks = Arrays.copyOf(ks, 6 * entries);
        long last = pidOrder ? (long) t.pid() : nextSeq++;
        siftUp(entries++, t.schedKey, tie, (last << SLOT_BITS) | slot);
        live++;
    }

    /** The first task's key, or {@code Long.MAX_VALUE} when empty; touches no task object. */
    long peekKey() {
        dropStaleTop();
        return entries == 0 ? Long.MAX_VALUE : ks[0];
    }

    /** The first task, left in the heap; null when empty. */
    Task peek() {
        dropStaleTop();
        return entries == 0 ? null : slotTask[(int) (ks[2] & SLOT_MASK)];
    }

    Task poll() {
        dropStaleTop();
        if (entries == 0) return null;
        int slot = (int) (ks[2] & SLOT_MASK);
        Task t = slotTask[slot];
        freeSlot(slot);
        removeTop();
        t.schedIndex = -1;
        live--;
        return t;
    }

    /**
     * Removes and returns the first task in the heap's order that {@code ok} accepts; null if none.
     * The entries before it are lifted out and put back with their own key, tie and sequence
     * number, so every other task keeps its place: O(k log n) for k tasks passed over.
     */
    Task poll(java.util.function.Predicate<Task> ok) {
        int held = 0;
        Task found = null;
        while (entries > 0) {
            int slot = (int) (ks[2] & SLOT_MASK);
            Task t = slotTask[slot];
            if (t == null) { // a stale entry (dropStaleTop's count no longer holds while entries are lifted out)
                freeSlots[freeCount++] = slot;
                removeTop();
                continue;
            }
            if (ok.test(t)) {
                found = poll();
                break;
            }
            if (3 * held == passedOver.length) passedOver = Arrays.copyOf(passedOver, 6 * held + 12);
            passedOver[3 * held] = ks[0];
            passedOver[3 * held + 1] = ks[1];
            passedOver[3 * held + 2] = ks[2];
            held++;
            removeTop();
        }
        for (int i = 0; i < held; i++) siftUp(entries++, passedOver[3 * i], passedOver[3 * i + 1], passedOver[3 * i + 2]);
        return found;
    }

    void remove(Task t) {
        int slot = t.schedIndex;
        if (slot < 0 || slot >= slotsUsed || slotTask[slot] != t) throw new IllegalStateException(t + " is not in this run queue");
        slotTask[slot] = null; // the entry is now stale; the slot is freed when the entry leaves
        t.schedIndex = -1;
        live--;
        if (entries - live > live + 64) rekeyAll(x -> {});
    }

    /** Lets the policy change every queued task's key ({@code update} sets schedKey), then restores order in O(n). */
    void rekeyAll(Consumer<Task> update) {
        work += entries;
        int j = 0;
        for (int i = 0; i < entries; i++) {
            int slot = (int) (ks[3 * i + 2] & SLOT_MASK);
            Task t = slotTask[slot];
            if (t == null) {
                freeSlot(slot);
                continue;
            }
            update.accept(t);
            ks[3 * j] = t.schedKey;
            ks[3 * j + 1] = ks[3 * i + 1];
            ks[3 * j + 2] = ks[3 * i + 2];
            j++;
        }
        entries = j;
        heapify();
    }

    /** The heap's work so far: a unit per level an entry is sifted through, per entry added, and per entry a re-keying visits. */
    long work() {
        return work;
    }

    private void heapify() {
        for (int i = (entries - 2) >> 2; i >= 0; i--) siftDown(i, ks[3 * i], ks[3 * i + 1], ks[3 * i + 2]);
    }

    private int allocateSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotsUsed > SLOT_MASK) throw new IllegalStateException("more than " + (SLOT_MASK + 1) + " tasks in one run queue");
        if (slotsUsed == slotTask.length) {
            slotTask = Arrays.copyOf(slotTask, 2 * slotsUsed);
            freeSlots = Arrays.copyOf(freeSlots, 2 * slotsUsed);
        }
        return slotsUsed++;
    }

    private void freeSlot(int slot) {
        slotTask[slot] = null;
        freeSlots[freeCount++] = slot;
    }

    private void dropStaleTop() {
        // Only removals leave stale entries; without any, the root needs no check.
        while (entries > live) {
            int slot = (int) (ks[2] & SLOT_MASK);
            if (slotTask[slot] != null) return;
            freeSlots[freeCount++] = slot;
            removeTop();
        }
    }

    private void removeTop() {
        int n = --entries;
        if (n > 0) siftDown(0, ks[3 * n], ks[3 * n + 1], ks[3 * n + 2]);
    }

    private static boolean before(long k1, long t1, long s1, long k2, long t2, long s2) {
        return k1 < k2 || (k1 == k2 && (t1 < t2 || (t1 == t2 && s1 < s2)));
    }

    private void siftUp(int i, long k, long tie, long s) {
        long[] a = ks;
        int levels = 0;
        while (i > 0) {
            int p = (i - 1) >>> 2;
            if (!before(k, tie, s, a[3 * p], a[3 * p + 1], a[3 * p + 2])) break;
            a[3 * i] = a[3 * p];
            a[3 * i + 1] = a[3 * p + 1];
            a[3 * i + 2] = a[3 * p + 2];
            i = p;
            levels++;
        }
        a[3 * i] = k;
        a[3 * i + 1] = tie;
        a[3 * i + 2] = s;
        work += levels + 1;
    }

    private void siftDown(int i, long k, long tie, long s) {
        long[] a = ks;
        int n = entries;
        int c;
        int levels = 0;
        while ((c = 4 * i + 1) < n) {
            levels++;
            int end = Math.min(c + 4, n);
            int m = c;
            for (int j = c + 1; j < end; j++) {
                if (before(a[3 * j], a[3 * j + 1], a[3 * j + 2], a[3 * m], a[3 * m + 1], a[3 * m + 2])) m = j;
            }
            if (!before(a[3 * m], a[3 * m + 1], a[3 * m + 2], k, tie, s)) break;
            a[3 * i] = a[3 * m];
            a[3 * i + 1] = a[3 * m + 1];
            a[3 * i + 2] = a[3 * m + 2];
            i = m;
        }
        a[3 * i] = k;
        a[3 * i + 1] = tie;
        a[3 * i + 2] = s;
        work += levels;
    }

    /** Gives the queued entries sequence numbers 0..n-1 in their current order, dropping stale ones. */
    private void renumber() {
        rekeyAll(x -> {}); // drops stale entries, keeps keys
        Integer[] order = new Integer[entries];
        for (int i = 0; i < entries; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(ks[3 * a + 2] >>> SLOT_BITS, ks[3 * b + 2] >>> SLOT_BITS));
        long[] renumbered = ks.clone();
        for (int r = 0; r < entries; r++) {
            int i = order[r];
            renumbered[3 * i + 2] = ((long) r << SLOT_BITS) | (ks[3 * i + 2] & SLOT_MASK);
        }
        ks = renumbered;
        nextSeq = entries;
        heapify();
        if (nextSeq >= seqLimit) throw new IllegalStateException("more queued tasks than sequence numbers");
    }
}

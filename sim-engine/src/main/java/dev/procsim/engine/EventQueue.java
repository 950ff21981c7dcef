package dev.procsim.engine;

import java.util.Arrays;

/**
 * The pending-event set: a 4-ary min-heap on primitive arrays, ordered by (time, sequence number of
 * scheduling), so events at the same instant come out in the order they were scheduled.
 *
 * <p>Layout, chosen for cache behaviour at a million pending events. A heap entry is two adjacent
 * longs in one array: the time, and {@code seq << 32 | slot}; so the four children of a node sit
 * in one or two cache lines and a tie on time is broken without leaving the heap. An event's
 * payload lives in its slot, 16 bytes in one array: {@code [tag << 32 | arg, handler << 32 |
 * generation]}, where {@code handler} indexes a small table of the distinct handlers with pending
 * events (a simulation has a handful; see {@link HandlerTable}). So firing an event touches one
 * heap path and one payload line. Slots are recycled through a free list, so a steady-state run
 * allocates nothing per event.
 *
 * <p>Sequence numbers are 31-bit. When they run out, the pending events are renumbered 0..n-1 in
 * their current order (an O(n log n) pass once every two billion schedules), which preserves
 * every tie order. Events added with {@link #scheduleFirst} take negative sequence numbers, so
 * they precede the ordinary events of their instant.
 *
 * <p>Cancellation is O(1) and lazy: the slot is marked cancelled and its heap entry is dropped when
 * it reaches the top, or when cancelled entries outnumber live ones, at which point the heap is
 * rebuilt in O(n); so cancel stays amortised O(1) and the heap never holds more than about twice
 * the live events. This avoids a position index that every heap move would have to update.
 *
 * <p>Handles: {@link #schedule} returns {@code generation << 32 | slot}. A slot's generation is
 * bumped when its event fires or is cancelled, so a stale handle (the event already fired or was
 * cancelled) is recognised and {@link #cancel} returns {@code false}: cancelling a fired or
 * cancelled event is a documented no-op, never an error and never the cancellation of another
 * event.
 */
public final class EventQueue {
    private static final int COMPACT_MIN = 64;
    private static final long SLOT_MASK = 0xFFFF_FFFFL;

    // heap[2i] = time, heap[2i+1] = seq << 32 | slot. Root at 0; children of i are 4i+1 .. 4i+4.
    private long[] heap;
    private int heapSize;
    private int cancelledInHeap;
    /**
     * True after a pop whose root entry has not yet been removed from the heap: the next schedule
     * fills the hole with one sift-down (a simulation handler usually schedules one event after
     * popping one); any other operation first removes it.
     */
    private boolean rootConsumed;
    private long nextSeq;
    private final long seqLimit;
    /** Sequence numbers of {@link #scheduleFirst}: from -2^31 up, below every ordinary one. */
    private long nextFirstSeq = Integer.MIN_VALUE;
    private final long firstSeqLimit;

    // slotData[2s] = tag << 32 | arg, slotData[2s+1] = handlerIndex << 32 | generation.
    // handlerIndex 0 marks a free slot, or one cancelled while still in the heap.
    private long[] slotData;
    private final HandlerTable handlers = new HandlerTable();
    private int slotsUsed;
    private int[] freeSlots;
    private int freeCount;

    private long poppedTime;
    private EventHandler poppedHandler;
    private int poppedTag;
    private int poppedArg;

    public EventQueue() {
        this(64);
    }

    public EventQueue(int initialCapacity) {
        this(initialCapacity, Integer.MAX_VALUE);
    }

    /** {@code seqLimit} exists so tests can force renumbering; production uses 2^31 - 1. */
    EventQueue(int initialCapacity, long seqLimit) {
        int cap = Math.max(4, initialCapacity);
        heap = new long[2 * cap];
        slotData = new long[2 * cap];
        freeSlots = new int[cap];
        this.seqLimit = seqLimit;
        this.firstSeqLimit = seqLimit == Integer.MAX_VALUE ? 0 : Integer.MIN_VALUE + seqLimit;
    }

    /** Number of pending (not cancelled) events. */
    public int size() {
        return heapSize - cancelledInHeap - (rootConsumed ? 1 : 0);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Adds an event; returns its handle for {@link #cancel}. {@code time} must be in
     * {@code [0, SimTime.NEVER)}; the queue does not know the clock (see {@link Simulation}).
     */
    public long schedule(long time, EventHandler handler, int tag, int arg) {
        if (nextSeq >= seqLimit) {
            settleRoot();
            renumber();
        }
        return insert(time, handler, tag, arg, nextSeq++);
    }

    /**
     * Adds an event that fires before every event of its instant added with {@link #schedule}
     * (whenever those were added); among themselves such events keep the order they were added
     * in. For a source of events known before a run (a workload's arrivals) that is fed to the
     * queue one at a time but must keep the place it would have had if all were added up front.
     */
    public long scheduleFirst(long time, EventHandler handler, int tag, int arg) {
        if (nextFirstSeq >= firstSeqLimit) {
            settleRoot();
            renumber();
        }
        return insert(time, handler, tag, arg, nextFirstSeq++);
    }

    private long insert(long time, EventHandler handler, int tag, int arg, long seq) {
        if (handler == null) throw new NullPointerException("handler");
        if (time < 0 || time == SimTime.NEVER) {
            throw new IllegalArgumentException("event time must be in [0, " + (SimTime.NEVER - 1) + "], was " + time);
        }
        int slot = allocateSlot();
        long[] sd = slotData;
        int gen = (int) sd[2 * slot + 1];
        sd[2 * slot] = ((long) tag << 32) | (arg & SLOT_MASK);
        sd[2 * slot + 1] = ((long) handlers.acquire(handler) << 32) | (gen & SLOT_MASK);
        long key = (seq << 32) | slot; // a negative seq (scheduleFirst) sorts before every other
        if (rootConsumed) {
            rootConsumed = false;
            siftDown(0, time, key);
        } else {
            if (2 * heapSize == heap.length) heap = Arrays.copyOf(heap, heap.length << 1);
            siftUp(heapSize++, time, key);
        }
        return ((long) gen << 32) | slot;
    }

    /**
     * Cancels a pending event. Returns {@code true} if it was pending, {@code false} if the handle is
     * stale (the event already fired or was already cancelled); the latter changes nothing.
     */
    public boolean cancel(long handle) {
        int slot = (int) handle;
        int gen = (int) (handle >>> 32);
        if (slot < 0 || slot >= slotsUsed) return false;
        long meta = slotData[2 * slot + 1];
        if ((meta >>> 32) == 0 || (int) meta != gen) return false;
        handlers.release((int) (meta >>> 32));
        // Handler index 0 marks it cancelled and the new generation kills the handle; the slot is
        // recycled when its entry leaves the heap.
        slotData[2 * slot + 1] = (meta + 1) & SLOT_MASK;
        cancelledInHeap++;
        if (cancelledInHeap > COMPACT_MIN && cancelledInHeap > heapSize - cancelledInHeap) {
            settleRoot();
            compact();
        }
        return true;
    }

    /** The time of the earliest pending event, or {@link SimTime#NEVER} when none is pending. */
    public long peekTime() {
        dropCancelledHead();
        return heapSize == 0 ? SimTime.NEVER : heap[0];
    }

    /**
     * Removes the earliest pending event; its fields are then available through {@link #poppedTime()}
     * and friends until the next pop. Returns {@code false} when no event is pending.
     */
    public boolean pop() {
        dropCancelledHead();
        if (heapSize == 0) return false;
        poppedTime = heap[0];
        int slot = (int) heap[1];
        rootConsumed = true;
        long[] sd = slotData;
        long payload = sd[2 * slot];
        long meta = sd[2 * slot + 1];
        poppedArg = (int) payload;
        poppedTag = (int) (payload >>> 32);
        int h = (int) (meta >>> 32);
        poppedHandler = handlers.get(h);
        handlers.release(h);
        sd[2 * slot + 1] = (meta + 1) & SLOT_MASK; // free, next generation
        freeSlots[freeCount++] = slot;
        return true;
    }

    public long poppedTime() {
        return poppedTime;
    }

    public EventHandler poppedHandler() {
        return poppedHandler;
    }

    public int poppedTag() {
        return poppedTag;
    }

    public int poppedArg() {
        return poppedArg;
    }

    /** Removes every pending event. */
    public void clear() {
        settleRoot();
        for (int i = 0; i < heapSize; i++) {
            int slot = (int) heap[2 * i + 1];
            long meta = slotData[2 * slot + 1];
            if ((meta >>> 32) != 0) {
                handlers.release((int) (meta >>> 32));
                slotData[2 * slot + 1] = (meta + 1) & SLOT_MASK;
            }
            freeSlots[freeCount++] = slot;
        }
        heapSize = 0;
        cancelledInHeap = 0;
    }

    private boolean isCancelled(int slot) {
        return (slotData[2 * slot + 1] >>> 32) == 0;
    }

    private void settleRoot() {
        if (rootConsumed) {
            rootConsumed = false;
            removeRoot();
        }
    }

    private void dropCancelledHead() {
        settleRoot();
        while (heapSize > 0 && isCancelled((int) heap[1])) {
            int slot = (int) heap[1];
            removeRoot();
            cancelledInHeap--;
            freeSlots[freeCount++] = slot;
        }
    }

    private int allocateSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotsUsed == freeSlots.length) {
            int cap = freeSlots.length << 1;
            slotData = Arrays.copyOf(slotData, 2 * cap);
            freeSlots = Arrays.copyOf(freeSlots, cap);
        }
        return slotsUsed++;
    }

    /** Places the entry (time, key) at or above position {@code pos}, moving later ancestors down. */
    private void siftUp(int pos, long time, long key) {
        long[] h = heap;
        while (pos > 0) {
            int parent = (pos - 1) >>> 2;
            long pt = h[2 * parent];
            if (time > pt || (time == pt && key > h[2 * parent + 1])) break;
            h[2 * pos] = pt;
            h[2 * pos + 1] = h[2 * parent + 1];
            pos = parent;
        }
        h[2 * pos] = time;
        h[2 * pos + 1] = key;
    }

    /**
     * Removes the root. Bottom-up variant: the hole walks down along the smallest children to a leaf,
     * then the former last entry is sifted up from there. The last entry usually belongs near the
     * bottom, so this saves one comparison per level over the textbook sift-down.
     */
    private void removeRoot() {
        int n = --heapSize;
        if (n == 0) return;
        long[] h = heap;
        long lastTime = h[2 * n];
        long lastKey = h[2 * n + 1];
        int hole = 0;
        int c;
        while ((c = (hole << 2) + 1) < n) {
            int m = minChild(h, c, Math.min(c + 4, n));
            h[2 * hole] = h[2 * m];
            h[2 * hole + 1] = h[2 * m + 1];
            hole = m;
        }
        siftUp(hole, lastTime, lastKey);
    }

    /**
     * The smallest entry among positions [c, end). Compares times only, noting on the side whether
     * the running minimum was ever equalled; only then (rare) are the keys consulted. Keeping the
     * tie test out of the main comparison lets the JIT emit the fast loop.
     */
    private static int minChild(long[] h, int c, int end) {
        int m = c;
        boolean tie = false;
        for (int k = c + 1; k < end; k++) {
            tie |= h[2 * k] == h[2 * m];
            if (h[2 * k] < h[2 * m]) m = k;
        }
        if (tie) {
            m = c;
            for (int k = c + 1; k < end; k++) {
                if (h[2 * k] < h[2 * m] || (h[2 * k] == h[2 * m] && h[2 * k + 1] < h[2 * m + 1])) m = k;
            }
        }
        return m;
    }

    /** Drops every cancelled entry and rebuilds the heap (Floyd's heapify, O(n)). */
    private void compact() {
        long[] h = heap;
        int j = 0;
        for (int i = 0; i < heapSize; i++) {
            int slot = (int) h[2 * i + 1];
            if (isCancelled(slot)) {
                freeSlots[freeCount++] = slot;
            } else {
                h[2 * j] = h[2 * i];
                h[2 * j + 1] = h[2 * i + 1];
                j++;
            }
        }
        heapSize = j;
        cancelledInHeap = 0;
        for (int i = (heapSize - 2) >>> 2; heapSize > 1 && i >= 0; i--) siftDown(i, heap[2 * i], heap[2 * i + 1]);
    }

    /** Places the entry (time, key) at or below position {@code pos}, moving earlier children up. */
    private void siftDown(int pos, long time, long key) {
        long[] h = heap;
        int c;
        while ((c = (pos << 2) + 1) < heapSize) {
            int m = minChild(h, c, Math.min(c + 4, heapSize));
            long mt = h[2 * m];
            if (mt > time || (mt == time && h[2 * m + 1] > key)) break;
            h[2 * pos] = mt;
            h[2 * pos + 1] = h[2 * m + 1];
            pos = m;
        }
        h[2 * pos] = time;
        h[2 * pos + 1] = key;
    }

    /**
     * Gives the pending events fresh sequence numbers in their current order: ordinary ones 0..,
     * those of {@link #scheduleFirst} -2^31.. (so they still precede their instant's ordinary
     * events). Popping in order and writing back yields a sorted array, which is a valid heap.
     */
    private void renumber() {
        int n = heapSize - cancelledInHeap;
        long[] times = new long[n];
        long[] keys = new long[n];
        int j = 0;
        long ordinary = 0, first = Integer.MIN_VALUE;
        while (heapSize > 0) {
            long t = heap[0];
            long key = heap[1];
            int slot = (int) key;
            removeRoot();
            if (isCancelled(slot)) {
                freeSlots[freeCount++] = slot;
            } else {
                times[j] = t;
                keys[j++] = ((key < 0 ? first++ : ordinary++) << 32) | (slot & SLOT_MASK);
            }
        }
        cancelledInHeap = 0;
        for (int i = 0; i < j; i++) {
            heap[2 * i] = times[i];
            heap[2 * i + 1] = keys[i];
        }
        heapSize = j;
        nextSeq = ordinary;
        nextFirstSeq = first;
        if (nextSeq >= seqLimit || nextFirstSeq >= firstSeqLimit) throw new IllegalStateException("more pending events than sequence numbers");
    }
}

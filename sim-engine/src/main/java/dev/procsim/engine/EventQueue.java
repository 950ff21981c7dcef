package dev.procsim.engine;

import java.util.Arrays;

/**
 * The pending-event set: a calendar queue (Brown, CACM 1988) on primitive arrays, ordered by (time,
 * sequence number of scheduling), so events at the same instant come out in the order they were
 * scheduled.
 *
 * <p>How it works. Time is cut into days of {@code 2^shift} ns, and day {@code k} (time
 * {@code >>> shift}) goes to list {@code k mod nb}, like days to a calendar's pages. Each list is
 * kept sorted (a doubly linked list over event slots; new events are linked from the tail, where
 * they usually belong). The lists hold only events within a year (nb days) of the cursor, the
 * earliest listed event's day, so each list holds one day's events, and a bitmap of the non-empty
 * lists finds the next event with a word read per 64 days. The day is about half the average gap
 * between the earliest pending events and there are at least eight lists per event, so most
 * lists hold one event: schedule and pop take O(1) expected time where a heap takes O(log n). At
 * 1,000 pending events the difference is small; at a million it is the difference between a walk
 * down a cold 20-level heap and a few memory reads.
 *
 * <p>Small queues. While at most eight events are pending (a simulation of a few CPUs and tasks
 * usually has two to five) they are kept in a sorted ring instead, since the calendar's fixed
 * costs would dominate; the calendar takes them over when a ninth arrives and hands them back
 * when four or fewer are left.
 *
 * <p>Keeping it O(1) for any event mix. An event scheduled before the cursor or a year or more
 * past it goes to an overflow 4-ary heap, and a pop takes the earlier of the lists' first event
 * and the heap's top. So a far-future timer or an event in the past costs O(log n), never a scan
 * of the calendar, and a pop never scans more than a year of days (nb / 64 words). The number of
 * lists doubles when the events exceed an eighth of them and halves when they fall under a
 * twenty-fourth, re-estimating the day length from a sample of the earliest events each time.
 * The queue also counts its own work (bitmap words scanned per pop, list steps per insert, heap
 * operations); when that exceeds a few per operation over a stretch of at least as many
 * operations as there are events, it re-estimates the day length and rebuilds in O(n). One case
 * stays linear in its own size: many {@link #scheduleFirst} events at one instant are walked past
 * one by one (the kernel adds one per instant).
 *
 * <p>An event's slot: five longs in one array, {@code [time, seq, next << 32 | prev, tag << 32 |
 * arg, handler << 32 | generation]}, where {@code handler} indexes a small table of the distinct
 * handlers with pending events (see {@link HandlerTable}). Slots are recycled through a free list;
 * a steady-state run allocates nothing per event. Events added with {@link #scheduleFirst} take
 * negative sequence numbers, so they precede the ordinary events of their instant. Sequence
 * numbers are 31-bit; when they run out, the pending events are renumbered in their current order
 * (an O(n log n) pass once every two billion schedules), which preserves every tie order.
 *
 * <p>Cancellation is O(1): a listed event is unlinked; a heap entry is marked and dropped when it
 * reaches the top, or in an O(n) compaction once cancelled entries outnumber live ones. Handles: {@link #schedule} returns
 * {@code generation << 32 | slot}. A slot's generation is bumped when its event fires or is
 * cancelled, so a stale handle (the event already fired or was cancelled) is recognised and
 * {@link #cancel} returns {@code false}: cancelling a fired or cancelled event is a documented
 * no-op, never an error and never the cancellation of another event.
 */
public final class EventQueue {
    private static final long LOW = 0xFFFF_FFFFL;
    /** At least one word of the non-empty-list bitmap. */
    private static final int MIN_LISTS = 64;
    /** Day length before there is anything to estimate it from: 2^10 ns, about a microsecond. */
    private static final int INITIAL_SHIFT = 10;
    /** Earliest events sampled to estimate the day length. */
    private static final int SAMPLE = 32;
    /** Work per operation (days scanned, list steps, heap operations) above which the day length is re-estimated. */
    private static final int WORK_LIMIT = 4;
    private static final int MIN_CHECK = 4096;
    /**
     * Lists per pending event, at least (up to three times as many before they halve). With days
     * of half the average gap, most days are empty and most lists hold one event, so an insert
     * rarely walks a list, and the year (lists x day) spans about four times the range of the
     * pending events: few go to the overflow heap. Memory: 8 bytes per list.
     */
    private static final int LISTS_PER_EVENT = 8;
    /**
     * Most lists (128 MB of list heads): past about two million pending events the lists stop
     * doubling and days hold more events each (the work check re-estimates the day length).
     */
    private static final int MAX_LISTS = 1 << 24;
    /** Links word of a slot whose event is in the overflow heap. */
    private static final long IN_HEAP = -2L;
    /** Links word of a slot whose event is in the small queue. */
    private static final long IN_SMALL = -3L;
    /** Most events the small queue holds; the calendar takes over beyond, and hands back at half. */
    private static final int SMALL_MAX = 8;
    /** Lists of the calendar that takes over from the small ring: room for SMALL_MAX + 1 events. */
    private static final int LISTS_AFTER_SMALL = Integer.highestOneBit(LISTS_PER_EVENT * (SMALL_MAX + 1) - 1) << 1;

    // Slot s: sd[5s] time, sd[5s+1] seq, sd[5s+2] next << 32 | prev (as ints, -1 for none),
    // sd[5s+3] tag << 32 | arg, sd[5s+4] handlerIndex << 32 | generation (handlerIndex 0: free).
    private long[] sd;
    private int slotsUsed;
    private int[] freeSlots;
    private int freeCount;
    private final HandlerTable handlers = new HandlerTable();

    // List b: lists[2b] = first slot, lists[2b+1] = last slot, -1 when empty. Bit b of
    // nonEmpty (word b >>> 6) is set when list b has an event.
    private int[] lists;
    private long[] nonEmpty;
    private int nb;
    private int mask;
    /** Sizes beyond which the lists double, under which they halve. */
    private int growAbove;
    private int shrinkBelow;
    private int shift = INITIAL_SHIFT;
    /** The cursor: every event in the lists is on a day in [day, day + nb). */
    private long day;
    /** Events in the lists. */
    private int calSize;
    /** Pending events, in the lists and in the overflow heap. */
    private int size;

    // Overflow: events outside the lists' year when scheduled (before the cursor, or a year or more
    // after it), in a 4-ary min-heap of (time, seq << 32 | slot) pairs. Its entries are cancelled
    // lazily: a cancelled entry stays until it reaches the top or until they outnumber live ones.
    private final OverflowHeap heap = new OverflowHeap();
    /** Heap entries whose event was cancelled (still in the heap; their slots are freed as they leave it). */
    private int heapCancelled;
    /** Compaction's test: keeps live entries, frees the slots of cancelled ones (made once: no allocation per compaction). */
    private final java.util.function.LongPredicate keepLive = key -> {
        int s = (int) key;
        if ((sd[5 * s + 4] >>> 32) != 0) return true;
        freeCancelled(s);
        return false;
    };

    // Small queue: while at most SMALL_MAX events are pending (a simulation of a few CPUs and tasks
    // usually has two to five), they sit in a sorted ring instead of the calendar: an insert
    // compares with the latest ones (new events usually come last), a pop takes the ring's head.
    // The calendar's fixed costs (bitmap, list heads, day arithmetic) are then not paid at all.
    private final int[] small = new int[SMALL_MAX];
    private int smallHead;
    private int smallSize;
    private boolean smallMode = true;

    /** Scratch space of rebuilds, kept so a rebuild of the same size allocates nothing. */
    private int[] scratch = new int[16];
    private final long[] sample = new long[SAMPLE];

    /** Days scanned, list steps, heap operations and rebuilt entries since the start; {@code workMark} at the last check. */
    private long work;
    private long workMark;
    private long opsSinceCheck;
    private long checkEvery = MIN_CHECK;

    private long nextSeq;
    private final long seqLimit;
    private final int maxLists;
    /** Sequence numbers of {@link #scheduleFirst}: from -2^31 up, below every ordinary one. */
    private long nextFirstSeq = Integer.MIN_VALUE;
    private final long firstSeqLimit;

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
        this(initialCapacity, seqLimit, MAX_LISTS);
    }

    /** {@code maxLists} (a power of two, at least 128) exists so tests can reach the cap on lists. */
    EventQueue(int initialCapacity, long seqLimit, int maxLists) {
        this.maxLists = maxLists;
        int cap = Math.max(4, initialCapacity);
        sd = new long[5 * cap];
        freeSlots = new int[cap];
        this.seqLimit = seqLimit;
        this.firstSeqLimit = seqLimit == Integer.MAX_VALUE ? 0 : Integer.MIN_VALUE + seqLimit;
        setLists(MIN_LISTS);
    }

    /**
     * The queue's own work since it was made, for tests of its cost: days scanned by pops, steps
     * taken by inserts, overflow-heap operations (weighted), and events and lists handled by rebuilds.
     */
    long work() {
        return work;
    }

    /** Number of calendar lists now (for tests of the cap). */
    int lists() {
        return nb;
    }

    /** Number of pending (not cancelled) events. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds an event; returns its handle for {@link #cancel}. {@code time} must be in
     * {@code [0, SimTime.NEVER)}; the queue does not know the clock (see {@link Simulation}).
     */
    public long schedule(long time, EventHandler handler, int tag, int arg) {
        if (nextSeq >= seqLimit) renumber();
        return insert(time, handler, tag, arg, nextSeq++);
    }

    /**
     * Adds an event that fires before every event of its instant added with {@link #schedule}
     * (whenever those were added); among themselves such events keep the order they were added
     * in. For a source of events known before a run (a workload's arrivals) that is fed to the
     * queue one at a time but must keep the place it would have had if all were added up front.
     */
    public long scheduleFirst(long time, EventHandler handler, int tag, int arg) {
        if (nextFirstSeq >= firstSeqLimit) renumber();
        return insert(time, handler, tag, arg, nextFirstSeq++);
    }

    private long insert(long time, EventHandler handler, int tag, int arg, long seq) {
        if (handler == null) throw new NullPointerException("handler");
        if (time < 0 || time == SimTime.NEVER) {
            throw new IllegalArgumentException("event time must be in [0, " + (SimTime.NEVER - 1) + "], was " + time);
        }
        int slot = allocateSlot();
        long[] d = sd;
        int b = 5 * slot;
        int gen = (int) d[b + 4];
        d[b] = time;
        d[b + 1] = seq;
        d[b + 3] = ((long) tag << 32) | (arg & LOW);
        d[b + 4] = ((long) handlers.acquire(handler) << 32) | (gen & LOW);
        if (smallMode) {
            if (smallSize < SMALL_MAX) {
                smallInsert(slot, time, seq);
                size++;
                return ((long) gen << 32) | slot;
            }
            leaveSmall();
        }
        long eventDay = time >>> shift;
        if (calSize == 0) day = eventDay;
        if (eventDay - day >= 0 && eventDay - day < nb) {
            link(slot, time, seq);
        } else {
            heapPush(slot);
        }
        if (++size > growAbove) rebuild(2 * nb);
        else if (++opsSinceCheck >= checkEvery) checkWork();
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
        long meta = sd[5 * slot + 4];
        if ((meta >>> 32) == 0 || (int) meta != gen) return false;
        if (smallMode) {
            smallRemove(slot);
            release(slot, meta);
            size--;
            return true;
        }
        if (sd[5 * slot + 2] == IN_HEAP) {
            // The entry stays in the heap; the slot is freed when the entry leaves it.
            handlers.release((int) (meta >>> 32));
            sd[5 * slot + 4] = (meta + 1) & LOW;
            heapCancelled++;
            if (heapCancelled > 64 && heapCancelled > heap.size() - heapCancelled) compactHeap();
        } else {
            unlink(slot);
            release(slot, meta);
        }
        if (--size < shrinkBelow) rebuild(nb / 2);
        else if (size <= SMALL_MAX / 2) enterSmall();
        return true;
    }

    /** The time of the earliest pending event, or {@link SimTime#NEVER} when none is pending. */
    public long peekTime() {
        if (size == 0) return SimTime.NEVER;
        int s = first();
        return sd[5 * s];
    }

    /**
     * The slot of the earliest pending event (size > 0): the lists' first event or the heap's top,
     * whichever comes first. Moves the cursor to the lists' first event.
     */
    private int first() {
        if (smallMode) return small[smallHead];
        if (heap.size() > 0) {
            dropCancelledHeapTop();
            if (heap.size() > 0) {
                if (calSize == 0) return (int) heap.topKey();
                int s = findFirst();
                long ht = heap.topTime();
                long t = sd[5 * s];
                if (ht < t || (ht == t && (heap.topKey() >> 32) < sd[5 * s + 1])) return (int) heap.topKey();
                return s;
            }
        }
        return findFirst(); // the heap is empty, so the lists are not
    }

    /**
     * Removes the earliest pending event; its fields are then available through {@link #poppedTime()}
     * and friends until the next pop. Returns {@code false} when no event is pending.
     */
    public boolean pop() {
        if (size == 0) return false;
        int slot = first();
        long[] d = sd;
        int b = 5 * slot;
        if (smallMode) {
            smallHead = (smallHead + 1) & (SMALL_MAX - 1);
            smallSize--;
        } else if (d[b + 2] == IN_HEAP) {
            heap.removeTop();
        } else {
            // The first event of the cursor's list: unlinked from the front (unlink's general case
            // recomputes the list and tests for a predecessor; this is the hot path).
            int li = 2 * (int) (day & mask);
            int next = (int) (d[b + 2] >> 32);
            lists[li] = next;
            if (next < 0) {
                lists[li + 1] = -1;
                nonEmpty[li >>> 7] &= ~(1L << (li >>> 1));
            }
            else d[5 * next + 2] |= LOW; // its prev becomes -1
            calSize--;
        }
        poppedTime = d[b];
        long payload = d[b + 3];
        poppedArg = (int) payload;
        poppedTag = (int) (payload >>> 32);
        long meta = d[b + 4];
        poppedHandler = handlers.get((int) (meta >>> 32));
        release(slot, meta);
        if (--size < shrinkBelow) rebuild(nb / 2);
        else if (smallMode) return true;
        else if (size <= SMALL_MAX / 2) enterSmall();
        else if (++opsSinceCheck >= checkEvery) checkWork();
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
        int n = pendingSlots(); // also frees the slots of cancelled heap entries
        for (int i = 0; i < n; i++) release(scratch[i], sd[5 * scratch[i] + 4]);
        size = 0;
        calSize = 0;
        smallMode = true;
        setLists(MIN_LISTS);
    }

    /**
     * The slot of the lists' earliest event (calSize > 0), moving the cursor to its day. Every
     * listed event lies within a year of the cursor, so each list holds the events of one day of
     * that year, and the first non-empty list from the cursor's on (wrapping around) is the
     * earliest day; its first event is the earliest. The bitmap finds it 64 days per word read.
     */
    private int findFirst() {
        long[] bm = nonEmpty;
        int cur = (int) (day & mask);
        int w = cur >>> 6;
        long word = bm[w] & (-1L << cur); // days from the cursor's on, in its word
        if (word == 0) {
            // Wrapping back to the cursor's word reads its days before the cursor: the year's end.
            int wordMask = mask >>> 6; // the words in use: nb / 64, a power of two
            int scanned = 0;
            do {
                w = (w + 1) & wordMask;
                word = bm[w];
                scanned++;
            } while (word == 0);
            work += scanned;
        }
        int list = (w << 6) | Long.numberOfTrailingZeros(word);
        day += (list - cur) & mask;
        return lists[2 * list];
    }

    private boolean before(int a, int b) {
        long ta = sd[5 * a];
        long tb = sd[5 * b];
        return ta < tb || (ta == tb && sd[5 * a + 1] < sd[5 * b + 1]);
    }

    /**
     * Links slot s (whose time and seq are given, to spare the hot path a reload) into its day's
     * list in (time, seq) order, and counts it. Fast path: an empty list, or the event belongs at
     * the tail (the usual cases); otherwise {@link #linkBefore}.
     */
    private void link(int s, long time, long seq) {
        calSize++;
        long[] d = sd;
        int li = 2 * (int) ((time >>> shift) & mask);
        int last = lists[li + 1];
        if (last < 0) {
            nonEmpty[li >>> 7] |= 1L << (li >>> 1);
            lists[li] = s;
            lists[li + 1] = s;
            d[5 * s + 2] = -1L; // next = prev = -1
            return;
        }
        long lt = d[5 * last];
        if (time > lt || (time == lt && seq > d[5 * last + 1])) {
            d[5 * last + 2] = ((long) s << 32) | (d[5 * last + 2] & LOW);
            d[5 * s + 2] = (-1L << 32) | last;
            lists[li + 1] = s;
        } else {
            linkBefore(s, last, li);
        }
    }

    /**
     * Links s into list {@code li / 2}, somewhere before its last event {@code last}: at the front,
     * or found by walking in from both ends at once, so the cost is the distance to the nearer end
     * (a run of events sharing one instant is passed quickly from whichever side it is near).
     */
    private void linkBefore(int s, int last, int li) {
        long[] d = sd;
        int first = lists[li];
        if (before(s, first)) {
            d[5 * s + 2] = ((long) first << 32) | LOW; // next = first, prev = -1
            d[5 * first + 2] = (d[5 * first + 2] & ~LOW) | (s & LOW);
            lists[li] = s;
            work++;
            return;
        }
        // lo precedes s, s precedes hi; they close in until adjacent, s goes between them.
        int lo = first;
        int hi = last;
        int steps = 1;
        while (true) {
            int loNext = (int) (d[5 * lo + 2] >> 32);
            if (loNext == hi) break;
            if (before(s, loNext)) {
                hi = loNext;
                break;
            }
            lo = loNext;
            int hiPrev = (int) d[5 * hi + 2];
            if (hiPrev == lo) break;
            if (!before(s, hiPrev)) {
                lo = hiPrev;
                break;
            }
            hi = hiPrev;
            steps++;
        }
        work += steps;
        d[5 * s + 2] = ((long) hi << 32) | (lo & LOW);
        d[5 * lo + 2] = ((long) s << 32) | (d[5 * lo + 2] & LOW);
        d[5 * hi + 2] = (d[5 * hi + 2] & ~LOW) | (s & LOW);
    }

    private void unlink(int s) {
        calSize--;
        long[] d = sd;
        int list = (int) ((d[5 * s] >>> shift) & mask);
        long links = d[5 * s + 2];
        int next = (int) (links >> 32);
        int prev = (int) links;
        if (prev < 0 && next < 0) nonEmpty[list >>> 6] &= ~(1L << list);
        if (prev < 0) lists[2 * list] = next;
        else d[5 * prev + 2] = ((long) next << 32) | (d[5 * prev + 2] & LOW);
        if (next < 0) lists[2 * list + 1] = prev;
        else d[5 * next + 2] = (d[5 * next + 2] & ~LOW) | (prev & LOW);
    }

    /** Frees the slot: its handler reference is dropped and its generation moves on, killing handles. */
    private void release(int slot, long meta) {
        int h = (int) (meta >>> 32);
        if (h != 0) handlers.release(h);
        sd[5 * slot + 4] = (meta + 1) & LOW;
        freeSlots[freeCount++] = slot;
    }

    /** Frees the slot of a cancelled heap entry once the entry has left the heap. */
    private void freeCancelled(int s) {
        sd[5 * s + 2] = -1L;
        freeSlots[freeCount++] = s;
    }

    private int allocateSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (slotsUsed == freeSlots.length) {
            int cap = freeSlots.length << 1;
            sd = Arrays.copyOf(sd, 5 * cap);
            freeSlots = Arrays.copyOf(freeSlots, cap);
        }
        return slotsUsed++;
    }

    private void setLists(int count) {
        nb = count;
        mask = count - 1;
        growAbove = count >= maxLists ? Integer.MAX_VALUE : count / LISTS_PER_EVENT;
        shrinkBelow = count > MIN_LISTS ? count / (3 * LISTS_PER_EVENT) : -1;
        // Arrays up to 8 times larger than needed are reused (their first part), so a queue whose
        // size swings back and forth across a threshold does not allocate at each swing.
        if (lists == null || lists.length < 2 * count || lists.length > 16 * count) {
            lists = new int[2 * count];
            nonEmpty = new long[count >>> 6];
        }
        Arrays.fill(lists, 0, 2 * count, -1);
        Arrays.fill(nonEmpty, 0, count >>> 6, 0);
    }

    /** Re-estimates the day length when the work per operation has been high over a long enough stretch. */
    private void checkWork() {
        boolean costly = work - workMark > WORK_LIMIT * opsSinceCheck;
        opsSinceCheck = 0;
        if (costly) {
            int before = shift;
            rebuild(nb);
            // If the estimate did not change, rebuilding again soon would not help: back off.
            checkEvery = shift == before ? Math.min(checkEvery * 2, 1L << 30) : Math.max(MIN_CHECK, size);
        } else {
            workMark = work;
            checkEvery = Math.max(MIN_CHECK, size);
        }
    }

    /**
     * Redistributes the pending events over {@code count} lists with a freshly estimated day
     * length, the cursor on the earliest event's day; events a year or more past it go to the heap.
     */
    private void rebuild(int count) {
        int n = pendingSlots();
        rebuild(count, scratch, n);
    }

    /** Rebuild with the pending events' slots in {@code slots[0..n)}. */
    private void rebuild(int count, int[] slots, int n) {
        shift = DayLength.estimate(sd, slots, n, sample, shift);
        setLists(Math.max(MIN_LISTS, count));
        heap.clear();
        heapCancelled = 0;
        calSize = 0;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) first = Math.min(first, sd[5 * slots[i]]);
        day = n == 0 ? 0 : first >>> shift;
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            if ((sd[5 * s] >>> shift) - day < nb) {
                link(s, sd[5 * s], sd[5 * s + 1]);
            } else {
                heapPush(s);
            }
        }
        // A unit per event linked, and one per cache line of list heads reset (8 lists): a
        // sequential fill, far cheaper per list than a step through a list.
        work += n + nb / 8;
        workMark = work;
        opsSinceCheck = 0;
    }

    /**
     * Puts the slots of all pending events, lists and heap, into {@code scratch[0..size)} and returns
     * the count; slots of cancelled heap entries are freed and the heap is left empty.
     */
    private int pendingSlots() {
        if (scratch.length < size) scratch = new int[Math.max(size, 2 * scratch.length)];
        int[] slots = scratch;
        int k = 0;
        for (int i = 0; i < smallSize; i++) slots[k++] = small[(smallHead + i) & (SMALL_MAX - 1)];
        smallSize = 0;
        for (int l = 0; l < nb; l++) {
            for (int s = lists[2 * l]; s >= 0; s = (int) (sd[5 * s + 2] >> 32)) slots[k++] = s;
        }
        for (int i = 0; i < heap.size(); i++) {
            int s = (int) heap.keyAt(i);
            if ((sd[5 * s + 4] >>> 32) == 0) {
                freeCancelled(s);
            } else {
                slots[k++] = s;
            }
        }
        heap.clear();
        heapCancelled = 0;
        return k;
    }

    // ---------------------------------------------------------------- small queue

    /** Puts slot s (time and seq given) into the small ring in order, from the tail. */
    private void smallInsert(int s, long time, long seq) {
        long[] d = sd;
        int[] q = small;
        int m = SMALL_MAX - 1;
        int k = smallSize;
        while (k > 0) {
            int p = q[(smallHead + k - 1) & m];
            long pt = d[5 * p];
            if (pt < time || (pt == time && d[5 * p + 1] < seq)) break;
            q[(smallHead + k) & m] = p;
            k--;
        }
        work += smallSize - k;
        q[(smallHead + k) & m] = s;
        d[5 * s + 2] = IN_SMALL;
        smallSize++;
    }

    private void smallRemove(int s) {
        int m = SMALL_MAX - 1;
        int k = 0;
        while (small[(smallHead + k) & m] != s) k++;
        for (; k < smallSize - 1; k++) small[(smallHead + k) & m] = small[(smallHead + k + 1) & m];
        smallSize--;
    }

    /**
     * The small ring is full: its events go to the calendar, with a fresh day length and lists
     * for the SMALL_MAX + 1 events there will be once the caller adds its own (no second rebuild).
     */
    private void leaveSmall() {
        int n = pendingSlots();
        smallMode = false;
        rebuild(LISTS_AFTER_SMALL, scratch, n);
    }

    /** Few events left: back to the small ring, in order. */
    private void enterSmall() {
        int n = pendingSlots(); // also frees the slots of cancelled heap entries
        for (int i = 1; i < n; i++) { // insertion sort of at most SMALL_MAX / 2 slots
            int x = scratch[i];
            int j = i;
            while (j > 0 && before(x, scratch[j - 1])) {
                scratch[j] = scratch[j - 1];
                j--;
            }
            scratch[j] = x;
        }
        smallMode = true;
        smallHead = 0;
        for (int i = 0; i < n; i++) {
            small[smallSize++] = scratch[i];
            sd[5 * scratch[i] + 2] = IN_SMALL;
        }
        calSize = 0;
        setLists(MIN_LISTS);
        work += n + MIN_LISTS / 8;
    }

    // ---------------------------------------------------------------- overflow heap

    private void heapPush(int s) {
        sd[5 * s + 2] = IN_HEAP;
        heap.push(sd[5 * s], (sd[5 * s + 1] << 32) | s);
        work += WORK_LIMIT; // a heap operation is O(log n): the lists should take most events
    }

    private void dropCancelledHeapTop() {
        while (heapCancelled > 0 && heap.size() > 0) {
            int s = (int) heap.topKey();
            if ((sd[5 * s + 4] >>> 32) != 0) return;
            heap.removeTop();
            heapCancelled--;
            freeCancelled(s);
        }
    }

    /** Drops every cancelled entry and re-heapifies in O(n). */
    private void compactHeap() {
        heap.compact(keepLive);
        heapCancelled = 0;
    }


    /**
     * Gives the pending events fresh sequence numbers in their current order: ordinary ones 0..,
     * those of {@link #scheduleFirst} -2^31.. (so they still precede their instant's ordinary
     * events). Order is unchanged, so every list stays sorted.
     */
    private void renumber() {
        int n = pendingSlots();
        Integer[] slots = new Integer[n];
        for (int i = 0; i < n; i++) slots[i] = scratch[i];
        Arrays.sort(slots, (a, b) -> before(a, b) ? -1 : before(b, a) ? 1 : 0);
        long ordinary = 0, first = Integer.MIN_VALUE;
        for (int s : slots) sd[5 * s + 1] = sd[5 * s + 1] < 0 ? first++ : ordinary++;
        nextSeq = ordinary;
        nextFirstSeq = first;
        if (nextSeq >= seqLimit || nextFirstSeq >= firstSeqLimit) throw new IllegalStateException("more pending events than sequence numbers");
        // pendingSlots emptied the small queue and the heap: put everything back (heap keys carry
        // the new numbers).
        if (smallMode) {
            smallHead = 0;
            for (int i = 0; i < n; i++) small[smallSize++] = slots[i];
        } else {
            rebuild(nb, scratch, n);
        }
    }
}

package dev.procsim.memory;

import dev.procsim.engine.DoubleSampler;
import dev.procsim.kernel.Action;
import dev.procsim.kernel.MemoryModel;
import dev.procsim.kernel.Task;
import java.util.function.LongSupplier;

/**
 * The page-level memory model (design.md section 3): address spaces of 4 KiB pages over a frame
 * table with reference counts, fork strategies by name, and costs from a {@link CostProfile}.
 *
 * <p>Costs, all from the profile:
 * <ul>
 *   <li>fork (eager, cow): {@code fork_fixed + fork_pte_per_page * (resident - fork_fixed_pages)},
 *       since the measured {@code fork_fixed} already includes a 1 MiB parent's page tables; eager
 *       adds {@code eager_copy_per_page} per resident page.</li>
 *   <li>vfork clone: {@code vfork_round_trip - wait_reap}, so that vfork + child exit + wait adds up
 *       to the measured round trip (a vfork child's exit tears nothing down); flat in parent size.</li>
 *   <li>posix_spawn clone: {@code spawn_round_trip - exec_fixed - exit_fixed - wait_reap}, so that
 *       spawning a small program that exits at once, and waiting, adds up to the measured round
 *       trip.</li>
 *   <li>faults: {@code zero_fill_fault} (first touch), {@code cow_fault_copy},
 *       {@code write_fault_reuse}, charged to the faulting task.</li>
 *   <li>exec: {@code exec_fixed} plus the teardown of the old image; exit: {@code exit_fixed} plus
 *       the teardown; teardown is {@code teardown_per_page} per mapped page (resident private pages
 *       and text pages). A task that borrowed its parent's memory (vfork) tears nothing down.</li>
 *   <li>thread or clone(VM): {@code thread_round_trip} (create + exit + join, measured), charged
 *       at creation; the address space gains a user, nothing is copied, and only its last user's
 *       exit tears it down.</li>
 *   <li>pipes: {@code pipe_call} per pipe, read or write call, and {@code pipe_copy_per_page} per
 *       4 KiB copied, charged to the writer (copy in) and to the reader (copy out).</li>
 *   <li>a signal delivered to a handler: {@code signal_delivery}, charged to the task that runs it.</li>
 *   <li>a fork refused early: {@code fork_fail_early}; refused late: the full fork (already
 *       charged) plus the teardown of the copy.</li>
 * </ul>
 *
 * <p>First touch, read or write, of a private page is a zero-fill fault that gives it a frame.
 */
public final class PagedMemory implements MemoryModel {
    private final CostProfile costs;
    private final int textPages;
    private final FrameTable frames = new FrameTable();
    /** Reference counts of last-level page tables shared by on-demand forks (ids as frames). */
    private final FrameTable pageTables = new FrameTable();
    private final MemoryMetrics metrics = new MemoryMetrics();
    private final ForkStrategy.ForkResult scratch = new ForkStrategy.ForkResult();
    private LongSupplier clock = () -> 0;
    private boolean textLoaded;

    public PagedMemory(CostProfile costs) {
        this(costs, 0);
    }

    /** {@code textPages}: read-only text shared by every image (loaded once, never copied). */
    public PagedMemory(CostProfile costs, int textPages) {
        if (textPages < 0) throw new IllegalArgumentException("text pages must be >= 0");
        this.costs = costs;
        this.textPages = textPages;
    }

    public MemoryMetrics metrics() {
        return metrics;
    }

    public CostProfile costs() {
        return costs;
    }

    @Override
    public void attach(LongSupplier clock) {
        this.clock = clock;
    }

    private static AddressSpace mm(Task t) {
        return (AddressSpace) t.mm();
    }

    @Override
    public void newImage(Task t, long bytes) {
        if (!textLoaded) {
            for (int i = 0; i < textPages; i++) frames.allocate();
            textLoaded = true;
        }
        t.setMm(new AddressSpace(Sizes.pages(bytes), textPages));
        t.setMemoryBytes(bytes);
        recordFrames();
    }

    @Override
    public long forkEarlyFailureCost() {
        return costs.forkFailEarly();
    }

    @Override
    public long fork(Task parent, Task child, String strategy) {
        ForkStrategy s = ForkStrategies.get(strategy);
        scratch.child = null;
        long cost = s.fork(this, mm(parent), costs, metrics, scratch);
        child.setMm(scratch.child);
        child.setMemoryBytes(parent.memoryBytes());
        recordFrames();
        return cost;
    }

    @Override
    public long abortFork(Task parent, Task child) {
        long cost = release(child);
        recordFrames();
        return cost;
    }

    @Override
    public boolean suspendsParent(String strategy) {
        return ForkStrategies.get(strategy).suspendsParent();
    }

    @Override
    public boolean execsChild(String strategy) {
        return ForkStrategies.get(strategy).execsChild();
    }

    @Override
    public long spawn(Task parent, Task child) {
        AddressSpace a = mm(parent);
        a.users++;
        child.setMm(a);
        return spawnCloneCost();
    }

    /**
     * A thread or clone(VM) child: one more user of the parent's address space; nothing copied.
     * The cost is the measured create + exit + join round trip of a thread, charged at creation
     * (a thread's exit and join then cost nothing, as a vfork child's exit tears nothing down).
     */
    @Override
    public long cloneVm(Task parent, Task child) {
        AddressSpace a = mm(parent);
        a.users++;
        child.setMm(a);
        child.setMemoryBytes(parent.memoryBytes());
        return costs.threadRoundTrip();
    }

    @Override
    public long exec(Task t, long newBytes) {
        long cost = costs.execFixed() + release(t);
        t.setMm(new AddressSpace(Sizes.pages(newBytes), textPages));
        t.setMemoryBytes(newBytes);
        recordFrames();
        return cost;
    }

    @Override
    public long exit(Task t) {
        AddressSpace a = mm(t);
        if (a == null) return 0;
        boolean borrowed = a.users > 1;
        long teardown = release(t);
        recordFrames();
        return borrowed ? 0 : costs.exitFixed() + teardown;
    }

    @Override
    public long waitReapCost() {
        return costs.waitReap();
    }

    @Override
    public long signalDelivery() {
        return costs.signalDelivery();
    }

    @Override
    public long pipeCall() {
        return costs.pipeCall();
    }

    /** {@code pipe_copy_per_page} per 4 KiB, pro rata. */
    @Override
    public long pipeCopy(long bytes) {
        return bytes * costs.pipeCopyPerPage() / Sizes.PAGE_SIZE; // bytes <= 256 GiB and a cost of ns: no overflow
    }

    @Override
    public long touch(Task t, Action.Touch touch, DoubleSampler uniform) {
        AddressSpace a = mm(t);
        long n = a.pages;
        if (n == 0) return 0;
        long k = Math.min(touch.count().resolve(n), n);
        if (k == 0) return 0;
        long off = touch.offset().resolve(n) % n;
        long start = 0;
        long step;
        switch (touch.pattern()) {
            case SEQUENTIAL -> step = 1;
            case STRIDE -> step = touch.stride() % n == 0 ? 1 : touch.stride() % n;
            case RANDOM -> {
                start = (long) (uniform.sample() * n);
                step = coprimeStep(n, uniform.sample());
            }
            default -> throw new IllegalStateException();
        }
        long zeroFill0 = metrics.zeroFillFaults;
        long copies0 = metrics.cowFaultsCopy;
        long reuse0 = metrics.cowFaultsReuse;
        long tables0 = metrics.pageTableCopies;
        int[] pte = a.table();
        long pos = (off + start) % n;
        boolean write = touch.write();
        for (long i = 0; i < k; i++) {
            int p = (int) pos;
            if (write) writePage(a, pte, p);
            else if (pte[p] == 0) zeroFill(a, pte, p);
            pos += step;
            if (pos >= n) pos -= n;
        }
        long zf = metrics.zeroFillFaults - zeroFill0;
        long cc = metrics.cowFaultsCopy - copies0;
        long ru = metrics.cowFaultsReuse - reuse0;
        if (write && t.borrowsParentMemory()) metrics.vforkMisuseWrites += k; // threads share by design
        t.addPageFaults(zf + cc + ru);
        t.addPageCopies(cc);
        if (zf + cc > 0) recordFrames();
        return zf * costs.zeroFillFault() + cc * costs.cowFaultCopy() + ru * costs.writeFaultReuse()
                + (metrics.pageTableCopies - tables0) * tableCopyCost();
    }

    /** Copying one last-level page table: 512 entries at the fork cost per entry. */
    long tableCopyCost() {
        return (1L << AddressSpace.REGION_SHIFT) * costs.forkPtePerPage();
    }

    /** On-demand fork: the fixed part of a fork plus one entry per shared region (the levels above the tables). */
    long odfForkCost(int regions) {
        return costs.forkFixed() + (long) regions * costs.forkPtePerPage();
    }

    /**
     * Shares the parent's last-level page tables with the child: every region with a page in it.
     * Returns the number of regions shared.
     */
    int shareTables(AddressSpace parent, AddressSpace child) {
        if (parent.pte == null || parent.resident == 0) return 0;
        int regions = (parent.pages + (1 << AddressSpace.REGION_SHIFT) - 1) >>> AddressSpace.REGION_SHIFT;
        if (parent.tables == null) parent.tables = new int[regions];
        child.tables = new int[regions];
        int shared = 0;
        int[] pte = parent.pte;
        for (int r = 0; r < regions; r++) {
            int from = r << AddressSpace.REGION_SHIFT, to = Math.min(pte.length, from + (1 << AddressSpace.REGION_SHIFT));
            boolean any = false;
            for (int p = from; p < to && !any; p++) any = pte[p] != 0;
            if (!any) continue;
            if (parent.tables[r] == 0) parent.tables[r] = pageTables.allocate();
            pageTables.retain(parent.tables[r]);
            child.tables[r] = parent.tables[r];
            shared++;
        }
        return shared;
    }

    /** Before a page-table entry of page p changes: a region's table still shared is copied; one no longer shared is taken over. */
    private void ownTable(AddressSpace a, int p) {
        int r = p >>> AddressSpace.REGION_SHIFT;
        int id = a.tables[r];
        if (id == 0) return;
        if (pageTables.refCount(id) > 1) metrics.pageTableCopies++;
        pageTables.release(id);
        a.tables[r] = 0;
    }

    /** The write-fault path: a few array operations per page. */
    private void writePage(AddressSpace a, int[] pte, int p) {
        int e = pte[p];
        if (e <= 0 && a.tables != null) ownTable(a, p); // a fault writes the entry: the table must be this side's
        if (e == 0) {
            zeroFill(a, pte, p);
        } else if (e < 0) { // write-protected
            int f = e & AddressSpace.FRAME_MASK;
            if (frames.refCount(f) > 1) {
                frames.release(f);
                pte[p] = frames.allocate();
                metrics.cowFaultsCopy++;
            } else {
                pte[p] = f;
                metrics.cowFaultsReuse++;
            }
        }
    }

    private void zeroFill(AddressSpace a, int[] pte, int p) {
        if (a.tables != null) ownTable(a, p);
        pte[p] = frames.allocate();
        a.resident++;
        metrics.zeroFillFaults++;
    }

    /** A step in [1, n) coprime with n, so that n steps visit every page once. */
    static long coprimeStep(long n, double u) {
        if (n <= 2) return 1;
        long s = 1 + (long) (u * (n - 1));
        while (gcd(s, n) != 1) s = s % (n - 1) + 1;
        return s;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    // ------------------------------------------------------------ direct use (tools, benchmarks)

    /** An address space of {@code pages} private pages, every one already touched (resident). */
    public AddressSpace createResident(long pages) {
        AddressSpace a = new AddressSpace(pages, 0);
        frames.reserve(pages);
        int[] pte = a.table();
        for (int i = 0; i < pte.length; i++) pte[i] = frames.allocate();
        a.resident = pte.length;
        return a;
    }

    /** Forks an address space with the named strategy; returns the child's (the same one for vfork and spawn). */
    public AddressSpace forkSpace(AddressSpace parent, String strategy) {
        scratch.child = null;
        ForkStrategies.get(strategy).fork(this, parent, costs, metrics, scratch);
        return scratch.child;
    }

    /** One write to page {@code p}: the write-fault path. Returns its cost. */
    public long writePage(AddressSpace a, int p) {
        long copies = metrics.cowFaultsCopy;
        long reuse = metrics.cowFaultsReuse;
        long zf = metrics.zeroFillFaults;
        long tables = metrics.pageTableCopies;
        writePage(a, a.table(), p);
        return (metrics.cowFaultsCopy - copies) * costs.cowFaultCopy() + (metrics.cowFaultsReuse - reuse) * costs.writeFaultReuse()
                + (metrics.zeroFillFaults - zf) * costs.zeroFillFault() + (metrics.pageTableCopies - tables) * tableCopyCost();
    }

    /** Drops one user of an address space, tearing it down when it was the last. */
    public void releaseSpace(AddressSpace a) {
        if (--a.users > 0) return;
        if (a.tables != null) {
            for (int id : a.tables) if (id != 0) pageTables.release(id);
            a.tables = null;
        }
        if (a.pte != null) {
            for (int e : a.pte) {
                if (e != 0) frames.release(e & AddressSpace.FRAME_MASK);
            }
            a.pte = null;
        }
        a.resident = 0;
    }

    // ------------------------------------------------------------ used by the strategies

    long forkBaseCost(AddressSpace parent) {
        long cost = costs.forkFixed() + costs.forkPtePerPage() * (parent.resident - costs.forkFixedPages());
        return Math.max(0, cost);
    }

    long vforkCloneCost() {
        return Math.max(0, costs.vforkRoundTrip() - costs.waitReap());
    }

    long spawnCloneCost() {
        return Math.max(0, costs.spawnRoundTrip() - costs.execFixed() - costs.exitFixed() - costs.waitReap());
    }

    /** Eager copy: a new frame for every resident page of the parent. Returns the number copied. */
    int copyAll(AddressSpace parent, AddressSpace child) {
        if (parent.pte == null || parent.resident == 0) return 0;
        frames.reserve(parent.resident);
        int[] src = parent.pte;
        int[] dst = child.table();
        int copied = 0;
        for (int i = 0; i < src.length; i++) {
            if (src[i] != 0) {
                dst[i] = frames.allocate();
                copied++;
            }
        }
        child.resident = copied;
        return copied;
    }

    /** Copy-on-write: both sides map every resident frame, write-protected. One pass. */
    void shareAll(AddressSpace parent, AddressSpace child) {
        if (parent.pte == null || parent.resident == 0) return;
        int[] src = parent.pte;
        int[] dst = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            int e = src[i];
            if (e != 0) {
                e |= AddressSpace.WRITE_PROTECT;
                src[i] = e;
                dst[i] = e;
                frames.retain(e & AddressSpace.FRAME_MASK);
            }
        }
        child.pte = dst;
        child.resident = parent.resident;
    }

    /** Detaches the task from its address space; tears it down if it was the last user. Returns the teardown cost. */
    private long release(Task t) {
        AddressSpace a = mm(t);
        t.setMm(null);
        if (a == null) return 0;
        if (a.users > 1) {
            a.users--;
            return 0;
        }
        long mapped = a.resident + (long) a.textPages;
        releaseSpace(a);
        return mapped * costs.teardownPerPage();
    }

    private void recordFrames() {
        metrics.peakFrames = frames.peak();
        metrics.framesInUseBytes.record(clock.getAsLong(), frames.inUse() * Sizes.PAGE_SIZE);
    }
}

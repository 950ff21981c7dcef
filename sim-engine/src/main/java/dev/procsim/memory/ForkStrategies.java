package dev.procsim.memory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of fork strategies by name. Adding one: a class and a line here. */
public final class ForkStrategies {
    private static final Map<String, ForkStrategy> BY_NAME = new LinkedHashMap<>();

    static {
        register(new EagerCopy());
        register(new CopyOnWrite());
        register(new OnDemandFork());
        register(new VforkShare());
        register(new PosixSpawn());
    }

    private ForkStrategies() {}

    private static void register(ForkStrategy s) {
        BY_NAME.put(s.name(), s);
    }

    public static ForkStrategy get(String name) {
        ForkStrategy s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown fork strategy '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        }
        return s;
    }

    public static Map<String, ForkStrategy> all() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    private static final CopyOnWrite COW = new CopyOnWrite();

    /** Eager copy: every resident private page is copied at fork; no faults later. */
    static final class EagerCopy implements ForkStrategy {
        public String name() { return "eager"; }

        public String description() {
            return "copy every resident private page at fork (page copies = resident pages); no later faults";
        }

        public long fork(PagedMemory m, AddressSpace parent, CostProfile c, MemoryMetrics metrics, ForkResult out) {
            AddressSpace child = new AddressSpace(parent.pages, parent.textPages);
            int copied = m.copyAll(parent, child);
            metrics.pageCopiesEager += copied;
            out.child = child;
            return m.forkBaseCost(parent) + copied * c.eagerCopyPerPage();
        }
    }

    /**
     * Copy-on-write: page tables are copied, every resident page is shared and write-protected on
     * both sides; the first write to a still-shared page copies it, in the writer; a write to a
     * write-protected page no longer shared reuses it.
     */
    static final class CopyOnWrite implements ForkStrategy {
        public String name() { return "cow"; }

        public String description() {
            return "share every page read-only; the first write to a shared page copies it once, in the writer; "
                    + "a write to a page no longer shared reuses it";
        }

        public long fork(PagedMemory m, AddressSpace parent, CostProfile c, MemoryMetrics metrics, ForkResult out) {
            AddressSpace child = new AddressSpace(parent.pages, parent.textPages);
            m.shareAll(parent, child);
            out.child = child;
            return m.forkBaseCost(parent);
        }
    }

    /**
     * On-demand fork (Zhao, Gong and Fonseca, EuroSys 2021): as copy-on-write, but the last-level
     * page tables are shared too, one per 2 MiB region with pages in it; fork copies only the
     * entries that point to them. The first write (or fault) in a region whose table is still
     * shared copies that table (512 entries) in the faulting side, then the page as under COW; a
     * table no longer shared is taken over without a copy.
     */
    static final class OnDemandFork implements ForkStrategy {
        public String name() { return "odf"; }

        public String description() {
            return "on-demand fork: share pages and their last-level page tables; the first write to a 2 MiB region copies its "
                    + "table (512 entries), then the page as under cow";
        }

        public long fork(PagedMemory m, AddressSpace parent, CostProfile c, MemoryMetrics metrics, ForkResult out) {
            COW.fork(m, parent, c, metrics, out); // its cost is replaced: the tables are shared, not copied
            return m.odfForkCost(m.shareTables(parent, out.child));
        }
    }

    /** vfork: the child borrows the parent's address space; the parent waits until it execs or exits. */
    static final class VforkShare implements ForkStrategy {
        public String name() { return "vfork"; }

        public String description() {
            return "the child shares the parent's address space (its writes land there, counted as misuse); "
                    + "the parent is suspended until the child execs or exits";
        }

        public long fork(PagedMemory m, AddressSpace parent, CostProfile c, MemoryMetrics metrics, ForkResult out) {
            parent.users++;
            out.child = parent;
            return m.vforkCloneCost();
        }

        public boolean suspendsParent() { return true; }
    }

    /** posix_spawn: a vfork-style clone whose child execs at once. */
    static final class PosixSpawn implements ForkStrategy {
        public String name() { return "spawn"; }

        public String description() {
            return "posix_spawn: a vfork-style clone followed by exec of the program; the parent waits until the exec";
        }

        public long fork(PagedMemory m, AddressSpace parent, CostProfile c, MemoryMetrics metrics, ForkResult out) {
            parent.users++;
            out.child = parent;
            return m.spawnCloneCost();
        }

        public boolean suspendsParent() { return true; }

        public boolean execsChild() { return true; }
    }
}

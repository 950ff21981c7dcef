package dev.procsim.memory;

/**
 * A task's memory: {@code pages} private anonymous pages and {@code textPages} shared read-only
 * text pages. The page table is an {@code int} per private page: 0 for a page never touched
 * (its first touch is a zero-fill fault), otherwise the frame id, with {@link #WRITE_PROTECT} set
 * when a write must fault (after a copy-on-write fork). It is allocated on the first touch, so an
 * untouched address space costs no table. Text is never copied and never faults; it is counted in
 * the teardown. {@code users} counts tasks sharing this address space (a vfork child borrows its
 * parent's).
 */
public final class AddressSpace {
    static final int WRITE_PROTECT = 1 << 31;
    static final int FRAME_MASK = ~WRITE_PROTECT;

    final int pages;
    final int textPages;
    int[] pte;
    int resident;
    int users = 1;
    /** Pages per last-level page table (a 2 MiB region of 4 KiB pages). */
    static final int REGION_SHIFT = 9;
    /**
     * On-demand fork: per 2 MiB region, the id of a page table shared with other address spaces
     * (in the model's table of page-table reference counts), 0 for a table of its own; null when
     * it shares none.
     */
    int[] tables;

    AddressSpace(long pages, int textPages) {
        if (pages > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("address space too large: " + pages + " pages");
        this.pages = (int) pages;
        this.textPages = textPages;
    }

    int[] table() {
        if (pte == null) pte = new int[pages];
        return pte;
    }

    /** Private pages in this address space. */
    public int pages() {
        return pages;
    }

    /** Private pages that have a frame. */
    public int resident() {
        return resident;
    }

    public int textPages() {
        return textPages;
    }
}

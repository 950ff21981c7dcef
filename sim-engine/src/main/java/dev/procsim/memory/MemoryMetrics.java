package dev.procsim.memory;

import dev.procsim.metrics.StepSeries;

/** Page-level counts of one run (design.md section 6, the memory part). */
public final class MemoryMetrics {
    long pageCopiesEager;
    long cowFaultsCopy;
    long cowFaultsReuse;
    long zeroFillFaults;
    long vforkMisuseWrites;
    long pageTableCopies;
    long peakFrames;
    final StepSeries framesInUseBytes = new StepSeries("frames_in_use_bytes");

    /** Pages copied at fork by the eager strategy. */
    public long pageCopiesEager() { return pageCopiesEager; }
    /** Pages copied by copy-on-write faults. */
    public long pageCopiesCow() { return cowFaultsCopy; }
    /** All page copies, by either cause. */
    public long pageCopies() { return pageCopiesEager + cowFaultsCopy; }
    /** Write faults on a shared page that copied it. */
    public long cowFaultsCopy() { return cowFaultsCopy; }
    /** Write faults on a write-protected page no longer shared: reused, no copy. */
    public long cowFaultsReuse() { return cowFaultsReuse; }
    /** First touches of fresh anonymous pages. */
    public long zeroFillFaults() { return zeroFillFaults; }
    /** Pages written by a vfork child into its parent's memory. */
    public long vforkMisuseWrites() { return vforkMisuseWrites; }
    /** Last-level page tables (512 entries, a 2 MiB region) copied on the first write after an on-demand fork. */
    public long pageTableCopies() { return pageTableCopies; }
    /** Most frames in use at once, in bytes. */
    public long framesPeakBytes() { return peakFrames * Sizes.PAGE_SIZE; }
    /** Frames in use over time, in bytes (change points). */
    public StepSeries framesInUseBytes() { return framesInUseBytes; }
}

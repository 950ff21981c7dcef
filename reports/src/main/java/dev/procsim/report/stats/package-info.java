/** Statistics over replications: means with confidence intervals (Stats), per-combination aggregates (Aggregate), paired comparisons against a baseline (Paired); for steady-state output, the warm-up to cut (Mser), batch-means intervals from one long run (BatchMeans), and whether replications reach a relative precision (SequentialStopping). */
package dev.procsim.report.stats;

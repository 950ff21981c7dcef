/** Statistics over replications: means with confidence intervals (Stats), per-combination aggregates (Aggregate), paired comparisons against a baseline (Paired). */
package dev.procsim.report.stats;

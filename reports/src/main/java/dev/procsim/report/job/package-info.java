/** The end-to-end job: run -> stats -> files and charts -> report (ExperimentJob), its engines (RunEngine: local threads or Spark), and the merge of shards (ShardMerge). */
package dev.procsim.report.job;

/** Running simulations: an experiment's runs on a thread pool (ExperimentRunner), one run's summary (RunSummary), progress, the memory watch, and the single-run textbook and real-time commands (TextbookRun). */
package dev.procsim.report.run;

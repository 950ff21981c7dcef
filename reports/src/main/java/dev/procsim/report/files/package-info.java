/** Result files: CSV, JSON and trace files (ResultWriter, TraceExport, TextOut), written atomically into an output folder procsim owns (AtomicOutput, AtomicFile). */
package dev.procsim.report.files;

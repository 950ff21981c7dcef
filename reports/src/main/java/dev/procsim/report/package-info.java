/** The report: report.html and report.md (tables, findings, charts, the interactive Gantt chart), built from the statistics, files and charts below. */
package dev.procsim.report;

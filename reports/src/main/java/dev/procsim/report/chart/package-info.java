/** Charts: which charts an experiment gets and their data (Charts, ChartSpec), drawn with XChart (ChartKinds) and written as PNG, SVG and PDF (ChartRenderer and the writers). */
package dev.procsim.report.chart;

package dev.procsim.cli;

import java.io.PrintWriter;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, two spaces apart. */
final class TextTable {
    private TextTable() {}

    static void print(List<List<String>> rows, PrintWriter out) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = r.get(i);
                if (i == 0) b.append(c).append(" ".repeat(width[0] - c.length()));
                else b.append("  ").append(" ".repeat(width[i] - c.length())).append(c);
            }
            out.println(b.toString().stripTrailing());
        }
    }
}

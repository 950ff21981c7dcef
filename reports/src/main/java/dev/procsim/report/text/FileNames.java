package dev.procsim.report.text;

import dev.procsim.workload.Experiment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The file-name form of each combination of an experiment, shared by trace files and Gantt charts. */
public final class FileNames {
    private FileNames() {}

    /** File names for each combination: its label made safe for a file name, unique within the experiment. */
    public static Map<Integer, String> names(Experiment x) {
        Map<Integer, String> out = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (Experiment.Point p : x.points()) {
            String s = slug(x.shortLabel(p));
            int n = used.merge(s, 1, Integer::sum);
            out.put(p.index(), n == 1 ? s : s + "-" + n);
        }
        return out;
    }

    /** Lower case letters, digits, '.', '=' kept; every other run of characters becomes one '-'. */
    public static String slug(String label) {
        StringBuilder b = new StringBuilder();
        for (char c : label.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '=';
            if (keep) b.append(c);
            else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') b.append('-');
        }
        while (b.length() > 0 && b.charAt(b.length() - 1) == '-') b.setLength(b.length() - 1);
        return b.length() == 0 ? "run" : b.toString();
    }
}

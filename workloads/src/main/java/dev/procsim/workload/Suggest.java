package dev.procsim.workload;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt names: the nearest candidate by edit distance, if it is near enough. */
public final class Suggest {
    private Suggest() {}

    /** The candidate nearest to {@code word}, or null when none is within a third of its length (at least 2 edits). */
    public static String nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int limit = Math.max(2, word.length() / 3);
        return bestDistance <= limit ? best : null;
    }

    /** " (did you mean 'x'?)" or "". */
    public static String hint(String word, Collection<String> candidates) {
        String n = nearest(word, candidates);
        return n == null ? "" : " (did you mean '" + n + "'?)";
    }

    /** Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours counts once. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

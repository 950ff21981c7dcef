package dev.procsim.engine;

/** The calendar queue's day length, estimated from the earliest pending events (see {@link EventQueue}). */
final class DayLength {
    private DayLength() {}

    /**
     * Day length as a power of two: half the average gap between the earliest pending events,
     * zero gaps between coinciding events included, gaps over twice the average left out as
     * outliers; from the whole span when the earliest events all coincide; unchanged when every
     * pending event does. (Brown's rule was three gaps; with a bitmap over the lists empty days
     * cost almost nothing, and shorter days keep most lists to one event.)
     * {@code sd}: the queue's slot data (time at {@code 5 * slot}); {@code sample}: scratch of the
     * sample size; {@code shift}: the current day length, returned when there is nothing to go by.
     */
    static int estimate(long[] sd, int[] slots, int n, long[] sample, int shift) {
        if (n < 2) return shift;
        // The earliest sample.length times, by a bounded insertion sort (n log SAMPLE at worst on typical input).
        int m = Math.min(sample.length, n);
        long[] t = sample;
        int have = 0;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int j = 0; j < n; j++) {
            long x = sd[5 * slots[j]];
            min = Math.min(min, x);
            max = Math.max(max, x);
            if (have < m) {
                int i = have++;
                while (i > 0 && t[i - 1] > x) { t[i] = t[i - 1]; i--; }
                t[i] = x;
            } else if (x < t[m - 1]) {
                int i = m - 1;
                while (i > 0 && t[i - 1] > x) { t[i] = t[i - 1]; i--; }
                t[i] = x;
            }
        }
        double avg = (double) (t[m - 1] - t[0]) / (m - 1);
        double sum = 0;
        int count = 0;
        for (int i = 1; i < m; i++) {
            long gap = t[i] - t[i - 1];
            if (gap <= 2 * avg) {
                sum += gap;
                count++;
            }
        }
        // Coinciding events (ties) count: what matters is how many events a day holds. If dropping
        // the large gaps left only zeros, the plain average stands.
        double gap = sum > 0 ? sum / count : avg;
        if (gap == 0) gap = (double) (max - min) / n;
        if (gap == 0) return shift;
        long width = Math.max(1, Math.min(Math.round(gap / 2), 1L << 62));
        int sh = 63 - Long.numberOfLeadingZeros(width); // floor(log2), then to the nearer power
        if (sh < 62 && width - (1L << sh) > (1L << sh) / 2) sh++;
        return sh;
    }
}

package dev.procsim.kernel;

import java.util.Arrays;

/**
 * A set of CPUs (a {@code cpumask}): where a task may run ({@code sched_setaffinity}, a process's
 * {@code cpus:}). Immutable; written as Linux's cpu lists are ({@code 0-3,8}).
 */
public final class CpuSet {
    private final long[] bits;
    private final int count;

    private CpuSet(long[] bits) {
        this.bits = bits;
        int c = 0;
        for (long b : bits) c += Long.bitCount(b);
        this.count = c;
    }

    /** The CPUs given (each in [0, 4095]). */
    public static CpuSet of(int... cpus) {
        if (cpus.length == 0) throw new IllegalArgumentException("a CPU set needs at least one CPU");
        long[] b = new long[64];
        for (int c : cpus) {
            if (c < 0 || c >= 4096) throw new IllegalArgumentException("CPU numbers are in [0, 4095], was " + c);
            b[c >>> 6] |= 1L << c;
        }
        int n = b.length;
        while (n > 1 && b[n - 1] == 0) n--;
        return new CpuSet(Arrays.copyOf(b, n));
    }

    /** A Linux cpu list: {@code 0-3,8,10-11}. */
    public static CpuSet parse(String list) {
        java.util.List<Integer> cpus = new java.util.ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) throw new IllegalArgumentException("expected a CPU list such as 0-3,8, found '" + list + "'");
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    cpus.add(Integer.parseInt(p));
                } else {
                    int lo = Integer.parseInt(p.substring(0, dash).strip()), hi = Integer.parseInt(p.substring(dash + 1).strip());
                    if (hi < lo || hi >= 4096 || lo < 0) throw new IllegalArgumentException("bad CPU range '" + p + "' (expected lo-hi, 0 <= lo <= hi <= 4095)");
                    for (int c = lo; c <= hi; c++) cpus.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a CPU list such as 0-3,8, found '" + list + "'");
            }
        }
        return of(cpus.stream().mapToInt(Integer::intValue).toArray());
    }

    public boolean contains(int cpu) {
        int w = cpu >>> 6;
        return w < bits.length && (bits[w] & 1L << cpu) != 0;
    }

    /** The number of CPUs in the set. */
    public int size() {
        return count;
    }

    /** The highest CPU in the set. */
    public int last() {
        for (int w = bits.length - 1; w >= 0; w--) if (bits[w] != 0) return w * 64 + 63 - Long.numberOfLeadingZeros(bits[w]);
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet s && Arrays.equals(bits, s.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    /** As a Linux cpu list ({@code 0-3,8}). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        int last = last();
        for (int c = 0; c <= last; c++) {
            if (!contains(c)) continue;
            int e = c;
            while (e + 1 <= last && contains(e + 1)) e++;
            if (b.length() > 0) b.append(',');
            b.append(c);
            if (e > c) b.append('-').append(e);
            c = e;
        }
        return b.toString();
    }
}

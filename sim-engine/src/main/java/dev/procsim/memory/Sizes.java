package dev.procsim.memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Memory sizes written by users: a number with a unit ({@code B}, {@code KiB}, {@code MiB},
 * {@code GiB}, {@code TiB}) or a page count ({@code 1000 pages}). Binary units only: {@code MB}
 * is rejected with a hint, since 4 KiB pages make decimal megabytes ambiguous.
 */
public final class Sizes {
    public static final int PAGE_SIZE = 4096;
    private static final long KIB = 1024L;

    private Sizes() {}

    /** Parses a size to bytes (exact; a fraction of a byte is rounded up). */
    public static long parseBytes(String text) {
        if (text == null) throw new IllegalArgumentException("expected a size like 64MiB or 1000 pages, found nothing");
        String s = text.strip();
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        String number = s.substring(0, i);
        String unit = s.substring(i).strip();
        if (number.isEmpty()) throw new IllegalArgumentException("expected a size like 64MiB or 1000 pages, found '" + text + "'");
        if (dev.procsim.engine.SimTime.isNegative(number)) throw new IllegalArgumentException(negative(text));
        if (unit.isEmpty()) throw new IllegalArgumentException("size '" + text + "' has no unit; expected B, KiB, MiB, GiB, TiB or pages");
        long scale;
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "b": scale = 1; break;
            case "kib": scale = KIB; break;
            case "mib": scale = KIB * KIB; break;
            case "gib": scale = KIB * KIB * KIB; break;
            case "tib": scale = KIB * KIB * KIB * KIB; break;
            case "page": case "pages": scale = PAGE_SIZE; break;
            case "kb": case "mb": case "gb": case "tb":
                throw new IllegalArgumentException("size unit '" + unit + "' in '" + text + "' is decimal; use binary units: "
                        + unit.charAt(0) + "iB (" + unit.toUpperCase(Locale.ROOT).charAt(0) + "iB = 1024-based)");
            default:
                throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text + "'; expected B, KiB, MiB, GiB, TiB or pages");
        }
        BigDecimal v;
        try {
            v = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number with a unit");
        }
        if (v.signum() < 0) throw new IllegalArgumentException(negative(text));
        if (v.precision() - v.scale() > 20) throw new IllegalArgumentException("size '" + text + "' is too large");
        BigDecimal bytes = v.multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.CEILING);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) throw new IllegalArgumentException("size '" + text + "' is too large");
        return bytes.longValueExact();
    }

    private static String negative(String text) {
        return "a size must not be negative, found '" + text + "'; expected 0 or more, like 64MiB or 1000 pages";
    }

    /** Pages needed to hold {@code bytes} (rounded up). */
    public static long pages(long bytes) {
        return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    /** A short form: the largest binary unit that keeps it exact. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + units[u];
    }
}

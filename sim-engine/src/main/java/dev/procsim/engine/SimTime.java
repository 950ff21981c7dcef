package dev.procsim.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Simulated time: a {@code long} count of nanoseconds from 0, and the parser for durations users
 * write with a unit ({@code 250us}, {@code 10ms}, {@code 1.5s}, {@code 2min}).
 *
 * <p>Parsing is exact: the number is read as a decimal and scaled by the unit without going
 * through {@code double}. A value finer than a nanosecond is rounded to the nearest one (half up),
 * as design.md section 1 says for fractional task-list values.
 *
 * <p>Stable API for plug-ins: the unit constants, {@link #NEVER}, {@link #parse} and {@link #format}.
 */
public final class SimTime {
    public static final long NS = 1L;
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;
    public static final long MIN = 60L * S;

    /** The time that never comes: used for "no horizon" and "no pending event". */
    public static final long NEVER = Long.MAX_VALUE;

    private SimTime() {}

    /** The largest duration accepted: one below {@link #NEVER}, about 292 years. */
    public static final long MAX = NEVER - 1;

    private static final String LIKE = "expected a duration like 250us, 10ms or 2s";

    /**
     * Parses a non-negative duration with a unit; throws {@link IllegalArgumentException} with a
     * message that says what was wrong and what is accepted otherwise.
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected a duration with a unit (ns, us, ms, s, min), found nothing");
        }
        String s = text.strip();
        // NaN and infinity (as Java and YAML write them), alone or with a unit: said in words
        String lower = (s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s).toLowerCase(Locale.ROOT);
        String word = lower.startsWith(".") ? lower.substring(1) : lower;
        for (String w : new String[] {"nan", "infinity", "inf"}) {
            String u = word.startsWith(w) ? word.substring(w.length()).strip() : null;
            if (u == null || !u.isEmpty() && unitNanos(u) < 0) continue;
            throw new IllegalArgumentException(LIKE + ", found '" + text + "': " + (w.equals("nan") ? "not a number"
                    : "a duration must be finite; the largest accepted is " + largest(u.isEmpty() ? NS : unitNanos(u)) + " (about 292 years)"));
        }
        int split = 0;
        while (split < s.length()) {
            char c = s.charAt(split);
            if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' && split > 0 && isExpPosition(s, split)) {
                split++;
            } else {
                break;
            }
        }
        String number = s.substring(0, split).strip();
        String unit = s.substring(split).strip().toLowerCase(Locale.ROOT);
        if (number.isEmpty()) {
            throw new IllegalArgumentException(LIKE + ", found '" + text + "'");
        }
        if (isNegative(number)) {
            throw new IllegalArgumentException(negative(text));
        }
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("duration '" + text + "' has no unit; expected one of ns, us, ms, s, min");
        }
        long scale = unitNanos(unit);
        if (scale < 0) {
            throw new IllegalArgumentException("unknown time unit '" + s.substring(split).strip() + "' in '" + text
                    + "'; expected one of ns, us, ms, s, min");
        }
        return toNanos(number, scale, text);
    }

    /** A number written with a minus sign that is below zero ("-0" is not); false for anything that is not a number. */
    public static boolean isNegative(String number) {
        if (!number.startsWith("-")) return false;
        try {
            return new BigDecimal(number).signum() < 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String negative(String what) {
        return "a duration must not be negative, found '" + what + "'; expected 0 or more, like 250us, 10ms or 2s";
    }

    private static boolean isExpPosition(String s, int i) {
        // 'e' is part of the number only in forms like 1e3ms, where a digit follows (optionally signed).
        int j = i + 1;
        if (j < s.length() && (s.charAt(j) == '-' || s.charAt(j) == '+')) j++;
        return j < s.length() && Character.isDigit(s.charAt(j)) && Character.isDigit(s.charAt(i - 1));
    }

    /** Nanoseconds per unit, or -1 for an unknown unit. */
    public static long unitNanos(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns": return NS;
            case "us": case "\u00b5s": case "\u03bcs": return US;
            case "ms": return MS;
            case "s": return S;
            case "min": return MIN;
            default: return -1;
        }
    }

    /** The usual name of a unit given in nanoseconds ({@code ms} for 1,000,000); nanoseconds for anything else. */
    public static String unitName(long unitNanos) {
        if (unitNanos == US) return "us";
        if (unitNanos == MS) return "ms";
        if (unitNanos == S) return "s";
        if (unitNanos == MIN) return "min";
        return "ns";
    }

    /**
     * The largest duration accepted ({@link #MAX}) written in the given unit, exactly or rounded down
     * to the nanosecond: {@code 9223372036854.775806ms}, {@code 9223372036.854775806s}.
     */
    public static String largest(long unitNanos) {
        return largestNumber(unitNanos) + unitName(unitNanos);
    }

    /** {@link #largest} without the unit: {@code 9223372036854.775806} for milliseconds. */
    public static String largestNumber(long unitNanos) {
        return BigDecimal.valueOf(MAX).divide(BigDecimal.valueOf(unitNanos), 9, RoundingMode.FLOOR).stripTrailingZeros().toPlainString();
    }

    /**
     * Converts a decimal number in the given unit to nanoseconds, exactly where possible and rounded
     * to the nearest nanosecond otherwise. {@code what} names the input in error messages.
     */
    public static long toNanos(String number, long unitNanos, String what) {
        BigDecimal value;
        try {
            value = new BigDecimal(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(LIKE + ", found '" + what + "': '" + number.strip() + "' is not a number");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(negative(what));
        }
        boolean huge = value.signum() > 0 && (value.scale() < -30 || value.precision() - value.scale() > 40);
        BigDecimal nanos = huge ? null : value.multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.HALF_UP);
        if (huge || nanos.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw new IllegalArgumentException("duration '" + what + "' is too large; the largest accepted is " + largest(unitNanos)
                    + " (about 292 years)");
        }
        return nanos.longValueExact();
    }

    /** A short human-readable form in the largest unit that keeps it exact, e.g. {@code 1500us} or {@code 2s}. */
    public static String format(long nanos) {
        if (nanos == NEVER) return "never";
        if (nanos == 0) return "0";
        long abs = Math.abs(nanos);
        if (abs % MIN == 0) return nanos / MIN + "min";
        if (abs % S == 0) return nanos / S + "s";
        if (abs % MS == 0) return nanos / MS + "ms";
        if (abs % US == 0) return nanos / US + "us";
        return nanos + "ns";
    }
}

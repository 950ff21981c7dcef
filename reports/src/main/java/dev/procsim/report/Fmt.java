package dev.procsim.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting shared by every output, so files are byte-identical for identical results. */
public final class Fmt {
    private Fmt() {}

    /** Integers as integers; others with at most 4 decimals; NaN and infinities as empty text. */
    public static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 9.0e15) return Long.toString((long) v);
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break. */
    public static String csv(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}

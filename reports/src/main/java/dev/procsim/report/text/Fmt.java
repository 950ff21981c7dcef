package dev.procsim.report.text;

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

    /**
     * For people: 3 significant digits ({@code 0.826}, {@code 49.3}), whole numbers below a
     * million with thousands separators ({@code 3,200}), millions and billions as {@code 1.23 M}, {@code 4.5 G},
     * below a thousandth with an exponent ({@code 3.13e-6}). Locale-independent.
     */
    public static String si(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "";
        double a = Math.abs(v);
        if (a > 0 && a < 1e-3) {
            int e = (int) Math.floor(Math.log10(a));
            String m = sig3(v / Math.pow(10, e));
            if (m.replace("-", "").equals("10")) { // 9.995e-5 rounds up to the next power
                m = v < 0 ? "-1" : "1";
                e++;
            }
            return m + "e" + e;
        }
        if (a >= 1e9) return sig3(v / 1e9) + " G";
        if (a >= 1e6) return sig3(v / 1e6) + " M";
        if (a >= 1000) return String.format(java.util.Locale.ROOT, "%,d", Math.round(v));
        return sig3(v);
    }

    private static String sig3(double v) {
        if (v == 0) return "0";
        return new BigDecimal(v).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break. */
    public static String csv(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Text escaped for HTML and XML (element content and quoted attributes). */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

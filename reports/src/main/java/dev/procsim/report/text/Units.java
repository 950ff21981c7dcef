package dev.procsim.report.text;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Times in a task file's own unit, exact: 1500000 ns in ms is "1.5". */
public final class Units {
    private Units() {}

    public static String in(long nanos, long unitNanos) {
        if (nanos < 0) return "";
        return BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unitNanos), 9, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    /** An average in the unit, to at most 4 decimals. */
    public static String avg(double nanos, long unitNanos) {
        if (Double.isNaN(nanos)) return "";
        return BigDecimal.valueOf(nanos / unitNanos).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}

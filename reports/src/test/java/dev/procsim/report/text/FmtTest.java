package dev.procsim.report.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers for people: three significant digits, separators, and an exponent for the very small. */
class FmtTest {
    @Test
    void threeSignificantDigitsAtEveryScale() {
        assertThat(Fmt.si(0.826)).isEqualTo("0.826");
        assertThat(Fmt.si(49.311)).isEqualTo("49.3");
        assertThat(Fmt.si(3200)).isEqualTo("3,200");
        assertThat(Fmt.si(1_234_567)).isEqualTo("1.23 M");
        assertThat(Fmt.si(4.5e9)).isEqualTo("4.5 G");
        assertThat(Fmt.si(0)).isEqualTo("0");
        // below a thousandth: 3.13 x 10^-6 rather than 0.00000313
        assertThat(Fmt.si(0.00000313)).isEqualTo("3.13e-6");
        assertThat(Fmt.si(-0.000394)).isEqualTo("-3.94e-4");
        assertThat(Fmt.si(0.00099999)).isEqualTo("1e-3"); // rounds up into the next power
        assertThat(Fmt.si(0.001)).isEqualTo("0.001");
    }
}

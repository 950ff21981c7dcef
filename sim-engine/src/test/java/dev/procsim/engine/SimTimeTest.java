package dev.procsim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimTimeTest {
    @Test
    void parsesEveryUnitExactly() {
        assertThat(SimTime.parse("7ns")).isEqualTo(7L);
        assertThat(SimTime.parse("250us")).isEqualTo(250_000L);
        assertThat(SimTime.parse("10ms")).isEqualTo(10_000_000L);
        assertThat(SimTime.parse("2s")).isEqualTo(2_000_000_000L);
        assertThat(SimTime.parse("3min")).isEqualTo(180_000_000_000L);
        assertThat(SimTime.parse(" 4 ms ")).isEqualTo(4_000_000L);
        assertThat(SimTime.parse("0s")).isZero();
        assertThat(SimTime.parse("5\u00b5s")).isEqualTo(5_000L);
    }

    @Test
    void fractionsAreExactWhereRepresentable() {
        // 0.1 s is not exact as a double; the decimal parse must still give exactly 100 ms.
        assertThat(SimTime.parse("0.1s")).isEqualTo(100_000_000L);
        assertThat(SimTime.parse("1.5ms")).isEqualTo(1_500_000L);
        assertThat(SimTime.parse("2.000000001s")).isEqualTo(2_000_000_001L);
        assertThat(SimTime.parse("1e3us")).isEqualTo(1_000_000L);
    }

    @Test
    void subNanosecondFractionsRoundToNearest() {
        assertThat(SimTime.parse("1.4ns")).isEqualTo(1L);
        assertThat(SimTime.parse("1.5ns")).isEqualTo(2L);
        assertThat(SimTime.parse("0.0001us")).isZero();
    }

    @Test
    void largestValueAndOverflow() {
        // Long.MAX_VALUE is reserved for "never"; the largest duration is one below it.
        assertThat(SimTime.parse("9223372036854775806ns")).isEqualTo(Long.MAX_VALUE - 1);
        assertThatThrownBy(() -> SimTime.parse("9223372036854775807ns")).hasMessageContaining("too large");
        assertThatThrownBy(() -> SimTime.parse("300years")).hasMessageContaining("unknown time unit 'years'");
        assertThatThrownBy(() -> SimTime.parse("1e30s")).hasMessageContaining("too large");
        assertThatThrownBy(() -> SimTime.parse("200000000min")).hasMessageContaining("too large");
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> SimTime.parse("10 parsecs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown time unit 'parsecs'")
                .hasMessageContaining("ns, us, ms, s, min");
        assertThatThrownBy(() -> SimTime.parse("-5ms")).hasMessageContaining("negative");
        assertThatThrownBy(() -> SimTime.parse("10")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> SimTime.parse("ms")).hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> SimTime.parse("1.2.3ms")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> SimTime.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatPicksTheLargestExactUnit() {
        assertThat(SimTime.format(2 * SimTime.S)).isEqualTo("2s");
        assertThat(SimTime.format(1_500_000)).isEqualTo("1500us");
        assertThat(SimTime.format(120 * SimTime.S)).isEqualTo("2min");
        assertThat(SimTime.format(7)).isEqualTo("7ns");
        for (long v : new long[] {1, 999, 1000, 1_000_001, 60 * SimTime.S + 1}) {
            assertThat(SimTime.parse(SimTime.format(v))).isEqualTo(v);
        }
    }
}

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
    void aNegativeDurationIsSaidToBeNegativeAndWhatIsAccepted() {
        // --param quantum=-1 and --horizon -5 reach parse as written: the sign is the problem, not the unit
        for (String t : new String[] {"-1", "-5", "-5ms", "-0.5 s", "-5 parsecs"}) {
            assertThatThrownBy(() -> SimTime.parse(t)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a duration must not be negative, found '" + t + "'; expected 0 or more, like 250us, 10ms or 2s");
        }
        assertThat(SimTime.parse("-0ms")).isZero();
        // the other cases keep their messages
        assertThatThrownBy(() -> SimTime.parse("10")).hasMessage("duration '10' has no unit; expected one of ns, us, ms, s, min");
        assertThatThrownBy(() -> SimTime.parse("10 parsecs"))
                .hasMessage("unknown time unit 'parsecs' in '10 parsecs'; expected one of ns, us, ms, s, min");
        assertThatThrownBy(() -> SimTime.parse("ms")).hasMessage("expected a duration like 250us, 10ms or 2s, found 'ms'");
    }

    @Test
    void notANumberAndInfinityAreOneSentenceWithTheReason() {
        assertThatThrownBy(() -> SimTime.parse("NaNms"))
                .hasMessage("expected a duration like 250us, 10ms or 2s, found 'NaNms': not a number");
        assertThatThrownBy(() -> SimTime.parse("infms")).hasMessage("expected a duration like 250us, 10ms or 2s, found 'infms':"
                + " a duration must be finite; the largest accepted is 9223372036854.775806ms (about 292 years)");
        assertThatThrownBy(() -> SimTime.parse("Infinitys")).hasMessage("expected a duration like 250us, 10ms or 2s, found 'Infinitys':"
                + " a duration must be finite; the largest accepted is 9223372036.854775806s (about 292 years)");
        assertThatThrownBy(() -> SimTime.parse("-Infinity")).hasMessageEndingWith("the largest accepted is 9223372036854775806ns (about 292 years)");
        assertThatThrownBy(() -> SimTime.parse(".nan")).hasMessage("expected a duration like 250us, 10ms or 2s, found '.nan': not a number");
        // words that only begin like them are not taken for them
        assertThatThrownBy(() -> SimTime.parse("info")).hasMessage("expected a duration like 250us, 10ms or 2s, found 'info'");
        assertThatThrownBy(() -> SimTime.parse("1.2.3ms"))
                .hasMessage("expected a duration like 250us, 10ms or 2s, found '1.2.3ms': '1.2.3' is not a number");
    }

    @Test
    void tooLargeStatesTheLargestAcceptedInTheUnitWritten() {
        assertThatThrownBy(() -> SimTime.parse("1e30s"))
                .hasMessage("duration '1e30s' is too large; the largest accepted is 9223372036.854775806s (about 292 years)");
        assertThatThrownBy(() -> SimTime.parse("9223372036854775807ns"))
                .hasMessage("duration '9223372036854775807ns' is too large; the largest accepted is 9223372036854775806ns (about 292 years)");
        assertThatThrownBy(() -> SimTime.parse("200000000min")).hasMessageContaining("the largest accepted is 153722867.28091293min");
        // what the message states is accepted, and is the largest
        assertThat(SimTime.parse("9223372036854775.806us")).isEqualTo(SimTime.MAX);
        assertThat(SimTime.parse("9223372036854.775806ms")).isEqualTo(SimTime.MAX);
        assertThat(SimTime.parse("9223372036.854775806s")).isEqualTo(SimTime.MAX);
        assertThat(SimTime.parse("153722867.28091293min")).isEqualTo(9_223_372_036_854_775_800L);
        assertThatThrownBy(() -> SimTime.parse("9223372036854.775807ms")).hasMessageContaining("too large");
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

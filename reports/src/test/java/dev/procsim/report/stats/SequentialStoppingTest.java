package dev.procsim.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stopping decisions against hand-worked t intervals. Quantiles t(df, 0.975) from the tables:
 * df 2: 4.302653, df 3: 3.182446, df 16: 2.119905, df 17: 2.109816, df 18: 2.100922, df 19: 2.093024.
 */
class SequentialStoppingTest {
    // mean 100, s = 2: half width 4.302653 * 2 / sqrt(3) = 4.968275, within 5% (5): ratio 0.993655
    static final double[] TIGHT = {98, 100, 102};
    // mean 100, s = 10: half width 24.841377, ratio 4.968275
    static final double[] LOOSE = {90, 100, 110};

    @Test
    void theLooserCombinationSetsThePaceAndItsCountIsEstimated() {
        SequentialStopping.Decision d = SequentialStopping.check(List.of(TIGHT, LOOSE), 0.05, 1000);
        assertThat(d.met()).isFalse();
        assertThat(d.pacing()).isEqualTo(1);
        assertThat(d.ratio()).isCloseTo(4.968275, within(1e-5));
        // t(n'-1) * 10 / sqrt(n') <= 5: n' = 17: 2.119905 * 10 / 4.123106 = 5.1416, no;
        // n' = 18: 2.109816 * 10 / 4.242641 = 4.9729, yes
        assertThat(d.needed()).isEqualTo(18);
        // capped
        assertThat(SequentialStopping.check(List.of(TIGHT, LOOSE), 0.05, 10).needed()).isEqualTo(10);
    }

    @Test
    void aCombinationWithinItsTargetIsMetAtItsCurrentCount() {
        SequentialStopping.Decision d = SequentialStopping.check(List.of(TIGHT), 0.05, 1000);
        assertThat(d.met()).isTrue();
        assertThat(d.pacing()).isZero();
        assertThat(d.ratio()).isCloseTo(0.993655, within(1e-5));
        assertThat(d.needed()).isEqualTo(3);
        // a negative mean is measured by its size
        assertThat(SequentialStopping.check(List.of(new double[] {-98, -100, -102}), 0.05, 1000).met()).isTrue();
    }

    @Test
    void lawsAdjustedPrecisionIsStricter() {
        // r' = 0.05 / 1.05: target 4.761905. TIGHT: 4.968275 > 4.761905, not met any more;
        // n' = 4: 3.182446 * 2 / 2 = 3.182 <= 4.762, so 4 needed
        SequentialStopping.Decision tight = SequentialStopping.check(List.of(TIGHT), 0.05, 0.95, 1000, true);
        assertThat(tight.met()).isFalse();
        assertThat(tight.ratio()).isCloseTo(4.968275 / 4.761905, within(1e-5));
        assertThat(tight.needed()).isEqualTo(4);
        // LOOSE: t(n'-1) * 10 / sqrt(n') <= 4.761905: n' = 19: 2.100922 * 10 / 4.358899 = 4.8199, no;
        // n' = 20: 2.093024 * 10 / 4.472136 = 4.6802, yes
        SequentialStopping.Decision both = SequentialStopping.check(List.of(TIGHT, LOOSE), 0.05, 0.95, 1000, true);
        assertThat(both.pacing()).isEqualTo(1);
        assertThat(both.needed()).isEqualTo(20);
    }

    @Test
    void zeroMeansTiesAndTooFewValues() {
        // mean 0 without spread: met, ratio 0
        SequentialStopping.Decision zero = SequentialStopping.check(List.of(new double[] {0, 0, 0}, TIGHT), 0.05, 1000);
        assertThat(zero.met()).isTrue();
        assertThat(zero.pacing()).isEqualTo(1);
        // mean 0 with spread, one value: both infinitely far; the first of them paces, and as no
        // count can be estimated it asks for the maximum
        SequentialStopping.Decision far = SequentialStopping.check(
                List.of(TIGHT, new double[] {-1, 0, 1}, new double[] {5}), 0.05, 1000);
        assertThat(far.met()).isFalse();
        assertThat(far.pacing()).isEqualTo(1);
        assertThat(far.ratio()).isInfinite();
        assertThat(far.needed()).isEqualTo(1000);
        SequentialStopping.Decision one = SequentialStopping.check(List.of(new double[] {5}), 0.05, 1000);
        assertThat(one.met()).isFalse();
        assertThat(one.needed()).isEqualTo(1000);
        // equal ratios: the first
        assertThat(SequentialStopping.check(List.of(LOOSE, LOOSE.clone()), 0.05, 1000).pacing()).isZero();
        assertThatThrownBy(() -> SequentialStopping.check(List.of(), 0.05, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequentialStopping.check(List.of(TIGHT), 0, 1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNextCountGrowsByOneToDoubleAndStopsAtTheMaximum() {
        assertThat(SequentialStopping.nextCount(3, 18, 100)).isEqualTo(6);   // doubling limit
        assertThat(SequentialStopping.nextCount(10, 18, 100)).isEqualTo(18); // the estimate, under 20
        assertThat(SequentialStopping.nextCount(10, 18, 15)).isEqualTo(15);  // the cap
        assertThat(SequentialStopping.nextCount(5, 3, 100)).isEqualTo(6);    // at least one more
        assertThat(SequentialStopping.nextCount(100, 200, 100)).isEqualTo(100);
        // 2 * current past Integer.MAX_VALUE does not wrap
        assertThat(SequentialStopping.nextCount(1_500_000_000, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}

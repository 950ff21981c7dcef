package dev.procsim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flag holds only when every alternated round is past the 30% (speed) or 1% (allocation) bound. */
class AlternateVerdictTest {
    private static final String T = "dev.procsim.bench.X.run";

    @Test
    void throughputIsSlowerOnlyIfEveryRoundIsBelowOneOverOnePointThree() {
        // 1 / 1.3 = 0.769...
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[] {0.70, 0.75, 0.76})).isEqualTo("SLOWER");
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[] {0.70, 0.75, 0.78})).isNull(); // one round within: noise
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[] {1.2, 1.1, 1.3})).isNull();
    }

    @Test
    void aTimeIsSlowerOnlyIfEveryRoundIsAboveOnePointThree() {
        assertThat(AlternateVerdict.verdict(T, "ss", new double[] {1.31, 1.5, 1.4})).isEqualTo("SLOWER");
        assertThat(AlternateVerdict.verdict(T, "avgt", new double[] {1.31, 1.29, 1.4})).isNull();
        assertThat(AlternateVerdict.verdict(T, "ss", new double[] {0.5, 0.6, 0.7})).isNull(); // faster
    }

    @Test
    void allocationGrowthMustExceedOnePercentInEveryRoundAndOtherSecondaryScoresAreNotJudged() {
        assertThat(AlternateVerdict.verdict(T + ":gc.alloc.rate.norm", "thrpt", new double[] {1.02, 1.02, 1.02})).isEqualTo("ALLOCATES");
        assertThat(AlternateVerdict.verdict(T + ":gc.alloc.rate.norm", "thrpt", new double[] {1.02, 1.0, 1.02})).isNull();
        assertThat(AlternateVerdict.verdict(T + ":gc.count", "thrpt", new double[] {5, 5, 5})).isNull();
    }

    @Test
    void theReportExitsOneOnlyWhenAFlagHolds() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertThat(AlternateVerdict.report(List.of(T + "\tthrpt\t0.9,0.7,0.6", T + ":gc.alloc.rate.norm\tthrpt\t1,1,1"), sink)).isZero();
        assertThat(AlternateVerdict.report(List.of(T + " size 10\tthrpt\t1,1,1", T + " size 1000\tthrpt\t0.5,0.6,0.7"), sink)).isEqualTo(1);
        assertThat(AlternateVerdict.report(List.of(T + "\tss\t"), sink)).isZero(); // only in one build: nothing to judge
    }
}

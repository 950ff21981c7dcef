package dev.procsim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flag holds only when every alternated round is past the 30% (speed) or 0.5 B + 1% (allocation) bound. */
class AlternateVerdictTest {
    private static final String T = "dev.procsim.bench.X.run";

    @Test
    void throughputIsSlowerOnlyIfEveryRoundIsBelowOneOverOnePointThree() {
        // 1 / 1.3 = 0.769...
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[][] {{70.0, 100.0}, {75.0, 100.0}, {76.0, 100.0}})).isEqualTo("SLOWER");
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[][] {{70.0, 100.0}, {75.0, 100.0}, {78.0, 100.0}})).isNull(); // one round within: noise
        assertThat(AlternateVerdict.verdict(T, "thrpt", new double[][] {{120.0, 100.0}, {110.0, 100.0}, {130.0, 100.0}})).isNull();
    }

    @Test
    void aTimeIsSlowerOnlyIfEveryRoundIsAboveOnePointThree() {
        assertThat(AlternateVerdict.verdict(T, "ss", new double[][] {{131.0, 100.0}, {150.0, 100.0}, {140.0, 100.0}})).isEqualTo("SLOWER");
        assertThat(AlternateVerdict.verdict(T, "avgt", new double[][] {{131.0, 100.0}, {129.0, 100.0}, {140.0, 100.0}})).isNull();
        assertThat(AlternateVerdict.verdict(T, "ss", new double[][] {{50.0, 100.0}, {60.0, 100.0}, {70.0, 100.0}})).isNull(); // faster
    }

    @Test
    void allocationGrowthMustExceedOnePercentInEveryRoundAndOtherSecondaryScoresAreNotJudged() {
        assertThat(AlternateVerdict.verdict(T + ":gc.alloc.rate.norm", "thrpt", new double[][] {{103, 100}, {103, 100}, {103, 100}})).isEqualTo("ALLOCATES");
        assertThat(AlternateVerdict.verdict(T + ":gc.alloc.rate.norm", "thrpt", new double[][] {{103, 100}, {100, 100}, {103, 100}})).isNull();
        // near zero bytes: JMH's sampling noise (0.00015 against 0.00008 B/op) is within the 0.5 B slack
        assertThat(AlternateVerdict.verdict(T + ":gc.alloc.rate.norm", "thrpt", new double[][] {{0.00015, 0.00008}, {0.0002, 0.0001}})).isNull();
        assertThat(AlternateVerdict.verdict(T + ":gc.count", "thrpt", new double[][] {{10, 2}, {10, 2}})).isNull();
    }

    @Test
    void theReportExitsOneOnlyWhenAFlagHolds() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertThat(AlternateVerdict.report(List.of(T + "\tthrpt\t90:100,70:100,60:100", T + ":gc.alloc.rate.norm\tthrpt\t8:8,8:8,8:8"), sink)).isZero();
        assertThat(AlternateVerdict.report(List.of(T + " size 10\tthrpt\t5:5,5:5,5:5", T + " size 1000\tthrpt\t50:100,60:100,70:100"), sink)).isEqualTo(1);
        assertThat(AlternateVerdict.report(List.of(T + "\tss\t"), sink)).isZero(); // only in one build: nothing to judge
        // secondary scores other than allocation are not judged, even with the CR of JMH's CSV lines in the key
        assertThat(AlternateVerdict.report(List.of(T + ":gc.count 0.5\r\tthrpt\t9:1,9:1,9:1"), sink)).isZero();
        assertThat(AlternateVerdict.report(List.of(T + ":gc.alloc.rate.norm 0.5\r\tthrpt\t90:1,90:1,90:1"), sink)).isEqualTo(1);
    }
}

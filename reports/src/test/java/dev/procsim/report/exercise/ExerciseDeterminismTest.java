package dev.procsim.report.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The same options give the same texts; other seeds give other problems; options are checked. */
class ExerciseDeterminismTest {
    @ParameterizedTest
    @ValueSource(strings = {"fcfs", "sjf", "rr", "mlfq", "edf", "rm", "fork", "pid"})
    void sameSeedSameTextsOtherSeedsOtherProblems(String policy) {
        Exercise a = Exercise.of(ExerciseOptions.of(policy, 42)), b = Exercise.of(ExerciseOptions.of(policy, 42));
        assertThat(a.problem()).isEqualTo(b.problem()).doesNotContain("\r");
        assertThat(a.answer()).isEqualTo(b.answer()).doesNotContain("\r");
        // a computed answer leaves the problem as it was
        assertThat(a.problem()).isEqualTo(Exercise.of(ExerciseOptions.of(policy, 42)).problem());
        // ten seeds, ten different problems (each kind has far more than ten)
        Set<String> problems = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) problems.add(Exercise.of(ExerciseOptions.of(policy, seed)).problem().replaceFirst("--seed \\d+", ""));
        assertThat(problems).hasSize(10);
    }

    @Test
    void badOptionsSayWhatIsAccepted() {
        assertThatThrownBy(() -> Exercise.of(ExerciseOptions.of("rrr", 1))).isInstanceOf(ExerciseOptions.Invalid.class)
                .hasMessage("--policy takes fcfs, sjf, rr, mlfq, edf, rm, fork or pid, found 'rrr' (did you mean 'rr'?)");
        assertThatThrownBy(() -> Exercise.of(new ExerciseOptions("fcfs", 1, null, null, 2L, null, null, null, null, null, null)))
                .hasMessage("--quantum does not apply to --policy fcfs (it applies to rr, mlfq)");
        assertThatThrownBy(() -> Exercise.of(new ExerciseOptions("edf", 1, 7L, null, null, null, null, null, null, null, null)))
                .hasMessage("--jobs: 7 is too large; expected a whole number from 1 to 6");
        assertThatThrownBy(() -> Exercise.of(new ExerciseOptions("rr", 1, 0L, null, null, null, null, null, null, null, null)))
                .hasMessage("--jobs: 0 is too small; expected a whole number from 1 to 20");
        assertThatThrownBy(() -> Exercise.of(new ExerciseOptions("mlfq", 1, null, null, null, null, null, null, null, 3L, null)))
                .hasMessageStartingWith("--io-time needs --max-io above 0");
    }
}

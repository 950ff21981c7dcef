package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.cli.CliTest.Out;
import org.junit.jupiter.api.Test;

/** procsim exercise on the command line: problem, -c, determinism, usage errors. */
class ExerciseCliTest {
    @Test
    void minusCPrintsTheProblemThenTheAnswer() {
        Out problem = CliTest.run("exercise", "--policy", "sjf", "--seed", "2", "--jobs", "4");
        assertThat(problem.status()).as(problem.err()).isZero();
        assertThat(problem.err()).isEmpty();
        assertThat(problem.out()).startsWith("procsim exercise --policy sjf --seed 2 --jobs 4 --max-len 10\n\n").contains("Questions:")
                .doesNotContain("Answer");
        Out both = CliTest.run("exercise", "--policy", "sjf", "--seed", "2", "--jobs", "4", "-c");
        assertThat(both.status()).isZero();
        // the problem, a blank line, then the answer (by hand, JobListExerciseTest: the two jobs of 4 first, J2 then J3)
        assertThat(both.out()).startsWith(problem.out() + "\nAnswer, computed by procsim's sjf scheduler")
                .contains("  [time  0] J2 runs 4, done at 4\n  [time  4] J3 runs 4, done at 8\n");
        assertThat(CliTest.run("exercise", "--compute", "--seed", "2", "--policy", "sjf", "--jobs", "4").out()).isEqualTo(both.out());
    }

    @Test
    void sameCommandSameBytesForEveryKind() {
        for (String p : new String[] {"fcfs", "sjf", "rr", "mlfq", "edf", "rm", "fork", "pid"}) {
            Out a = CliTest.run("exercise", "--policy", p, "--seed", "9", "-c");
            Out b = CliTest.run("exercise", "--policy", p, "--seed", "9", "-c");
            assertThat(a.status()).as(p + ": " + a.err()).isZero();
            assertThat(a.out()).isEqualTo(b.out());
            assertThat(a.out()).isNotEqualTo(CliTest.run("exercise", "--policy", p, "--seed", "10", "-c").out());
        }
    }

    @Test
    void badOptionsAreOneLineAndStatus2() {
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "sfj", "--seed", "1")))
                .isEqualTo("procsim: --policy takes fcfs, sjf, rr, mlfq, edf, rm, fork or pid, found 'sfj' (did you mean 'sjf'?)");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "pid", "--seed", "1", "--max-len", "5")))
                .isEqualTo("procsim: --max-len does not apply to --policy pid (it applies to fcfs, sjf, rr, mlfq)");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "fork", "--seed", "1", "--pages", "1")))
                .isEqualTo("procsim: --pages: 1 is too small; expected a whole number from 2 to 64");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "pid", "--seed", "1", "--jobs", "99999999999")))
                .isEqualTo("procsim: --jobs: 99999999999 is too large; expected a whole number from 1 to 20");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "rr", "--seed", "1", "--quantum", "two")))
                .contains("--quantum: two is not a whole number");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "rr"))).contains("--seed", "procsim exercise --help");
        assertThat(UsageErrorsTest.oneLine(CliTest.run("exercise", "--policy", "rr", "--seed", "1", "--quantun", "2")))
                .contains("unknown option '--quantun'; did you mean '--quantum'?");
    }

    @Test
    void hasHelp() {
        Out o = CliTest.run("exercise", "--help");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Usage: procsim exercise", "--policy", "-c, --compute");
    }
}

package dev.procsim.workload;

import static dev.procsim.workload.ExperimentParserTest.fails;
import static dev.procsim.workload.ExperimentTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.procsim.kernel.Action;
import dev.procsim.kernel.Signals;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code signal} action's SA_RESTART flag, and what a file that catches, ignores or blocks SIGKILL or SIGSTOP is told. */
class SignalActionsParseTest {
    @TempDir
    Path dir;

    @Test
    void aHandlersRestartFlagIsReadTrueUnlessGiven() {
        Experiment x = parse("""
                workload:
                  programs:
                    h: [{compute: 1ms}]
                    a: [{signal: {sig: SIGUSR1, handler: h, restart: false}}, {signal: {sig: usr2, handler: h}},
                        {signal: {sig: SIGHUP, handler: h, restart: true}}]
                  processes: [{name: a, program: a}]
                """, dir);
        var actions = x.resolve(x.points().get(0), 0).workload().sources().get("a");
        assertThat(actions).containsExactly(
                new Action.Sigaction(Signals.SIGUSR1, Action.Sigaction.HANDLER, "h", false),
                new Action.Sigaction(Signals.SIGUSR2, Action.Sigaction.HANDLER, "h", true),
                new Action.Sigaction(Signals.SIGHUP, Action.Sigaction.HANDLER, "h", true));
    }

    @Test
    void restartWithoutAHandlerOrNotABooleanIsAnErrorAtItsPlace() {
        InputException e = fails("""
                workload:
                  programs: {h: [{compute: 1ms}]}
                  processes:
                    - {name: a, program: [{signal: {sig: SIGUSR1, action: ignore, restart: false}}, {signal: {sig: SIGUSR1, handler: h, restart: sometimes}}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("workload.processes[0].program[0].signal.restart",
                "workload.processes[0].program[1].signal.restart");
        assertThat(e.errors().get(0).message()).contains("is for a handler");
        assertThat(e.errors().get(1).message()).contains("expected true or false");
    }

    @Test
    void catchingOrBlockingSigkillOrSigstopIsRefusedWithLinuxsRunTimeRule() {
        // Linux fails sigaction on them with EINVAL (even to set the default) and leaves them out of
        // sigprocmask's set; signal numbers are constants in a file, so the file is refused.
        InputException e = fails("""
                workload:
                  processes:
                    - {name: a, program: [{signal: {sig: SIGKILL, action: default}}, {block: [SIGUSR1, SIGSTOP]}, {unblock: SIGKILL}]}
                """, dir);
        assertThat(e.errors()).extracting(InputError::field).containsExactly("workload.processes[0].program[0].signal.sig",
                "workload.processes[0].program[1].block[1]", "workload.processes[0].program[2].unblock");
        assertThat(e.errors().get(0).message()).contains("SIGKILL cannot be caught or ignored").contains("EINVAL");
        assertThat(e.errors().get(1).message()).contains("SIGSTOP cannot be blocked").contains("leaves SIGKILL and SIGSTOP out of the mask");
        assertThat(e.errors().get(2).message()).contains("SIGKILL cannot be blocked");
    }
}

package dev.procsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The completion script and man page cover every command and option; every --help lists the exit codes. */
class CommandDocsTest {
    @TempDir
    Path dir;

    @Test
    void manPageAndCompletionNameEveryCommandAndOption() throws Exception {
        CommandDocs.write(dir);
        String man = Files.readString(dir.resolve("procsim.1"));
        String bash = Files.readString(dir.resolve("procsim.bash"));
        assertThat(man).startsWith(".TH PROCSIM 1 ").contains(".SH EXIT STATUS");
        int commands = 0;
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            commands++;
            assertThat(man).as(e.getKey()).contains(".SS \"procsim " + e.getKey() + "\"");
            assertThat(bash).as(e.getKey()).contains(e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                // troff writes a hyphen as \- ; the completion lists the names as typed
                assertThat(man).as(e.getKey() + " " + o.longestName()).contains(o.longestName().replace("-", "\\-"));
                assertThat(bash).as(e.getKey() + " " + o.longestName()).contains(o.longestName());
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(9); // demo, run, schedule, realtime, validate, import, export, compare, list
        for (String code : new String[] {"0", "1", "2", "130"}) assertThat(man).contains(".TP\n\\fB" + code + "\\fR\n");
        // no line of the man page may start with a dot that is not a macro (text starting "." would be read as one)
        for (String line : man.lines().toList()) {
            if (line.startsWith(".")) assertThat(line).matches("\\.(TH|SH|SS|TP|PP|nf|fi|B)( .*)?");
        }
    }

    @Test
    void everyHelpListsTheExitStatus() {
        for (String sub : new String[] {"run", "demo", "schedule", "realtime", "validate", "list"}) {
            CliTest.Out o = CliTest.run(sub, "--help");
            assertThat(o.out()).as(sub).contains("Exit status:").contains("130").contains("bad input");
        }
        assertThat(CliTest.run("--help").out()).contains("Exit status:");
    }

    /** bash accepts the completion script (when bash is there to ask). */
    @Test
    void theCompletionScriptIsValidBash() throws Exception {
        CommandDocs.write(dir);
        Path bash = Path.of("/bin/bash");
        if (!Files.isExecutable(bash)) bash = Path.of("/usr/bin/bash");
        assertThat(bash).as("bash is needed to check the completion script").isExecutable();
        Process p = new ProcessBuilder(bash.toString(), "-n", dir.resolve("procsim.bash").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}

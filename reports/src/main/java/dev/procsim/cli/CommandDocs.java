package dev.procsim.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The shell completion script and the man page, generated from the command definitions, so that
 * they cannot drift from {@code --help}: run at build time (reports/pom.xml, {@code prepare-package})
 * into {@code target/classes/META-INF/procsim/} and so into the jar, and by hand with
 * {@code java -cp procsim.jar dev.procsim.cli.CommandDocs DIR}. The completion is picocli's own
 * (bash, and zsh through bashcompinit); the man page is troff written here from the same model,
 * with no date in it, so that builds stay reproducible.
 */
public final class CommandDocs {
    private CommandDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CommandDocs OUTPUT-DIR");
            System.exit(Main.BAD_INPUT);
        }
        write(Path.of(args[0]));
    }

    /** Writes {@code procsim.bash} (completion) and {@code procsim.1} (man page) into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        CommandLine cl = Main.commandLine();
        Files.writeString(dir.resolve("procsim.bash"), AutoComplete.bash("procsim", cl), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("procsim.1"), manPage(cl), StandardCharsets.UTF_8);
    }

    /** The man page of {@code procsim} and every subcommand, in troff (man(7) macros). */
    static String manPage(CommandLine cl) {
        StringBuilder m = new StringBuilder();
        CommandSpec top = cl.getCommandSpec();
        m.append(".TH PROCSIM 1 \"\" \"").append(esc(dev.procsim.report.text.Version.text())).append("\" \"User Commands\"\n");
        m.append(".SH NAME\nprocsim \\- ").append(esc(String.join(" ", top.usageMessage().description()))).append("\n");
        m.append(".SH SYNOPSIS\n.B procsim\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        m.append(".SH DESCRIPTION\nEach command has its own options; \\fBprocsim \\fICOMMAND\\fB --help\\fR prints them as below.\n");
        m.append("The README of the procsim repository explains experiment files, task lists and the results.\n");
        m.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (s.usageMessage().hidden() || e.getKey().equals("help")) continue;
            m.append(".SS \"procsim ").append(esc(e.getKey())).append("\"\n");
            m.append(".nf\n").append(esc(synopsis(e.getValue()))).append("\n.fi\n");
            m.append(".PP\n").append(esc(String.join(" ", s.usageMessage().description()))).append("\n");
            for (PositionalParamSpec p : s.positionalParameters()) {
                if (p.hidden()) continue;
                m.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n").append(esc(String.join(" ", p.description()))).append("\n");
            }
            for (OptionSpec o : s.options()) {
                if (o.hidden()) continue;
                m.append(".TP\n\\fB").append(esc(String.join(", ", o.names()))).append("\\fR");
                if (o.arity().max() > 0) m.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
                m.append("\n").append(esc(String.join(" ", o.description()))).append("\n");
            }
        }
        m.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> e : Main.EXIT_CODES.entrySet()) {
            m.append(".TP\n\\fB").append(e.getKey()).append("\\fR\n").append(esc(e.getValue())).append("\n");
        }
        m.append(".SH ENVIRONMENT\n.TP\n\\fBPROCSIM_JAVA_OPTS\\fR\nJVM options for the \\fBprocsim\\fR launcher script (heap size, collector).\n");
        m.append(".TP\n\\fBPROCSIM_DEBUG\\fR\nSet: an internal error prints its stack trace.\n");
        return m.toString();
    }

    /** The command's usage line(s) as picocli prints them, without the "Usage: " heading. */
    private static String synopsis(CommandLine c) {
        String s = c.getHelp().synopsis(0).strip();
        return s.startsWith("Usage: ") ? s.substring("Usage: ".length()) : s;
    }

    /** Text safe in troff: backslashes doubled, hyphens as minus signs, a leading dot or quote escaped. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        List<String> lines = t.lines().map(l -> l.startsWith(".") || l.startsWith("'") ? "\\&" + l : l).toList();
        return String.join("\n", lines);
    }
}

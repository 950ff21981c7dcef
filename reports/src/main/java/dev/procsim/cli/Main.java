package dev.procsim.cli;

import dev.procsim.report.files.AtomicOutput;
import dev.procsim.report.run.ExperimentRunner;

import dev.procsim.workload.InputException;
import dev.procsim.workload.InputText;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code procsim} command. Exit status: 0 ok, 1 a simulation failed, 2 bad input (a usage
 * error, or an input file with problems: each named with file, line and column).
 */
@Command(name = "procsim", mixinStandardHelpOptions = true, version = "procsim 0.1.0",
        description = "Discrete-event simulator of OS process scheduling and process creation costs.",
        subcommands = {DemoCommand.class, RunCommand.class, ScheduleCommand.class, RealtimeCommand.class, ValidateCommand.class,
                ListCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0, FAILED = 1, BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command with the given streams (tests call this) and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            if (e instanceof InputException ie) {
                err.println(ie.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof BadOption b) {
                err.println("procsim: " + b.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof AtomicOutput.Refused r) {
                err.println("procsim: " + r.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof ExperimentRunner.SimulationFailure f) {
                err.println("procsim: simulation failed: " + f.getMessage());
                return FAILED;
            }
            Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
            if (io instanceof java.nio.file.FileSystemException f) { // a path the user gave, or one beneath it
                err.println("procsim: " + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": "
                        + InputText.reason(f));
                return BAD_INPUT;
            }
            if (io instanceof java.io.IOException x) {
                err.println("procsim: cannot write or read a file: " + InputText.reason(x));
                return FAILED;
            }
            err.println("procsim: internal error (a bug in procsim; please report it with the command that caused it): " + e);
            if (System.getenv("PROCSIM_DEBUG") != null) e.printStackTrace(err);
            else err.println("procsim: set PROCSIM_DEBUG=1 to print the stack trace");
            return FAILED;
        });
        return cl.execute(args);
    }

    /** A bad option value found after parsing (a scheduler parameter, a shard): exit status 2. */
    static final class BadOption extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }
}

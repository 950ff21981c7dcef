package dev.procsim.cli;

import dev.procsim.report.files.AtomicOutput;
import dev.procsim.report.run.ExperimentRunner;

import dev.procsim.workload.ExperimentParser;
import dev.procsim.workload.InputException;
import dev.procsim.workload.InputText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code procsim} command. Exit status: 0 ok, 1 a simulation failed, 2 bad input (a usage
 * error, or an input file with problems: each named with file, line and column).
 */
@Command(name = "procsim", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Discrete-event simulator of OS process scheduling and process creation costs.",
        subcommands = {DemoCommand.class, RunCommand.class, ScheduleCommand.class, RealtimeCommand.class, ExerciseCommand.class, ValidateCommand.class, ImportCommand.class, ExportCommand.class, CompareCommand.class,
                ListCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0, FAILED = 1, BAD_INPUT = 2;

    /** {@code procsim --version}: the build's version and git commit ({@link dev.procsim.report.text.Version}). */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {dev.procsim.report.text.Version.text()};
        }
    }
    /** The most runs in parallel ({@code --threads}) and CPUs ({@code --cpus} of schedule and realtime). */
    static final int MAX_THREADS = 1024, MAX_CPUS = 4096;

    /**
     * The whole numbers each option accepts, by option name: checked as soon as the command line is
     * parsed, and said in the same words whether the value is out of range or does not fit a Java
     * int at all. Options of a whole-number type not listed here accept their type's range.
     */
    static final Map<String, long[]> RANGES = Map.of(
            "--replications", new long[] {1, ExperimentParser.MAX_REPLICATIONS},
            "--threads", new long[] {1, MAX_THREADS},
            "--cpus", new long[] {1, MAX_CPUS});

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new NoCommand(spec.commandLine());
    }

    /** {@code procsim} alone: the usage, which lists the commands, is what the user is after. */
    private static final class NoCommand extends ParameterException {
        private static final long serialVersionUID = 1L;

        NoCommand(CommandLine cl) {
            super(cl, "a command is needed");
        }
    }

    /** Exit status and meaning, as every command's --help and the man page list them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("0", "done");
        m.put("1", "a simulation failed, ran out of memory, or a result file could not be written");
        m.put("2", "bad input: a usage error, an input file with problems (each named with file, line and column), or an output path procsim may not or cannot write");
        m.put("130", "stopped with Ctrl-C; the runs that finished are kept");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The command tree with every command's help listing the exit codes (also what {@link CommandDocs} documents). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(cl));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(EXIT_CODES);
            todo.addAll(c.getSubcommands().values());
        }
        return cl;
    }

    public static void main(String[] args) {
        // Last resort: an OutOfMemoryError that escapes every watch is said in a line, with what
        // bounds memory, not as a stack trace; the results written before it are kept.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError) System.err.println("procsim: the Java heap ran out in thread '" + t.getName() + "'");
            else if (!(e instanceof ThreadDeath)) {
                System.err.println("procsim: internal error in thread '" + t.getName() + "' (please report it): " + e);
                if (System.getenv("PROCSIM_DEBUG") != null) e.printStackTrace();
            }
        });
        int status;
        try {
            status = execute(args, System.out, System.err);
        } catch (OutOfMemoryError e) {
            System.err.println("procsim: simulation stopped: the Java heap ran out.");
            System.err.println(ExperimentRunner.HEAP_HINT);
            status = FAILED;
        } catch (NoClassDefFoundError e) {
            // every class is in the jar: "Could not initialize class" means its initialisation failed
            // before, which after the heap ran out (CI once saw java.lang.CharacterData00) is the heap's doing
            if (e.getMessage() == null || !e.getMessage().startsWith("Could not initialize class")) throw e;
            System.err.println("procsim: simulation stopped: the Java heap ran out (" + e.getMessage() + ").");
            System.err.println(ExperimentRunner.HEAP_HINT);
            status = FAILED;
        }
        System.exit(status);
    }

    /** Runs the command with the given streams (tests call this) and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((e, given) -> usageError(e, cl.getErr()));
        cl.setExecutionStrategy(parsed -> {
            checkRanges(parsed);
            PluginOptions.load(parsed); // before the command reads an experiment or --scheduler
            return new CommandLine.RunLast().execute(parsed);
        });
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

    // ------------------------------------------------------------------ usage errors

    /**
     * A usage error, in one line on stderr (never the whole help, which {@code --help} gives):
     * what was wrong, where, and what is accepted. Exit status 2.
     */
    static int usageError(ParameterException e, PrintWriter err) {
        CommandLine cmd = e.getCommandLine();
        boolean top = cmd.getParent() == null;
        String name = cmd.getCommandSpec().qualifiedName(" ");
        String hint = top ? "(procsim --help lists the commands)" : "(" + name + " --help lists its options)";
        if (e instanceof NoCommand) {
            err.println("procsim: " + e.getMessage());
            cmd.usage(err);
            return BAD_INPUT;
        }
        String line, m = e.getMessage() == null ? "bad usage" : e.getMessage();
        java.util.regex.Matcher help = java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.?").matcher(m);
        if (e.getArgSpec() instanceof OptionSpec o && e.getValue() != null && isWholeNumber(o.type())) {
            line = wholeNumberMessage(o, e.getValue());
        } else if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            line = unmatched(cmd, u.getUnmatched().get(0), top, name, hint);
        } else if (top && help.matches()) { // procsim help NAME
            line = unmatched(cmd, help.group(1), true, name, hint);
        } else {
            line = (m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1)) + " " + hint;
        }
        err.println("procsim: " + line);
        err.flush();
        return BAD_INPUT;
    }

    /** An argument nothing takes: a mistyped command or option, or one argument too many. */
    private static String unmatched(CommandLine cmd, String arg, boolean top, String name, String hint) {
        if (arg.startsWith("-") && arg.length() > 1) {
            String opt = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> names = new ArrayList<>();
            for (OptionSpec o : cmd.getCommandSpec().options()) if (!o.hidden()) names.add(o.longestName());
            String close = closest(opt, names);
            return "unknown option '" + opt + "'" + (top ? " (procsim takes a command first; procsim --help lists them)"
                    : (close != null ? "; did you mean '" + close + "'? " : " ") + hint);
        }
        if (!top) return "unexpected argument '" + arg + "': " + name + " takes no more arguments " + hint;
        List<String> commands = new ArrayList<>(cmd.getSubcommands().keySet());
        String close = closest(arg, commands);
        if (close != null) return "unknown command '" + arg + "'; did you mean '" + close + "'? " + hint;
        String lower = arg.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || isFile(arg)) {
            return "unknown command '" + arg + "'; to run an experiment file, give the command first: procsim run " + arg + " " + hint;
        }
        return "unknown command '" + arg + "'; the commands are " + String.join(", ", commands) + " (procsim --help says what each does)";
    }

    private static boolean isFile(String arg) {
        try {
            return Files.isRegularFile(Path.of(arg));
        } catch (RuntimeException e) { // not a path at all
            return false;
        }
    }

    /**
     * The candidate {@code word} was most likely meant as: the nearest by edit distance (a
     * transposition counts as one edit) if at most a third of its letters differ (at least one),
     * or the only candidate it begins; null if none is that close.
     */
    static String closest(String word, List<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null, prefixed = null;
        int bestD = Integer.MAX_VALUE, prefixes = 0;
        for (String c : candidates) {
            String l = c.toLowerCase(Locale.ROOT);
            int d = dev.procsim.workload.Suggest.distance(w, l);
            if (d <= Math.max(1, l.length() / 3) && d < bestD) {
                best = c;
                bestD = d;
            }
            if (w.length() >= 2 && l.startsWith(w)) {
                prefixed = c;
                prefixes++;
            }
        }
        return best != null ? best : prefixes == 1 ? prefixed : null;
    }

    private static boolean isWholeNumber(Class<?> t) {
        return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class || t == Short.class;
    }

    /** The range an option accepts: from {@link #RANGES}, else its type's. */
    private static long[] range(OptionSpec o) {
        long[] r = RANGES.get(o.longestName());
        if (r != null) return r;
        Class<?> t = o.type();
        if (t == int.class || t == Integer.class) return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
        if (t == short.class || t == Short.class) return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
        return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    }

    private static String wholeNumberMessage(OptionSpec o, String value) {
        long[] r = range(o);
        return wholeNumberMessage(o.longestName(), value, r[0], r[1]);
    }

    /**
     * "--replications: 99999999999 is too large; expected a whole number from 1 to 10000": what is
     * wrong with {@code value} (given for {@code option}) and what is accepted.
     */
    static String wholeNumberMessage(String option, String value, long min, long max) {
        String v = value.strip();
        String what;
        if (!v.matches("[+-]?[0-9]+")) {
            what = "is not a whole number";
        } else {
            BigInteger n = new BigInteger(v);
            what = n.compareTo(BigInteger.valueOf(min)) < 0 ? "is too small" : n.compareTo(BigInteger.valueOf(max)) > 0 ? "is too large"
                    : "is not accepted";
        }
        return option + ": " + (v.isEmpty() ? "an empty value" : v) + " " + what + "; expected a whole number from " + min + " to " + max;
    }

    /** Checks a whole-number option against {@link #RANGES} (a value computed or given after parsing): exit status 2 when out of it. */
    static void checkRange(String option, long value) {
        long[] r = RANGES.get(option);
        if (value < r[0] || value > r[1]) throw new BadOption(wholeNumberMessage(option, Long.toString(value), r[0], r[1]));
    }

    /** Every whole-number option given, at every level of the command, against {@link #RANGES}, before anything runs. */
    private static void checkRanges(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return; // --help wins
        }
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                long[] r = RANGES.get(o.longestName());
                if (r != null && o.getValue() instanceof Number n && (n.longValue() < r[0] || n.longValue() > r[1])) {
                    String v = Long.toString(n.longValue());
                    throw new ParameterException(p.commandSpec().commandLine(), wholeNumberMessage(o, v), o, v);
                }
            }
        }
    }

    /** A bad option value found after parsing (a scheduler parameter, a shard): exit status 2. */
    static final class BadOption extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }
}

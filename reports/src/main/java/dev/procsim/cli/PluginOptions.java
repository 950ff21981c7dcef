package dev.procsim.cli;

import dev.procsim.sched.SchedulerPlugins;
import dev.procsim.sched.SchedulerRegistry;
import dev.procsim.workload.InputText;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --plugin FILE.jar}, repeatable, on the commands that take a scheduler: jars of scheduler
 * plug-ins ({@link dev.procsim.sched.SchedulerProvider}) whose schedulers join the built-in ones
 * for this command. {@link Main} loads them, with those on the class path, before the command
 * reads its input; a command without the option gets the class path's alone, so that no command
 * sees the plug-ins of one run before it in the same JVM.
 */
final class PluginOptions {
    @Option(names = "--plugin", paramLabel = "FILE.jar", description = "A jar of scheduler plug-ins, repeatable: its schedulers can be named"
            + " as the built-in ones (see the README's 'Plug-in schedulers'). Plug-ins on the class path are found without it.")
    List<Path> jars;

    /** The class loader of the jars in use, closed when others replace them; null when none. */
    private static URLClassLoader loader;

    /** Loads the plug-ins of the command {@code parsed} runs (its {@code --plugin} jars, if it takes them); exit status 2 on a bad jar. */
    static void load(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p.hasSubcommand()) p = p.subcommand();
        for (CommandLine.ParseResult q = parsed; q != null; q = q.subcommand()) {
            if (q.isUsageHelpRequested() || q.isVersionHelpRequested()) return; // --help wins
        }
        CommandLine.Model.CommandSpec spec = p.commandSpec();
        List<Path> given = List.of();
        for (CommandLine.Model.CommandSpec m : spec.mixins().values()) {
            if (m.userObject() instanceof PluginOptions o && o.jars != null) given = o.jars;
        }
        try {
            use(given);
        } catch (Main.BadOption e) { // thrown before the command runs: through picocli's handler of failed commands
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Whether this command was given any {@code --plugin}. */
    boolean given() {
        return jars != null && !jars.isEmpty();
    }

    /**
     * Makes the plug-ins those on the class path and in {@code jars}: each jar checked first
     * (it exists, is a jar, names a provider), and any clash of names said with where each came
     * from. On an error the plug-ins in use stay.
     */
    static synchronized void use(List<Path> jars) {
        Set<Path> files = new LinkedHashSet<>(); // the same jar given twice is one jar
        for (Path jar : jars) files.add(check(jar));
        URLClassLoader next = null;
        if (!files.isEmpty()) {
            List<URL> urls = new ArrayList<>();
            for (Path f : files) {
                try {
                    urls.add(f.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new Main.BadOption("--plugin " + f + ": not a file path (" + e.getMessage() + ")");
                }
            }
            next = new URLClassLoader("procsim-plugins", urls.toArray(URL[]::new), SchedulerRegistry.class.getClassLoader());
        }
        try {
            SchedulerRegistry.usePlugins(next);
        } catch (IllegalArgumentException e) {
            close(next);
            throw new Main.BadOption(e.getMessage());
        }
        URLClassLoader before = loader;
        loader = next;
        close(before); // its classes stay usable by whatever still holds them; only further loading from it ends
    }

    /** A plug-in jar as a real path, or exit status 2 saying what is wrong with it, naming it as given. */
    private static Path check(Path jar) {
        String name = "--plugin " + jar;
        if (!Files.exists(jar)) {
            throw new Main.BadOption(name + ": does not exist" + (jar.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
        if (Files.isDirectory(jar)) throw new Main.BadOption(name + ": is a folder, not a jar");
        if (!Files.isReadable(jar)) throw new Main.BadOption(name + ": cannot read: permission denied");
        try (JarFile j = new JarFile(jar.toFile())) {
            ZipEntry services = j.getEntry(SchedulerPlugins.SERVICES);
            List<String> providers;
            try (InputStream in = services == null ? InputStream.nullInputStream() : j.getInputStream(services)) {
                providers = SchedulerPlugins.providerClasses(in);
            }
            if (providers.isEmpty()) {
                throw new Main.BadOption(name + ": no scheduler plug-in in it: a plug-in jar names its provider classes in "
                        + SchedulerPlugins.SERVICES + " (see examples/plugin/)");
            }
            return jar.toRealPath();
        } catch (IOException e) {
            throw new Main.BadOption(name + ": not a readable jar: " + InputText.reason(e));
        }
    }

    private static void close(URLClassLoader l) {
        if (l == null) return;
        try {
            l.close();
        } catch (IOException e) {
            // nothing to do: the jars are only read
        }
    }
}

package dev.procsim.sched;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds the scheduler plug-ins a class loader sees ({@link SchedulerProvider}s, through
 * {@link ServiceLoader}) and checks them: a name that is neither a built-in scheduler's nor
 * another plug-in's, and each provider class in one jar only (ServiceLoader would quietly take the
 * first of two copies, so that two versions of a plug-in never collide by name). Internal:
 * plug-ins only implement {@link SchedulerProvider}.
 */
public final class SchedulerPlugins {
    /** The file in a plug-in's jar that names its provider classes, one a line. */
    public static final String SERVICES = "META-INF/services/" + SchedulerProvider.class.getName();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The plug-ins found, in order of name, and where each was loaded from (a jar or folder). */
    record Found(Map<String, SchedulerRegistry.Entry> entries, Map<String, String> sources) {}

    private SchedulerPlugins() {}

    /** The plug-ins {@code loader} sees, checked against each other and against {@code builtIns}. */
    static Found discover(ClassLoader loader, Map<String, SchedulerRegistry.Entry> builtIns) {
        oneCopyEach(loader);
        // by name, not in class-path order: the listing and the errors do not depend on the order of the jars
        Map<String, SchedulerRegistry.Entry> entries = new TreeMap<>();
        Map<String, String> sources = new HashMap<>(), classes = new HashMap<>();
        try {
            for (SchedulerProvider p : ServiceLoader.load(SchedulerProvider.class, loader)) {
                String cls = p.getClass().getName(), source = source(p.getClass()), who = cls + " in " + source;
                SchedulerRegistry.Entry e = entry(p, who);
                String name = e.name();
                if (builtIns.containsKey(name)) {
                    throw new IllegalArgumentException("scheduler plug-in " + who + " is named '" + name + "', as a built-in scheduler of procsim (in "
                            + source(SchedulerRegistry.class) + "); give the plug-in another name");
                }
                if (entries.containsKey(name)) {
                    throw new IllegalArgumentException("two scheduler plug-ins are named '" + name + "': " + classes.get(name) + " in " + sources.get(name)
                            + " and " + who + "; remove one or rename it");
                }
                entries.put(name, e);
                sources.put(name, source);
                classes.put(name, cls);
            }
        } catch (ServiceConfigurationError | LinkageError e) { // a class missing, not a provider, or built against another procsim
            throw new IllegalArgumentException("cannot load a scheduler plug-in: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
        return new Found(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), Map.copyOf(sources));
    }

    private static SchedulerRegistry.Entry entry(SchedulerProvider p, String who) {
        String name, description;
        List<SchedulerRegistry.Param> params;
        try {
            name = p.name();
            description = p.description();
            params = p.params();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("scheduler plug-in " + who + " failed to give its name, description or parameters: " + e);
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scheduler plug-in " + who + ": '" + name
                    + "' is not a scheduler name (letters, digits, '-', '_' and '.', beginning with a letter or digit)");
        }
        Set<String> seen = new HashSet<>();
        for (SchedulerRegistry.Param q : params == null ? List.<SchedulerRegistry.Param>of() : params) {
            if (q == null || q.name() == null || q.defaultValue() == null) {
                throw new IllegalArgumentException("scheduler plug-in " + who + ": a parameter without a name or a default (no default is written \"\")");
            }
            if (q.name().equals("name")) {
                throw new IllegalArgumentException("scheduler plug-in " + who + ": no parameter may be called 'name' (experiment files write {name: "
                        + name + ", ...})");
            }
            if (!seen.add(q.name())) throw new IllegalArgumentException("scheduler plug-in " + who + ": parameter '" + q.name() + "' is declared twice");
        }
        return new SchedulerRegistry.Entry(name, description == null ? "" : description, params == null ? List.of() : List.copyOf(params), p::create);
    }

    /** Every provider class named by the services files {@code loader} sees is in one jar or folder only. */
    private static void oneCopyEach(ClassLoader loader) {
        Map<String, String> seen = new HashMap<>();
        try {
            for (URL u : Collections.list(loader.getResources(SERVICES))) {
                String where = servicesSource(u);
                URLConnection c = u.openConnection();
                c.setUseCaches(false); // a cached jar would stay open after its class loader is closed
                List<String> names;
                try (InputStream in = c.getInputStream()) {
                    names = providerClasses(in);
                }
                for (String name : names) {
                    String first = seen.putIfAbsent(name, where);
                    if (first != null && !first.equals(where)) {
                        throw new IllegalArgumentException("scheduler plug-in " + name + " is in both " + first + " and " + where
                                + " (two copies or versions of one plug-in?); keep one");
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the scheduler plug-ins' " + SERVICES + ": " + e.getMessage());
        }
    }

    /** The class names a services file lists: one a line, {@code #} starting a comment. */
    public static List<String> providerClasses(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!name.isEmpty()) names.add(name);
        }
        return names;
    }

    /** The jar or folder a class was loaded from, as a path when it is a file. */
    static String source(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? "an unknown place" : location(cs.getLocation().toString());
    }

    /** The jar or folder holding a services file ({@code jar:file:/a/b.jar!/META-INF/...} or {@code file:/a/classes/META-INF/...}). */
    private static String servicesSource(URL u) {
        String s = u.toString();
        if (s.startsWith("jar:") && s.contains("!/")) s = s.substring(4, s.indexOf("!/"));
        else if (s.endsWith(SERVICES)) s = s.substring(0, s.length() - SERVICES.length());
        return location(s);
    }

    /** A file URL as a real path (so that one jar reached by two spellings is one place), else the URL. */
    private static String location(String url) {
        try {
            Path p = Path.of(new URI(url));
            try {
                return p.toRealPath().toString();
            } catch (IOException e) {
                return p.toString();
            }
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return url;
        }
    }
}

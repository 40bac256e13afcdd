package dev.bitflow.plugins.host;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.PluginCatalog;
import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.ModelExporter;
import dev.bitflow.engine.spi.ModelImporter;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Discovers {@code engine.spi} services with {@link ServiceLoader}: first on the application's class path
 * (the built-in plugins), then in each jar of a plugins folder (default {@code ~/.bitflow/plugins}), each jar
 * in its own {@link URLClassLoader} whose parent is the application's loader, so a plugin sees
 * {@code engine.api} and {@code engine.spi} but not the other plugin jars.
 *
 * <p>Nothing a plugin does can stop the host: an unreadable jar, a service entry naming a missing class or a
 * class of the wrong type, a provider whose constructor or {@code id()} throws, and a second provider of an
 * id already taken each become a {@link PluginProblem} naming the jar (or {@code classpath}) and the reason,
 * and discovery goes on. The first provider of an id wins; the class path is searched before the folder.
 *
 * <p>The kinds listed in {@link #plugins()} are the SPI types the host knows (data sets, exporters, importers);
 * {@link #services(Class)} also loads any other SPI type on first request, from the same loaders.
 *
 * <p>Discovery is lazy: nothing is scanned, and no plugin class is loaded, until {@link #plugins()},
 * {@link #problems()} or {@link #services(Class)} is first called, so commands that need no data set
 * ({@code check}, {@code inspect}, {@code --version}) never run plugin code. Plugin code runs through
 * {@link PluginCalls}: off the caller's thread, with a time limit (system properties
 * {@value #TIMEOUT_PROPERTY} and {@value #LONG_TIMEOUT_PROPERTY}, in seconds), every {@link Throwable} and
 * every {@code null} result reported per plugin; the services of plugin jars are handed out behind a proxy
 * that does the same for every later call. A plugin that calls {@code System.exit} is reported and the
 * process ends with status {@value PluginCalls#EXIT_STATUS} (decision 0110).
 */
public final class PluginHost implements PluginCatalog, AutoCloseable {
    /** System property that overrides the plugins folder. */
    public static final String PLUGINS_DIR_PROPERTY = "bitflow.plugins.dir";
    /** Environment variable that overrides the plugins folder (the system property wins). */
    public static final String PLUGINS_DIR_ENV = "BITFLOW_PLUGINS_DIR";
    private static final int MAX_ENTRIES_PER_LOADER = 10_000;
    /** System property: time limit in seconds of a plugin call that describes it (default 10). */
    public static final String TIMEOUT_PROPERTY = "bitflow.plugins.timeoutSeconds";
    /** System property: time limit in seconds of a plugin call marked LongRunning (default 1800). */
    public static final String LONG_TIMEOUT_PROPERTY = "bitflow.plugins.longTimeoutSeconds";

    /** An SPI type the host lists, with how to describe one of its services. */
    private record Kind<T>(Class<T> type, String name, Describer<T> describer) {
        PluginInfo describe(Object service, String source, boolean builtIn) {
            return describer.describe(type.cast(service), source, builtIn);
        }
    }

    @FunctionalInterface
    private interface Describer<T> {
        PluginInfo describe(T service, String source, boolean builtIn);
    }

    private static final List<Kind<?>> KINDS = List.of(
            new Kind<>(DatasetProvider.class, "dataset", (p, source, builtIn) ->
                    new PluginInfo(p.id(), "dataset", p.displayName(), p.description(), source, builtIn)),
            new Kind<>(ModelExporter.class, "exporter", (p, source, builtIn) ->
                    new PluginInfo(p.id(), "exporter", p.displayName(), p.description(), source, builtIn)),
            new Kind<>(ModelImporter.class, "importer", (p, source, builtIn) ->
                    new PluginInfo(p.id(), "importer", p.displayName(), p.description(), source, builtIn)));

    private final ClassLoader appLoader;
    private final Path pluginsDir;
    private final Duration timeout;
    private final Duration longTimeout;
    /** The jar loaders, keyed by jar path as shown to users, in discovery order. */
    private final Map<String, URLClassLoader> jarLoaders = new LinkedHashMap<>();
    private final List<PluginInfo> plugins = new ArrayList<>();
    private final List<PluginProblem> problems = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, List<Object>> services = new HashMap<>();
    private PluginCalls calls;

    private PluginHost(ClassLoader appLoader, Path pluginsDir, Duration timeout, Duration longTimeout) {
        this.appLoader = appLoader;
        this.pluginsDir = pluginsDir;
        this.timeout = timeout;
        this.longTimeout = longTimeout;
    }

    /**
     * Discovers the plugins visible to {@code loader} and those in the default plugins folder
     * ({@link #defaultPluginsDir()}; skipped when it does not exist).
     */
    public static PluginHost discover(ClassLoader loader) {
        return discover(loader, defaultPluginsDir());
    }

    /**
     * Discovers the plugins visible to {@code loader} and those in the jars of {@code pluginsDir}.
     *
     * @param pluginsDir folder of plugin jars, or null for the class path only; a folder that does not exist
     *                   holds no plugins (not a problem), a path that is not a folder is a problem
     */
    public static PluginHost discover(ClassLoader loader, Path pluginsDir) {
        return discover(loader, pluginsDir, seconds(TIMEOUT_PROPERTY, 10), seconds(LONG_TIMEOUT_PROPERTY, 1800));
    }

    /**
     * As {@link #discover(ClassLoader, Path)}, with the time limits of plugin calls given.
     *
     * @param timeout     limit of calls that describe a plugin (constructor, id, names, availability)
     * @param longTimeout limit of calls marked {@link dev.bitflow.engine.spi.LongRunning}
     */
    public static PluginHost discover(ClassLoader loader, Path pluginsDir, Duration timeout, Duration longTimeout) {
        return new PluginHost(loader, pluginsDir, timeout, longTimeout);
    }

    private static Duration seconds(String property, long fallback) {
        try {
            long v = Long.parseLong(System.getProperty(property, Long.toString(fallback)).trim());
            return Duration.ofSeconds(v > 0 ? v : fallback);
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(fallback);
        }
    }

    /**
     * The plugins folder used by {@link #discover(ClassLoader)}: the system property
     * {@value #PLUGINS_DIR_PROPERTY}, else the environment variable {@value #PLUGINS_DIR_ENV}, else
     * {@code ~/.bitflow/plugins}.
     */
    public static Path defaultPluginsDir() {
        String property = System.getProperty(PLUGINS_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(PLUGINS_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".bitflow", "plugins");
    }

    /** The plugins folder searched, if any. */
    @Override
    public Optional<Path> pluginsFolder() {
        return Optional.ofNullable(pluginsDir);
    }

    @Override
    public synchronized List<PluginInfo> plugins() {
        scanOnce();
        return List.copyOf(plugins);
    }

    @Override
    public List<PluginProblem> problems() {
        synchronized (this) {
            scanOnce();
        }
        return List.copyOf(problems);
    }

    /** Whether discovery has run (it runs on the first request for plugins, problems or services). */
    public synchronized boolean scanned() {
        return calls != null;
    }

    @Override
    public synchronized <T> List<T> services(Class<T> spiType) {
        scanOnce();
        List<Object> found = services.get(spiType);
        if (found == null) {
            found = loadAll(spiType, null);
            services.put(spiType, found);
        }
        return found.stream().map(spiType::cast).toList();
    }

    /** Closes the plugin jars' class loaders; services from jars must not be used afterwards. */
    @Override
    public synchronized void close() throws IOException {
        if (calls != null) {
            calls.close();
        }
        for (URLClassLoader loader : jarLoaders.values()) {
            loader.close();
        }
    }

    private void scanOnce() {
        if (calls != null) {
            return;
        }
        calls = new PluginCalls(timeout, longTimeout, this::report, System.err);
        openJars();
        for (Kind<?> kind : KINDS) {
            services.put(kind.type(), loadAll(kind.type(), kind));
        }
    }

    private void openJars() {
        if (pluginsDir == null || !Files.exists(pluginsDir)) {
            return;
        }
        if (!Files.isDirectory(pluginsDir)) {
            report(pluginsDir.toString(), "the plugins folder is not a folder");
            return;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(pluginsDir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            report(pluginsDir.toString(), "cannot list the plugins folder: " + e.getMessage());
            return;
        }
        for (Path jar : jars) {
            String source = jar.toString();
            try (JarFile check = new JarFile(jar.toFile())) {
                check.getManifest(); // reads the central directory: fails on a damaged or non-zip file
            } catch (IOException | SecurityException e) {
                report(source, "not a readable jar: " + e.getMessage());
                continue;
            }
            try {
                jarLoaders.put(source, new URLClassLoader("plugin " + jar.getFileName(),
                        new URL[] {jar.toUri().toURL()}, appLoader));
            } catch (MalformedURLException e) {
                report(source, "cannot open: " + e.getMessage());
            }
        }
    }

    /** Loads every service of {@code type}: class path first, then each jar; records infos for listed kinds. */
    private List<Object> loadAll(Class<?> type, Kind<?> kind) {
        List<Object> found = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Set<String> classpathErrors = new HashSet<>();
        load(type, kind, appLoader, null, "classpath", found, ids, classpathErrors);
        for (Map.Entry<String, URLClassLoader> jar : jarLoaders.entrySet()) {
            load(type, kind, jar.getValue(), jar.getValue(), jar.getKey(), found, ids, classpathErrors);
        }
        return Collections.unmodifiableList(found);
    }

    /**
     * One loader's services of {@code type}. For a jar ({@code ownLoader != null}) only the services whose
     * class that jar defines are taken (the loader also sees the class path through its parent), and errors
     * already reported for the class path are not repeated.
     */
    private void load(Class<?> type, Kind<?> kind, ClassLoader loader, ClassLoader ownLoader, String source,
                      List<Object> found, Map<String, String> ids, Set<String> classpathErrors) {
        Iterator<?> it;
        try {
            it = calls.call(source, "finding " + type.getSimpleName() + " services",
                    () -> ServiceLoader.load(type, loader).iterator());
        } catch (ServiceConfigurationError e) {
            report(source, describe(e));
            return;
        } catch (BadInputException e) {
            return; // reported
        }
        for (int guard = 0; guard < MAX_ENTRIES_PER_LOADER; guard++) {
            Next next;
            try {
                next = calls.call(source, "loading the next " + type.getSimpleName() + " service", () -> next(it));
            } catch (BadInputException e) {
                return; // reported; a hung or broken iterator cannot go on
            }
            if (next.end()) {
                return;
            }
            if (next.error() != null) {
                if (ownLoader == null) {
                    classpathErrors.add(next.error());
                    report(source, next.error());
                } else if (!classpathErrors.contains(next.error())) {
                    report(source, next.error());
                }
                continue;
            }
            Object service = next.service();
            if (ownLoader != null && service.getClass().getClassLoader() != ownLoader) {
                continue;
            }
            accept(type, kind, service, source, ownLoader == null, found, ids);
        }
        report(source, "more than " + MAX_ENTRIES_PER_LOADER + " service entries for "
                + type.getName() + "; the rest were ignored");
    }

    /** One step of a service iterator: a service, the end, or a worded configuration error. */
    private record Next(Object service, String error, boolean end) {
    }

    private static Next next(Iterator<?> it) {
        try {
            return it.hasNext() ? new Next(it.next(), null, false) : new Next(null, null, true);
        } catch (ServiceConfigurationError | LinkageError e) {
            return new Next(null, describe(e), false);
        }
    }

    private void accept(Class<?> type, Kind<?> kind, Object service, String source, boolean builtIn,
                        List<Object> found, Map<String, String> ids) {
        PluginInfo info;
        String className = service.getClass().getName();
        try {
            info = calls.call(source, className + " describing itself", () -> {
                try {
                    PluginInfo i = kind != null ? kind.describe(service, source, builtIn)
                            : new PluginInfo(className, type.getSimpleName(), service.getClass().getSimpleName(), "",
                            source, builtIn);
                    return Optional.of(i);
                } catch (RuntimeException | LinkageError e) {
                    report(source, className + " failed to describe itself: " + e);
                    return Optional.<PluginInfo>empty();
                }
            }).orElse(null);
        } catch (BadInputException e) {
            return; // reported
        }
        if (info == null) {
            return;
        }
        if (info.id() == null || info.id().isBlank()) {
            report(source, service.getClass().getName() + " has no id; ignored");
            return;
        }
        String first = ids.putIfAbsent(info.id(), source);
        if (first != null) {
            report(source, "duplicate " + info.kind() + " id '" + info.id() + "' ("
                    + service.getClass().getName() + "); already provided by " + first + ", so this one is ignored");
            return;
        }
        found.add(builtIn ? service : calls.guard(cast(type), service, source));
        if (kind != null) {
            plugins.add(new PluginInfo(info.id(), info.kind(), info.name() == null ? info.id() : info.name(),
                    info.description() == null ? "" : info.description(), info.source(), info.builtIn()));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> cast(Class<?> type) {
        return (Class<T>) type;
    }

    /** Records a problem once (a plugin failing on every call is listed once). */
    private void report(String source, String message) {
        PluginProblem problem = new PluginProblem(source, message);
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" (caused by ").append(cause).append(')');
        }
        return text.toString();
    }
}

package dev.bitflow.plugins.host;

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
 */
public final class PluginHost implements PluginCatalog, AutoCloseable {
    /** System property that overrides the plugins folder. */
    public static final String PLUGINS_DIR_PROPERTY = "bitflow.plugins.dir";
    /** Environment variable that overrides the plugins folder (the system property wins). */
    public static final String PLUGINS_DIR_ENV = "BITFLOW_PLUGINS_DIR";
    private static final int MAX_ENTRIES_PER_LOADER = 10_000;

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
    /** The jar loaders, keyed by jar path as shown to users, in discovery order. */
    private final Map<String, URLClassLoader> jarLoaders = new LinkedHashMap<>();
    private final List<PluginInfo> plugins = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final Map<Class<?>, List<Object>> services = new HashMap<>();

    private PluginHost(ClassLoader appLoader, Path pluginsDir) {
        this.appLoader = appLoader;
        this.pluginsDir = pluginsDir;
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
        PluginHost host = new PluginHost(loader, pluginsDir);
        host.scan();
        return host;
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
        return List.copyOf(plugins);
    }

    @Override
    public synchronized List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized <T> List<T> services(Class<T> spiType) {
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
        for (URLClassLoader loader : jarLoaders.values()) {
            loader.close();
        }
    }

    private void scan() {
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
            problems.add(new PluginProblem(pluginsDir.toString(), "the plugins folder is not a folder"));
            return;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(pluginsDir)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            problems.add(new PluginProblem(pluginsDir.toString(), "cannot list the plugins folder: " + e.getMessage()));
            return;
        }
        for (Path jar : jars) {
            String source = jar.toString();
            try (JarFile check = new JarFile(jar.toFile())) {
                check.getManifest(); // reads the central directory: fails on a damaged or non-zip file
            } catch (IOException | SecurityException e) {
                problems.add(new PluginProblem(source, "not a readable jar: " + e.getMessage()));
                continue;
            }
            try {
                jarLoaders.put(source, new URLClassLoader("plugin " + jar.getFileName(),
                        new URL[] {jar.toUri().toURL()}, appLoader));
            } catch (MalformedURLException e) {
                problems.add(new PluginProblem(source, "cannot open: " + e.getMessage()));
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
            it = ServiceLoader.load(type, loader).iterator();
        } catch (ServiceConfigurationError e) {
            problems.add(new PluginProblem(source, describe(e)));
            return;
        }
        for (int guard = 0; guard < MAX_ENTRIES_PER_LOADER; guard++) {
            Object service;
            try {
                if (!it.hasNext()) {
                    return;
                }
                service = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                String message = describe(e);
                if (ownLoader == null) {
                    classpathErrors.add(message);
                    problems.add(new PluginProblem(source, message));
                } else if (!classpathErrors.contains(message)) {
                    problems.add(new PluginProblem(source, message));
                }
                continue;
            }
            if (ownLoader != null && service.getClass().getClassLoader() != ownLoader) {
                continue;
            }
            accept(type, kind, service, source, ownLoader == null, found, ids);
        }
        problems.add(new PluginProblem(source, "more than " + MAX_ENTRIES_PER_LOADER + " service entries for "
                + type.getName() + "; the rest were ignored"));
    }

    private void accept(Class<?> type, Kind<?> kind, Object service, String source, boolean builtIn,
                        List<Object> found, Map<String, String> ids) {
        PluginInfo info;
        try {
            info = kind != null ? kind.describe(service, source, builtIn)
                    : new PluginInfo(service.getClass().getName(), type.getSimpleName(), service.getClass().getSimpleName(),
                    "", source, builtIn);
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(source, service.getClass().getName() + " failed to describe itself: " + e));
            return;
        }
        if (info.id() == null || info.id().isBlank()) {
            problems.add(new PluginProblem(source, service.getClass().getName() + " has no id; ignored"));
            return;
        }
        String first = ids.putIfAbsent(info.id(), source);
        if (first != null) {
            problems.add(new PluginProblem(source, "duplicate " + info.kind() + " id '" + info.id() + "' ("
                    + service.getClass().getName() + "); already provided by " + first + ", so this one is ignored"));
            return;
        }
        found.add(service);
        if (kind != null) {
            plugins.add(info);
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

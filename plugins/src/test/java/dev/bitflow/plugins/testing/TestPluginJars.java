package dev.bitflow.plugins.testing;

import dev.bitflow.engine.spi.DatasetProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Test helper: real plugin jars, compiled by javac against the engine classes and packed with their service
 * entry, so tests run the host on the same bytes a user would drop into the plugins folder. A data-set
 * plugin is written from a template whose method bodies a test replaces to make it misbehave.
 */
public final class TestPluginJars {
    /** The service entry of data-set plugins. */
    public static final String DATASET_SPI = "META-INF/services/" + DatasetProvider.class.getName();

    private final Path pluginsDir;
    private final Path work;

    /**
     * @param pluginsDir where the jars go (the plugins folder under test)
     * @param work       a scratch folder for sources and classes
     */
    public TestPluginJars(Path pluginsDir, Path work) {
        this.pluginsDir = pluginsDir;
        this.work = work;
    }

    /** The method bodies of a well-behaved data-set plugin, keyed by member; replace some to misbehave. */
    public static Map<String, String> wellBehaved(String id) {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("constructor", "");
        bodies.put("id", "return \"" + id + "\";");
        bodies.put("displayName", "return \"" + id + " data\";");
        bodies.put("description", "return \"test plugin\";");
        bodies.put("classNames", "return java.util.List.of(\"a\", \"b\");");
        bodies.put("isAvailable", "return true;");
        bodies.put("count", "return 7;");
        bodies.put("load", "throw new java.io.IOException(\"no data in a test plugin\");");
        return bodies;
    }

    /** Compiles a data-set plugin {@code com.example.<simpleName>} with these bodies into {@code jarName}. */
    public Path datasetPlugin(String jarName, String simpleName, Map<String, String> bodies) throws IOException {
        String source = "package com.example;\n"
                + "import dev.bitflow.engine.api.data.DataLocation;\n"
                + "import dev.bitflow.engine.spi.*;\n"
                + "public class " + simpleName + " implements DatasetProvider {\n"
                + "  public " + simpleName + "() { " + bodies.get("constructor") + " }\n"
                + "  public String id() { " + bodies.get("id") + " }\n"
                + "  public String displayName() { " + bodies.get("displayName") + " }\n"
                + "  public String description() { " + bodies.get("description") + " }\n"
                + "  public java.util.List<String> classNames() { " + bodies.get("classNames") + " }\n"
                + "  public boolean isAvailable(DataLocation l) { " + bodies.get("isAvailable") + " }\n"
                + "  public int count(Split s, DataLocation l) throws java.io.IOException { " + bodies.get("count") + " }\n"
                + "  public RawImages load(Split s, DataLocation l) throws java.io.IOException { " + bodies.get("load") + " }\n"
                + "}\n";
        return compiledJar(jarName, "com.example." + simpleName, source);
    }

    /** Compiles {@code source} (one class) against the engine classes and packs it with its data-set service entry. */
    public Path compiledJar(String jarName, String className, String source) throws IOException {
        return compiledJar(jarName, className, source, DatasetProvider.class);
    }

    /** Compiles {@code source} (one class) against the engine classes and packs it as a service of {@code spiType}. */
    public Path compiledJar(String jarName, String className, String source, Class<?> spiType) throws IOException {
        Path src = work.resolve("src-" + jarName);
        Path classes = work.resolve("classes-" + jarName);
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.createDirectories(classes);
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-cp", engineClasses().toString(), "-d",
                classes.toString(), file.toString());
        if (rc != 0) {
            throw new IllegalStateException("the test plugin did not compile: " + file);
        }
        Map<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        entries.put("META-INF/services/" + spiType.getName(), (className + "\n").getBytes(StandardCharsets.UTF_8));
        return writeJar(pluginsDir.resolve(jarName), entries);
    }

    /** A jar of text entries (for example a service entry naming a class that is not there). */
    public Path textJar(String name, Map<String, String> textEntries) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        textEntries.forEach((k, v) -> entries.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return writeJar(pluginsDir.resolve(name), entries);
    }

    private static Path writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return jar;
    }

    private static Path engineClasses() {
        try {
            return Path.of(DatasetProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

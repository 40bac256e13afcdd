package dev.bitflow.plugins.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.PluginInfo;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.plugins.datasets.FashionMnistDatasetProvider;
import dev.bitflow.plugins.testing.TestPluginJars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHostTest {
    private static final String SPI = TestPluginJars.DATASET_SPI;

    @TempDir
    Path dir;

    @TempDir
    Path work;

    private final ClassLoader app = getClass().getClassLoader();

    /** The built-in data-set plugins, in the order of the service file. */
    static final List<String> BUILT_IN = List.of("fashion-mnist", "idx", "images", "cifar10", "hands");

    private static List<String> builtInAnd(String... more) {
        List<String> ids = new java.util.ArrayList<>(BUILT_IN);
        ids.addAll(List.of(more));
        return ids;
    }

    @Test
    void classpathDiscoveryFindsFashionMnist() throws IOException {
        try (PluginHost host = PluginHost.discover(app, null)) {
            assertThat(datasets(host)).extracting(PluginInfo::id).containsExactlyElementsOf(BUILT_IN);
            PluginInfo info = datasets(host).get(0);
            assertThat(info.kind()).isEqualTo("dataset");
            assertThat(info.source()).isEqualTo("classpath");
            assertThat(info.builtIn()).isTrue();
            assertThat(host.problems()).isEmpty();
            List<DatasetProvider> datasets = host.services(DatasetProvider.class);
            assertThat(datasets.get(0)).isInstanceOf(FashionMnistDatasetProvider.class);
            assertThat(datasets.get(0).isAvailable(DataLocation.mini())).isTrue();
            // any other SPI type: loaded on request, none here
            assertThat(host.services(Runnable.class)).isEmpty();
            assertThat(host.pluginsFolder()).isEmpty();
        }
    }

    /** The data-set plugins the host lists (exporters and importers are listed too). */
    private static List<PluginInfo> datasets(PluginHost host) {
        return host.plugins().stream().filter(p -> p.kind().equals("dataset")).toList();
    }

    @Test
    void builtInExportersAndImporterAreListed() throws IOException {
        try (PluginHost host = PluginHost.discover(app, null)) {
            assertThat(host.plugins()).filteredOn(p -> p.kind().equals("exporter")).extracting(PluginInfo::id)
                    .containsExactly("c", "onnx", "pytorch");
            assertThat(host.plugins()).filteredOn(p -> p.kind().equals("importer")).extracting(PluginInfo::id)
                    .containsExactly("npz");
            assertThat(host.plugins()).allMatch(PluginInfo::builtIn);
            assertThat(host.problems()).isEmpty();
        }
    }

    @Test
    void missingFolderIsNotAProblem() throws IOException {
        try (PluginHost host = PluginHost.discover(app, dir.resolve("no-such-folder"))) {
            assertThat(host.problems()).isEmpty();
            assertThat(datasets(host)).hasSize(BUILT_IN.size());
            assertThat(host.pluginsFolder()).contains(dir.resolve("no-such-folder"));
        }
    }

    @Test
    void badServiceEntryInAJarIsReportedAndDoesNotCrash() throws IOException {
        Path jar = jar("broken.jar", Map.of(SPI, "com.example.NoSuchProvider\n"));
        try (PluginHost host = PluginHost.discover(app, dir)) {
            assertThat(datasets(host)).extracting(PluginInfo::id).containsExactlyElementsOf(BUILT_IN);
            assertThat(host.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).isEqualTo(jar.toString());
                assertThat(p.message()).contains("com.example.NoSuchProvider", "not found");
            });
            assertThat(host.services(DatasetProvider.class)).hasSize(BUILT_IN.size());
        }
    }

    @Test
    void damagedJarIsReported() throws IOException {
        Path bad = dir.resolve("garbage.jar");
        Files.write(bad, "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        try (PluginHost host = PluginHost.discover(app, dir)) {
            assertThat(host.problems()).singleElement().satisfies(p -> {
                assertThat(p.source()).isEqualTo(bad.toString());
                assertThat(p.message()).startsWith("not a readable jar");
            });
            assertThat(datasets(host)).hasSize(BUILT_IN.size());
        }
    }

    @Test
    void workingThrowingAndDuplicatePluginsInJars() throws IOException {
        Path good = compiledJar("digits.jar", "com.example.Digits", provider("com.example", "Digits", "\"digits\"", ""));
        Path throwing = compiledJar("throws.jar", "com.example.Boom",
                provider("com.example", "Boom", "\"boom\"", "throw new IllegalStateException(\"no licence key\");"));
        Path dup = compiledJar("dup.jar", "com.example.Dup", provider("com.example", "Dup", "\"fashion-mnist\"", ""));
        Path badId = compiledJar("badid.jar", "com.example.BadId",
                provider("com.example", "BadId", "((String) null).trim()", ""));
        try (PluginHost host = PluginHost.discover(app, dir)) {
            assertThat(datasets(host)).extracting(PluginInfo::id).containsExactlyElementsOf(builtInAnd("digits"));
            PluginInfo digits = datasets(host).get(BUILT_IN.size());
            assertThat(digits.source()).isEqualTo(good.toString());
            assertThat(digits.builtIn()).isFalse();
            assertThat(host.services(DatasetProvider.class)).extracting(DatasetProvider::id)
                    .containsExactlyElementsOf(builtInAnd("digits"));
            // a jar's service is handed out behind the host's guard (a proxy), never as the plugin's own object
            assertThat(java.lang.reflect.Proxy.isProxyClass(
                    host.services(DatasetProvider.class).get(BUILT_IN.size()).getClass())).isTrue();
            List<PluginProblem> problems = host.problems();
            assertThat(problems).hasSize(3);
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.source()).isEqualTo(throwing.toString());
                assertThat(p.message()).contains("com.example.Boom", "no licence key");
            });
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.source()).isEqualTo(dup.toString());
                assertThat(p.message()).contains("duplicate dataset id 'fashion-mnist'", "already provided by classpath");
            });
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.source()).isEqualTo(badId.toString());
                assertThat(p.message()).contains("com.example.BadId failed to describe itself", "NullPointerException");
            });
        }
    }

    @Test
    void defaultFolderCanBeOverriddenWithASystemProperty() {
        String old = System.getProperty(PluginHost.PLUGINS_DIR_PROPERTY);
        try {
            System.setProperty(PluginHost.PLUGINS_DIR_PROPERTY, dir.toString());
            assertThat(PluginHost.defaultPluginsDir()).isEqualTo(dir);
        } finally {
            if (old == null) {
                System.clearProperty(PluginHost.PLUGINS_DIR_PROPERTY);
            } else {
                System.setProperty(PluginHost.PLUGINS_DIR_PROPERTY, old);
            }
        }
        if (System.getenv(PluginHost.PLUGINS_DIR_ENV) == null) {
            assertThat(PluginHost.defaultPluginsDir().endsWith(Path.of(".bitflow", "plugins"))).isTrue();
        }
    }

    private static String provider(String pkg, String name, String idExpression, String constructorBody) {
        return "package " + pkg + ";\n"
                + "import dev.bitflow.engine.api.data.DataLocation;\n"
                + "import dev.bitflow.engine.spi.*;\n"
                + "public class " + name + " implements DatasetProvider {\n"
                + "  public " + name + "() { " + constructorBody + " }\n"
                + "  public String id() { return " + idExpression + "; }\n"
                + "  public String displayName() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test plugin\"; }\n"
                + "  public java.util.List<String> classNames() { return java.util.List.of(\"a\", \"b\"); }\n"
                + "  public boolean isAvailable(DataLocation l) { return false; }\n"
                + "  public RawImages load(Split s, DataLocation l) { throw new UnsupportedOperationException(); }\n"
                + "}\n";
    }

    private Path compiledJar(String jarName, String className, String source) throws IOException {
        return new TestPluginJars(dir, work).compiledJar(jarName, className, source);
    }

    private Path jar(String name, Map<String, String> textEntries) throws IOException {
        return new TestPluginJars(dir, work).textJar(name, textEntries);
    }
}

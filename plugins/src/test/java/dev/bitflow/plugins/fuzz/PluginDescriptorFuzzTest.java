package dev.bitflow.plugins.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import dev.bitflow.plugins.testing.TestPluginJars;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

/**
 * The plugin host on any service descriptor ({@code META-INF/services/...DatasetProvider} of a plugin jar
 * that also holds a working provider class): discovery, the listing and the data-set overview must never
 * throw; every defect is a listed problem.
 */
class PluginDescriptorFuzzTest {
    private static final Path DIR = folder("plugins");
    private static final byte[] PROVIDER_CLASS = compileProvider();

    private static Path folder(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "bitflow-plugin-fuzz-" + ProcessHandle.current().pid(), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] compileProvider() {
        try {
            Path jar = new TestPluginJars(folder("compiled"), folder("work"))
                    .datasetPlugin("good.jar", "Good", TestPluginJars.wellBehaved("good"));
            try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (e.getName().equals("com/example/Good.class")) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new IllegalStateException("no provider class compiled");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void serviceFile(byte[] descriptor) throws IOException {
        try (OutputStream out = Files.newOutputStream(DIR.resolve("fuzzed.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("com/example/Good.class"));
            jar.write(PROVIDER_CLASS);
            jar.putNextEntry(new JarEntry(TestPluginJars.DATASET_SPI));
            jar.write(descriptor);
        }
        try (PluginHost host = PluginHost.discover(getClass().getClassLoader(), DIR, Duration.ofSeconds(2),
                Duration.ofSeconds(2))) {
            host.plugins();
            host.problems().forEach(p -> {
                if (p.message() == null || p.message().isBlank()) {
                    throw new AssertionError("a problem without a message from " + p.source());
                }
            });
            EngineProvider.load().create(host).datasets().available();
        }
    }
}

package dev.bitflow.plugins.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.plugins.testing.TestPluginJars;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins that misbehave (null results, throwing, an Error, hanging) are reported one by one and never stop
 * the host or hide each other; each case is a real jar compiled here. System.exit is in
 * {@code PluginExitTest} (app), which needs a process of its own.
 */
class PluginIsolationTest {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private final ClassLoader app = getClass().getClassLoader();

    private Path plugin(String jar, String name, Map<String, String> changes) throws IOException {
        Map<String, String> bodies = TestPluginJars.wellBehaved(name.toLowerCase());
        bodies.putAll(changes);
        return new TestPluginJars(dir, work).datasetPlugin(jar, name, bodies);
    }

    private static List<String> messages(PluginHost host, Path jar) {
        return host.problems().stream().filter(p -> p.source().equals(jar.toString())).map(PluginProblem::message).toList();
    }

    @Test
    void nullThrowingAndErrorPluginsAreEachReportedAndTheOthersStillWork() throws IOException {
        Path good = plugin("good.jar", "Good", Map.of());
        Path nullNames = plugin("null-names.jar", "NullNames", Map.of("classNames", "return null;"));
        Path throwsAvailable = plugin("throws-available.jar", "ThrowsAvailable",
                Map.of("isAvailable", "throw new IllegalStateException(\"disk on fire\");"));
        Path errorCount = plugin("error-count.jar", "ErrorCount",
                Map.of("count", "throw new StackOverflowError(\"counted forever\");"));
        try (PluginHost host = PluginHost.discover(app, dir)) {
            Engine engine = EngineProvider.load().create(host);
            List<DatasetInfo> sets = engine.datasets().available();
            // listed in jar order; the one without class names cannot be listed, the others show the failure
            assertThat(sets).extracting(DatasetInfo::id).containsSubsequence("fashion-mnist", "errorcount", "good",
                    "throwsavailable").doesNotContain("nullnames");
            assertThat(byId(sets, "good").locations()).allSatisfy(l -> assertThat(l.trainCount()).isEqualTo(7));
            assertThat(byId(sets, "throwsavailable").locations()).allSatisfy(l -> {
                assertThat(l.available()).isFalse();
                assertThat(l.help()).contains("disk on fire");
            });
            assertThat(messages(host, nullNames)).singleElement().asString()
                    .contains("com.example.NullNames.classNames() returned null");
            assertThat(messages(host, throwsAvailable)).first().asString()
                    .contains("com.example.ThrowsAvailable.isAvailable(mini) failed",
                            "java.lang.IllegalStateException: disk on fire");
            assertThat(messages(host, errorCount)).first().asString()
                    .contains("com.example.ErrorCount.count(TRAIN, mini) failed", "java.lang.StackOverflowError: counted forever");
            assertThat(messages(host, good)).isEmpty();
            // a direct call fails with a worded, typed error naming the plugin
            DatasetProvider nulls = host.services(DatasetProvider.class).stream()
                    .filter(p -> p.id().equals("nullnames")).findFirst().orElseThrow();
            assertThatThrownBy(nulls::classNames).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("plugin " + nullNames).hasMessageContaining("returned null");
            // the checked exception a method declares reaches the caller unchanged
            DatasetProvider goodOne = host.services(DatasetProvider.class).stream()
                    .filter(p -> p.id().equals("good")).findFirst().orElseThrow();
            assertThatThrownBy(() -> goodOne.load(dev.bitflow.engine.spi.Split.TRAIN, DataLocation.mini()))
                    .isInstanceOf(IOException.class).hasMessage("no data in a test plugin");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // a hang guard: the host gives up on the plugin after 500 ms
    void aPluginThatHangsInItsConstructorTimesOutAndIsReported() throws IOException {
        Path hangs = plugin("hangs.jar", "Hangs", Map.of("constructor",
                "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }"));
        Path good = plugin("later.jar", "Later", Map.of());
        try (PluginHost host = PluginHost.discover(app, dir, Duration.ofMillis(500), Duration.ofSeconds(5))) {
            assertThat(host.plugins()).extracting(p -> p.id()).contains("fashion-mnist", "later").doesNotContain("hangs");
            assertThat(messages(host, hangs)).singleElement().asString()
                    .contains("did not finish within 500 ms", "not called again");
            assertThat(messages(host, good)).isEmpty();
        }
    }

    @Test
    void discoveryIsLazy() throws IOException {
        plugin("good.jar", "Good", Map.of());
        try (PluginHost host = PluginHost.discover(app, dir)) {
            assertThat(host.scanned()).isFalse();
            assertThat(host.plugins()).extracting(p -> p.id()).contains("fashion-mnist", "good");
            assertThat(host.scanned()).isTrue();
        }
    }

    private static DatasetInfo byId(List<DatasetInfo> sets, String id) {
        return sets.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}

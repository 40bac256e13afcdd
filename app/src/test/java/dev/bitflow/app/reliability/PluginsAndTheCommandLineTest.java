package dev.bitflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.cli.CliContext;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import dev.bitflow.plugins.testing.TestPluginJars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misbehaving plugin jars (built here) against the command line: commands that need no data set never load
 * plugins, {@code plugins} lists every problem, and a plugin that calls {@code System.exit} is reported and
 * the process ends with a failure status instead of a silent 0.
 */
class PluginsAndTheCommandLineTest {
    @TempDir
    Path pluginsDir;

    @TempDir
    Path work;

    private Path plugin(String jar, String name, Map<String, String> changes) throws IOException {
        Map<String, String> bodies = TestPluginJars.wellBehaved(name.toLowerCase());
        bodies.putAll(changes);
        return new TestPluginJars(pluginsDir, work).datasetPlugin(jar, name, bodies);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(PluginHost host, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(EngineProvider.load().create(host), new PrintWriter(out), new PrintWriter(err));
        int code = new BitflowCli(ctx).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void checkInspectAndVersionNeverLoadPluginsAndPluginsListsEveryProblem() throws IOException {
        plugin("hangs.jar", "Hangs", Map.of("constructor",
                "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { }"));
        plugin("null-names.jar", "NullNames", Map.of("classNames", "return null;"));
        plugin("error-count.jar", "ErrorCount", Map.of("count", "throw new AssertionError(\"bad count\");"));
        try (PluginHost host = PluginHost.discover(getClass().getClassLoader(), pluginsDir, Duration.ofSeconds(1),
                Duration.ofSeconds(5))) {
            assertThat(run(host, "check", "fashion-bcnn").code()).isZero();
            assertThat(run(host, "inspect", "fashion-bcnn").code()).isZero();
            assertThat(run(host, "--version").code()).isZero();
            assertThat(host.scanned()).as("plugins loaded by check, inspect or --version").isFalse();

            Run plugins = run(host, "plugins");
            assertThat(plugins.code()).isZero();
            assertThat(plugins.out()).contains("fashion-mnist", "errorcount")
                    .contains("hangs.jar: loading the next DatasetProvider service did not finish within 1 s")
                    .contains("null-names.jar: com.example.NullNames.classNames() returned null")
                    .contains("error-count.jar: com.example.ErrorCount.count(TRAIN, mini) failed: "
                            + "java.lang.AssertionError: bad count");
        }
    }

    @Test
    void aPluginCallingSystemExitIsReportedAndTheProcessFails() throws Exception {
        plugin("exits.jar", "Exits", Map.of("constructor", "System.exit(0);"));
        Run plugins = launch("plugins");
        assertThat(plugins.code()).isEqualTo(3);
        assertThat(plugins.err()).contains("a plugin ended the process (System.exit) during "
                + pluginsDir.resolve("exits.jar") + ": loading the next DatasetProvider service");
        // commands that need no data set are not affected: they never load plugins
        Run check = launch("check", "fashion-bcnn");
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("0 error(s)");
    }

    /** Runs the real launcher in a JVM of its own, with this test's class path and plugins folder. */
    private Run launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.bitflow.app.Launcher"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(PluginHost.PLUGINS_DIR_ENV, pluginsDir.toString());
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}

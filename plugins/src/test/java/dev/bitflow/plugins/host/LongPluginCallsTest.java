package dev.bitflow.plugins.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.PluginProblem;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.ImportedWeights;
import dev.bitflow.engine.spi.LongRunning;
import dev.bitflow.engine.spi.ModelExporter;
import dev.bitflow.engine.spi.ModelImporter;
import dev.bitflow.plugins.testing.TestPluginJars;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporters and importers from plugin jars are guarded like data sets: their work ({@code export}, {@code read})
 * gets the long time limit, so a slow export is not cut off by the short one, and one that never ends is still
 * reported. Each plugin is a real jar compiled here.
 */
class LongPluginCallsTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @TempDir
    Path work;

    private final ClassLoader app = getClass().getClassLoader();

    /** An exporter whose export runs {@code body} (a statement) and returns an empty report. */
    private Path exporter(String jar, String name, String body) throws IOException {
        String source = "package com.example;\n"
                + "import dev.bitflow.engine.api.TaskMonitor;\n"
                + "import dev.bitflow.engine.api.export.*;\n"
                + "import dev.bitflow.engine.spi.*;\n"
                + "import java.util.List;\n"
                + "public class " + name + " implements ModelExporter {\n"
                + "  public String id() { return \"" + name.toLowerCase() + "\"; }\n"
                + "  public String displayName() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test exporter\"; }\n"
                + "  public ExportInput input() { return ExportInput.DEFINITION; }\n"
                + "  public ExportReport export(ExportJob job, TaskMonitor monitor) throws java.io.IOException {\n"
                + "    " + body + "\n"
                + "    return new ExportReport(id(), \"m\", java.nio.file.Path.of(\".\"), List.of(), List.of(), List.of());\n"
                + "  }\n"
                + "}\n";
        return new TestPluginJars(dir, work).compiledJar(jar, "com.example." + name, source, ModelExporter.class);
    }

    /** An importer whose read runs {@code body} and returns no weights. */
    private Path importer(String jar, String name, String body) throws IOException {
        String source = "package com.example;\n"
                + "import dev.bitflow.engine.api.TaskMonitor;\n"
                + "import dev.bitflow.engine.spi.*;\n"
                + "import java.util.List;\n"
                + "import java.util.Map;\n"
                + "public class " + name + " implements ModelImporter {\n"
                + "  public String id() { return \"" + name.toLowerCase() + "\"; }\n"
                + "  public String displayName() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test importer\"; }\n"
                + "  public String extension() { return \".w\"; }\n"
                + "  public ImportedWeights read(java.nio.file.Path f, ImportContext c, TaskMonitor m) throws java.io.IOException {\n"
                + "    " + body + "\n"
                + "    return new ImportedWeights(List.of(), Map.of(), \"test\", Map.of());\n"
                + "  }\n"
                + "}\n";
        return new TestPluginJars(dir, work).compiledJar(jar, "com.example." + name, source, ModelImporter.class);
    }

    private static final String SLEEP_A_SECOND =
            "try { Thread.sleep(1000); } catch (InterruptedException e) { throw new java.io.InterruptedIOException(); }";
    private static final String SLEEP_FOREVER =
            "try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { throw new java.io.InterruptedIOException(); }";

    private static <T> T service(PluginHost host, Class<T> type, String id, java.util.function.Function<T, String> idOf) {
        return host.services(type).stream().filter(s -> idOf.apply(s).equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anExportOrImportLongerThanTheShortLimitFinishes() throws IOException {
        exporter("slow-export.jar", "SlowExport", SLEEP_A_SECOND);
        importer("slow-import.jar", "SlowImport", SLEEP_A_SECOND);
        try (PluginHost host = PluginHost.discover(app, dir, SHORT, Duration.ofSeconds(30))) {
            ModelExporter export = service(host, ModelExporter.class, "slowexport", ModelExporter::id);
            ModelImporter read = service(host, ModelImporter.class, "slowimport", ModelImporter::id);
            assertThat(export.export(null, TaskMonitor.NONE).format()).isEqualTo("slowexport");
            assertThat(read.read(Path.of("w.w"), null, TaskMonitor.NONE).origin()).isEqualTo("test");
            assertThat(host.problems()).isEmpty();
        }
    }

    @Test
    void anExportOrImportThatNeverEndsIsReportedAfterTheLongLimit() throws IOException {
        Path hungExport = exporter("hung-export.jar", "HungExport", SLEEP_FOREVER);
        Path hungImport = importer("hung-import.jar", "HungImport", SLEEP_FOREVER);
        try (PluginHost host = PluginHost.discover(app, dir, SHORT, Duration.ofMillis(1500))) {
            ModelExporter export = service(host, ModelExporter.class, "hungexport", ModelExporter::id);
            ModelImporter read = service(host, ModelImporter.class, "hungimport", ModelImporter::id);
            assertThatThrownBy(() -> export.export(null, TaskMonitor.NONE)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("plugin " + hungExport)
                    .hasMessageContaining("com.example.HungExport.export(null, TaskMonitor)")
                    .hasMessageContaining("did not finish within 1500 ms");
            assertThatThrownBy(() -> read.read(Path.of("w.w"), null, TaskMonitor.NONE))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("com.example.HungImport.read(w.w")
                    .hasMessageContaining("did not finish within 1500 ms");
            assertThat(host.problems()).extracting(PluginProblem::source)
                    .contains(hungExport.toString(), hungImport.toString());
        }
    }

    /** Every SPI method that may read or write files (it declares IOException) gets the long limit. */
    @Test
    void everySpiMethodThatDoesIoIsMarkedLongRunning() {
        for (Class<?> spi : List.of(DatasetProvider.class, ModelExporter.class, ModelImporter.class)) {
            for (Method m : spi.getMethods()) {
                if (Arrays.asList(m.getExceptionTypes()).contains(IOException.class)) {
                    assertThat(m.isAnnotationPresent(LongRunning.class))
                            .as(spi.getSimpleName() + "." + m.getName() + " declares IOException").isTrue();
                }
            }
        }
    }
}

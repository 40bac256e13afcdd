package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.plugins.host.PluginHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {
    @TempDir
    Path pluginsDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        PluginHost host = PluginHost.discover(getClass().getClassLoader(), pluginsDir);
        CliContext ctx = new CliContext(EngineProvider.load().create(host), new PrintWriter(out), new PrintWriter(err));
        return new BitflowCli(ctx).execute(args);
    }

    @Test
    void tableListsTheBuiltInDataSetAndItsLocations() {
        assertThat(run("plugins")).isZero();
        assertThat(out.toString())
                .contains("Plugins (5):", "dataset", "fashion-mnist", "Fashion-MNIST", "built-in")
                .contains("exporter", "c", "onnx", "pytorch", "importer", "npz")
                .contains("mini     6000 train / 1000 test")
                .contains("images (Image folders, classes from the data)", "folder   --data images:DIR  labelled images")
                .contains("idx", "cifar10", "hands (11K Hands, 2 classes)")
                .contains("Plugins folder: " + pluginsDir)
                .contains("Problems (0): none");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void jsonListsPluginsDataSetsAndProblems() throws IOException {
        Files.writeString(pluginsDir.resolve("broken.jar"), "not a jar");
        assertThat(run("plugins", "--format", "json")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.path("plugins").get(0).path("id").asText()).isEqualTo("fashion-mnist");
        assertThat(root.path("plugins").get(0).path("builtIn").asBoolean()).isTrue();
        java.util.List<String> exporters = new java.util.ArrayList<>();
        java.util.List<String> importers = new java.util.ArrayList<>();
        for (JsonNode p : root.path("plugins")) {
            if (p.path("kind").asText().equals("exporter")) {
                exporters.add(p.path("id").asText());
            } else if (p.path("kind").asText().equals("importer")) {
                importers.add(p.path("id").asText());
            }
            assertThat(p.path("builtIn").asBoolean()).isTrue();
        }
        assertThat(exporters).containsExactly("c", "onnx", "pytorch");
        assertThat(importers).containsExactly("npz");
        JsonNode mini = root.path("datasets").get(0).path("locations").get(0);
        assertThat(mini.path("location").asText()).isEqualTo("mini");
        assertThat(mini.path("train").asInt()).isEqualTo(6000);
        assertThat(root.path("datasets").get(0).path("classes")).hasSize(10);
        assertThat(root.path("problems")).hasSize(1);
        assertThat(root.path("problems").get(0).path("source").asText()).endsWith("broken.jar");
        assertThat(root.path("problems").get(0).path("message").asText()).startsWith("not a readable jar");
    }

    @Test
    void unknownFormatIsBadInput() {
        assertThat(run("plugins", "--format", "xml")).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--format", "xml");
    }
}

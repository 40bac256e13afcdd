package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitflow export and bitflow import: what they write, and the inputs they refuse. */
class ExportImportCommandsTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        PluginHost host = PluginHost.discover(getClass().getClassLoader(), dir.resolve("plugins"));
        CliContext ctx = new CliContext(EngineProvider.load().create(host), new PrintWriter(out), new PrintWriter(err));
        return new BitflowCli(ctx).execute(args);
    }

    @Test
    void exportCWritesTheSourcesAndTheJsonReport() throws Exception {
        NetworkDefinition def = new DefaultDefinitionService().sample("fashion-bcnn");
        Path bfm = RandomModelFiles.write(dir.resolve("m.bfm"), def, 5);
        Path target = dir.resolve("c");
        assertThat(run("export", "c", bfm.toString(), "--out", target.toString(), "--format", "json"))
                .as(err.toString()).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.path("format").asText()).isEqualTo("c");
        assertThat(root.path("files")).hasSize(4);
        assertThat(target.resolve("fashion_bcnn.c")).exists();
        assertThat(target.resolve("fashion_bcnn.h")).exists();
    }

    @Test
    void aFormatThatNeedsWeightsRefusesADefinition() {
        assertThat(run("export", "c", "fashion-bcnn", "--out", dir.resolve("x").toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("export c needs a fused model");
        assertThat(dir.resolve("x")).doesNotExist();
        assertThat(run("export", "tflite", "fashion-bcnn", "--out", dir.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("unknown export format 'tflite'", "c, onnx, pytorch");
    }

    @Test
    void anExportNeverOverwritesItsInput() throws Exception {
        // a definition saved under the name the exporter would write
        Path def = dir.resolve("train_fashion_bcnn.py");
        Files.writeString(def, new DefaultDefinitionService().toJson(new DefaultDefinitionService().sample("fashion-bcnn")));
        String before = Files.readString(def);
        assertThat(run("export", "pytorch", def.toString(), "--out", dir.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("is an input of this export");
        assertThat(Files.readString(def)).isEqualTo(before);
        assertThat(run("export", "pytorch", def.toString(), "--out", dir.resolve("script").toString())).isZero();
        assertThat(dir.resolve("script").resolve("train_fashion_bcnn.py")).exists();
    }

    @Test
    void importRefusesToWriteOverItsInputsOrAnythingButABfm() throws Exception {
        Path npz = dir.resolve("w.npz");
        Files.writeString(npz, "not a zip");
        assertThat(run("import", "npz", npz.toString(), "--definition", "fashion-bcnn", "--out", npz.toString()))
                .isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("must be a trained model file ending in .bfm");
        assertThat(run("import", "npz", npz.toString(), "--definition", "fashion-bcnn", "--out",
                dir.resolve("m.bfm").toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("w.npz: not a .npz (zip) archive");
        assertThat(dir.resolve("m.bfm")).doesNotExist();
    }
}

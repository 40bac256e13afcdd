package dev.bitflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.plugins.host.PluginHost;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitflow fuse and bitflow verify on model files with random parameters and the embedded mini test set. */
class FusionCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        PluginHost host = PluginHost.discover(getClass().getClassLoader(), dir.resolve("plugins"));
        CliContext ctx = new CliContext(EngineProvider.load().create(host), new PrintWriter(out), new PrintWriter(err));
        return new BitflowCli(ctx).execute(args);
    }

    private Path sampleModel() throws Exception {
        NetworkDefinition def = new DefaultDefinitionService().sample("fashion-bcnn");
        return RandomModelFiles.write(dir.resolve("fashion-bcnn.bfm"), def, 3);
    }

    @Test
    void fuseWritesTheFileAndPrintsTheShiftTable() throws Exception {
        Path model = sampleModel();
        Path bff = dir.resolve("out.bff");
        assertThat(run("fuse", model.toString(), "--out", bff.toString())).as(err.toString()).isZero();
        assertThat(Files.size(bff)).isGreaterThan(200_000);
        assertThat(out.toString()).contains("conv1", "first", "conv2", "binary", "conv3", "fc1", "fc2", "output",
                "wrote " + bff);
        // conv2: K = 3 * 3 * 32 = 288, a 16-bit row with a shift range in brackets
        assertThat(out.toString().lines().filter(l -> l.startsWith("conv2")).findFirst().orElseThrow())
                .contains("288", "[");
    }

    @Test
    void fuseJsonListsEveryLayer() throws Exception {
        Path model = sampleModel();
        assertThat(run("fuse", model.toString(), "--out", dir.resolve("a.bff").toString(), "--format", "json")).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("layers")).hasSize(5);
        assertThat(root.get("layers").get(1).get("kind").asText()).isEqualTo("binary");
        assertThat(root.get("layers").get(1).get("bitWidth").asInt()).isBetween(2, 16);
        assertThat(root.get("bytes").asLong()).isEqualTo(Files.size(dir.resolve("a.bff")));
    }

    @Test
    void aModelWithAveragePoolingIsRefusedWithTheLayerAndReason() throws Exception {
        NetworkDefinition def = new DefaultDefinitionService().sample("fashion-bcnn");
        List<LayerSpec> layers = new ArrayList<>(def.layers());
        layers.set(5, new AvgPoolSpec("pool2", 2, 2)); // conv2 -> avgpool -> bn2 -> sign2
        Path model = RandomModelFiles.write(dir.resolve("avg.bfm"), def.withLayers(layers), 1);
        Path bff = dir.resolve("avg.bff");
        assertThat(run("fuse", model.toString(), "--out", bff.toString())).isEqualTo(BitflowCli.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("pool2", "average pooling");
        assertThat(bff).doesNotExist();
    }

    @Test
    void verifyJsonOnTheMiniTestSetHasNoMismatchOutsideTies() throws Exception {
        Path model = sampleModel();
        int code = run("verify", model.toString(), "--data", "mini", "--limit", "40", "--format", "json");
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(root.get("examples").asInt()).isEqualTo(40);
        assertThat(root.get("mismatchesOutsideTies").asLong()).isZero();
        assertThat(root.get("predictionAgreement").asDouble()).isBetween(0.9, 1.0);
        assertThat(root.get("layers")).hasSize(5);
        for (JsonNode layer : root.get("layers")) {
            assertThat(layer.has("name") && layer.has("bitAgreement") && layer.has("mismatches") && layer.has("ties"))
                    .isTrue();
        }
        JsonNode conv2 = root.get("layers").get(1);
        assertThat(conv2.get("bits").asLong()).isEqualTo(40L * 64 * 7 * 7);
        assertThat(conv2.get("channels")).hasSize(64);
    }

    @Test
    void verifyTablePrintsAgreementPerLayer() throws Exception {
        Path model = sampleModel();
        assertThat(run("verify", model.toString(), "--data", "mini", "--limit", "10")).isZero();
        assertThat(out.toString()).contains("prediction agreement", "mismatches outside ties  0", "conv2", "fc1",
                "ties: a mismatching bit");
    }

    @Test
    void evalOfTheFusedFileHasTheSameFormAsEvalOfTheTrainedFile() throws Exception {
        Path model = sampleModel();
        Path bff = dir.resolve("m.bff");
        assertThat(run("fuse", model.toString(), "--out", bff.toString())).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("eval", bff.toString(), "--data", "mini", "--format", "json")).as(err.toString()).isZero();
        JsonNode fused = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("eval", model.toString(), "--data", "mini", "--format", "json")).as(err.toString()).isZero();
        JsonNode trained = new ObjectMapper().readTree(out.toString());
        List<String> fusedKeys = new ArrayList<>();
        fused.fieldNames().forEachRemaining(fusedKeys::add);
        List<String> trainedKeys = new ArrayList<>();
        trained.fieldNames().forEachRemaining(trainedKeys::add);
        assertThat(fusedKeys).isEqualTo(trainedKeys);
        assertThat(fused.get("examples").asInt()).isEqualTo(1000).isEqualTo(trained.get("examples").asInt());
        // both run through the same scoring; the float network and the fused one differ only at float32 ties
        assertThat(fused.get("accuracy").asDouble()).isCloseTo(trained.get("accuracy").asDouble(),
                org.assertj.core.api.Assertions.within(0.005));
        assertThat(fused.get("confusion")).hasSize(10);
    }
}

package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files whose archive is intact but whose content does not fit: each refused with a precise message. */
class BfmReaderTest {
    @TempDir
    Path dir;

    private final byte[] good = BfmWriter.toBytes(TinyModels.model(), Map.of(), Map.of());

    private Path file(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("m.bfm"), bytes);
    }

    @Test
    void theUnmodifiedRewriteStillLoads() throws IOException {
        assertThat(BfmReader.read(file(BfmSurgery.rewrite(good, e -> { }))).model().parameters()
                .get("conv2", "W")).isEqualTo(TinyModels.parameters().get("conv2", "W"));
    }

    @Test
    void parameterWithWrongShapeNamesEntryLayerAndShapes() throws IOException {
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("params/conv2/W.npy",
                BfmSurgery.npy(TinyModels.tensor(1, 8, 3, 3, 3)))));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("m.bfm").hasMessageContaining("entry 'params/conv2/W.npy'")
                .hasMessageContaining("'conv2/W' has shape [8, 3, 3, 3], the definition needs [8, 4, 3, 3]");
    }

    @Test
    void definitionThatNoLongerMatchesTheParametersIsRefused() throws IOException {
        NetworkDefinition def = TinyModels.definition();
        List<LayerSpec> layers = new ArrayList<>(def.layers());
        Conv2dSpec c = (Conv2dSpec) layers.get(4);
        layers.set(4, new Conv2dSpec(c.name(), 16, c.kernel(), c.stride(), c.padding(), c.weights(), c.scaling(),
                c.bias()));
        byte[] json = new DefinitionText().toJson(def.withLayers(layers)).getBytes(StandardCharsets.UTF_8);
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("definition.json", json)));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'conv2/W' has shape [8, 4, 3, 3], the definition needs [16, 4, 3, 3]");
    }

    @Test
    void missingParameterIsRefused() throws IOException {
        Path f = file(BfmSurgery.rewrite(good, e -> e.remove("params/bn1/beta.npy"),
                m -> removeItem((ArrayNode) m.get("parameters"), "params/bn1/beta.npy")));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("parameter 'bn1/beta' (shape [4]) is missing");
    }

    @Test
    void parameterOfUnknownLayerOrUnknownNameIsRefused() throws IOException {
        Path ghost = file(BfmSurgery.rewrite(good, e -> e.put("params/ghost/W.npy",
                BfmSurgery.npy(TinyModels.tensor(1, 2))), m -> ((ArrayNode) m.get("parameters")).addObject()
                .put("layer", "ghost").put("param", "W").put("entry", "params/ghost/W.npy")));
        assertThatThrownBy(() -> BfmReader.read(ghost)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'params/ghost/W.npy'").hasMessageContaining("no layer 'ghost'");

        Path alpha = file(BfmSurgery.rewrite(good, e -> e.put("params/conv2/alpha.npy",
                BfmSurgery.npy(TinyModels.tensor(1, 8))), m -> ((ArrayNode) m.get("parameters")).addObject()
                .put("layer", "conv2").put("param", "alpha").put("entry", "params/conv2/alpha.npy")));
        assertThatThrownBy(() -> BfmReader.read(alpha)).hasMessageContaining("layer 'conv2' has no parameter 'alpha'");
    }

    @Test
    void nanInfinityAndNegativeVarianceAreRefused() throws IOException {
        Tensor w = TinyModels.parameters().get("out", "W");
        float[] v = w.data();
        v[7] = Float.NaN;
        Path nan = file(BfmSurgery.rewrite(good, e -> e.put("params/out/W.npy", BfmSurgery.npy(new Tensor(w.shape(), v)))));
        assertThatThrownBy(() -> BfmReader.read(nan)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'params/out/W.npy'").hasMessageContaining("'out/W'")
                .hasMessageContaining("non-finite value NaN at flat index 7");

        v[7] = Float.NEGATIVE_INFINITY;
        Path inf = file(BfmSurgery.rewrite(good, e -> e.put("params/out/W.npy", BfmSurgery.npy(new Tensor(w.shape(), v)))));
        assertThatThrownBy(() -> BfmReader.read(inf)).hasMessageContaining("-Infinity");

        Path var = file(BfmSurgery.rewrite(good, e -> e.put("params/bn2/var.npy",
                BfmSurgery.npy(new Tensor(new int[] {8}, new float[] {1, 1, 1, -0.5f, 1, 1, 1, 1})))));
        assertThatThrownBy(() -> BfmReader.read(var)).hasMessageContaining("'bn2/var'")
                .hasMessageContaining("negative running variance -0.5 at channel 3");
    }

    @Test
    void parameterOfAnotherDtypeIsRefused() throws IOException {
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("params/conv1/b.npy",
                NpyFiles.toBytes(NpyArray.ofShorts(new int[] {4}, new short[4])))));
        assertThatThrownBy(() -> BfmReader.read(f)).hasMessageContaining("'conv1/b' must be float32 (<f4), is <i2");
    }

    @Test
    void damagedNpyInsideIsRefusedNamingTheEntry() throws IOException {
        byte[] npy = BfmSurgery.npy(TinyModels.tensor(2, 4));
        byte[] cut = java.util.Arrays.copyOf(npy, npy.length - 3);
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("params/conv1/b.npy", cut)));
        assertThatThrownBy(() -> BfmReader.read(f)).hasMessageContaining("entry 'params/conv1/b.npy'")
                .hasMessageContaining("truncated");
    }

    @Test
    void entryThatIsNeitherParameterNorExtraIsRefused() throws IOException {
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("notes.txt", "hi".getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> BfmReader.read(f)).hasMessageContaining("entry 'notes.txt'")
                .hasMessageContaining("is not part of a bitflow-model file");
    }

    @Test
    void brokenDefinitionIsRefusedNamingTheEntry() throws IOException {
        Path f = file(BfmSurgery.rewrite(good, e -> e.put("definition.json", "{\"name\": ".getBytes())));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("m.bfm").hasMessageContaining("definition.json");
    }

    @Test
    void brokenMetadataIsRefused() throws IOException {
        Path noProvenance = file(BfmSurgery.rewrite(good, e -> { }, m -> m.remove("provenance")));
        assertThatThrownBy(() -> BfmReader.read(noProvenance)).hasMessageContaining("'provenance' must be a JSON object");
        Path dangling = file(BfmSurgery.rewrite(good, e -> { }, m -> ((ObjectNode) m.get("parameters").get(0))
                .put("entry", "params/nowhere.npy")));
        assertThatThrownBy(() -> BfmReader.read(dangling)).hasMessageContaining("'params/nowhere.npy'")
                .hasMessageContaining("does not have");
        Path badProp = file(BfmSurgery.rewrite(good, e -> { }, m -> ((ObjectNode) m.get("properties"))
                .put("epoch", 3)));
        assertThatThrownBy(() -> BfmReader.read(badProp)).hasMessageContaining("property 'epoch' must be a string");
    }

    @Test
    void fusedFileAndFutureVersionAreRefused() throws IOException {
        Path fused = dir.resolve("model.bff");
        new ArchiveWriter("bitflow-fused", 1).add("x.npy", new byte[1]).write(fused);
        assertThatThrownBy(() -> BfmReader.read(fused)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("model.bff: is a 'bitflow-fused' file, expected 'bitflow-model'");

        Path future = file(ZipSurgery.edit(good, e -> e.put("manifest.json",
                new String(e.get("manifest.json"), StandardCharsets.UTF_8)
                        .replace("\"version\" : 1", "\"version\" : 2").getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> BfmReader.read(future)).hasMessageContaining("bitflow-model format version 2 is newer");
    }

    @Test
    void missingResourceIsBadInput() {
        assertThatThrownBy(() -> BfmReader.readResource(getClass().getClassLoader(), "nope/none.bfm"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope/none.bfm");
    }

    private static void removeItem(ArrayNode list, String entry) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("entry").asText().equals(entry)) {
                list.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException(entry);
    }
}

package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BfmRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void finishedModelRoundTripsExactly() throws Exception {
        Path file = dir.resolve("tiny.bfm");
        TrainedNetwork model = TinyModels.model();
        BfmWriter.write(file, model);

        BfmContents back = BfmReader.read(file);

        assertThat(back.model().definition()).isEqualTo(model.definition());
        assertThat(back.model().provenance()).isEqualTo(model.provenance());
        assertThat(back.isCheckpoint()).isFalse();
        assertThat(back.properties()).isEmpty();
        model.parameters().asMap().forEach((layer, params) -> params.forEach((name, t) ->
                assertThat(back.model().parameters().get(layer, name)).as(layer + "/" + name).isEqualTo(t)));
    }

    @Test
    void fixedGammaIsLoadedAsOnes() throws Exception {
        Path file = dir.resolve("tiny.bfm");
        BfmWriter.write(file, TinyModels.model());

        Tensor gamma = BfmReader.read(file).model().parameters().get("bn2", ParameterSet.GAMMA);

        assertThat(gamma.shape()).containsExactly(8);
        assertThat(gamma.data()).containsOnly(1f);
    }

    @Test
    void checkpointKeepsExtrasAndPropertiesInOrder() throws Exception {
        Map<String, Tensor> extras = new LinkedHashMap<>();
        extras.put("opt/conv1/W/m", TinyModels.tensor(40, 4, 1, 3, 3));
        extras.put("opt/conv1/W/v", TinyModels.positive(41, 36));
        extras.put("odd name/with spaces", TinyModels.tensor(42, 2));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("epoch", "1");
        props.put("step", "750");
        props.put("rng", "0123456789abcdef");
        Path file = dir.resolve("ckpt.bfm");
        BfmWriter.write(file, TinyModels.model(), extras, props);

        BfmContents back = BfmReader.read(new ByteArrayInputStream(Files.readAllBytes(file)), "ckpt-stream");

        assertThat(back.isCheckpoint()).isTrue();
        assertThat(back.extras()).containsExactlyEntriesOf(extras);
        assertThat(back.properties()).containsExactlyEntriesOf(props);
    }

    @Test
    void sameContentGivesSameBytes() {
        byte[] a = BfmWriter.toBytes(TinyModels.model(), Map.of(), Map.of("k", "v"));
        byte[] b = BfmWriter.toBytes(TinyModels.model(), Map.of(), Map.of("k", "v"));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void writerRefusesWrongShapeMissingParamUnknownParamAndNaN() {
        TrainedNetwork base = TinyModels.model();

        ParameterSet wrongShape = TinyModels.parameters().put("conv2", "W", TinyModels.tensor(1, 8, 3, 3, 3));
        assertThatThrownBy(() -> BfmWriter.toBytes(with(base, wrongShape), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv2/W").hasMessageContaining("[8, 3, 3, 3]")
                .hasMessageContaining("[8, 4, 3, 3]");

        ParameterSet unknown = TinyModels.parameters().put("sign1", "W", TinyModels.tensor(1, 1));
        assertThatThrownBy(() -> BfmWriter.toBytes(with(base, unknown), Map.of(), Map.of()))
                .hasMessageContaining("layer 'sign1'").hasMessageContaining("no parameter 'W'");

        ParameterSet nan = TinyModels.parameters();
        float[] v = nan.get("fc1", "W").data();
        v[17] = Float.NaN;
        nan.put("fc1", "W", new Tensor(new int[] {72, 5}, v));
        assertThatThrownBy(() -> BfmWriter.toBytes(with(base, nan), Map.of(), Map.of()))
                .hasMessageContaining("fc1/W").hasMessageContaining("NaN").hasMessageContaining("17");

        ParameterSet missing = new ParameterSet();
        base.parameters().asMap().forEach((layer, ps) -> ps.forEach((name, t) -> {
            if (!(layer.equals("bn3") && name.equals("var"))) {
                missing.put(layer, name, t);
            }
        }));
        assertThatThrownBy(() -> BfmWriter.toBytes(with(base, missing), Map.of(), Map.of()))
                .hasMessageContaining("bn3/var").hasMessageContaining("missing");
    }

    @Test
    void missingFileIsBadInput() {
        assertThatThrownBy(() -> BfmReader.read(dir.resolve("nope.bfm")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope.bfm").hasMessageContaining("not found");
    }

    private static TrainedNetwork with(TrainedNetwork m, ParameterSet p) {
        return new TrainedNetwork(m.definition(), p, m.provenance());
    }
}

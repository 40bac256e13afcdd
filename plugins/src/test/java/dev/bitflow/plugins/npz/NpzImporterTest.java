package dev.bitflow.plugins.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.export.ExportTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import npz}: a good file round-trips; every kind of bad file is refused with each problem named. */
class NpzImporterTest {
    @TempDir
    Path dir;

    private final Engine engine = ExportTestSupport.engine();
    private final NetworkDefinition def = engine.definitions().parse(ExportTestSupport.DENSE_FIRST_NET, "test");
    private final TrainedModel model = ExportTestSupport.randomModel(engine, def, 4);

    @Test
    void theParametersOfAModelComeBackExactly() throws IOException {
        Map<String, byte[]> entries = NpzFixtures.entries(model.parameterValues());
        String meta = "{\"seed\": 77, \"epochs\": 3, \"framework\": \"PyTorch 9\", "
                + "\"metrics\": {\"testAccuracy\": 0.5}}";
        entries.put("bitflow_meta.npy", NpzFixtures.npyBytes(meta.getBytes(StandardCharsets.UTF_8)));
        TrainedModel back = engine.exports().importModel("npz", write(entries), def, TaskMonitor.NONE);
        assertThat(back.parameterValues()).hasSameSizeAs(model.parameterValues());
        for (int i = 0; i < back.parameterValues().size(); i++) {
            assertThat(back.parameterValues().get(i).key()).isEqualTo(model.parameterValues().get(i).key());
            assertThat(back.parameterValues().get(i).values()).isEqualTo(model.parameterValues().get(i).values());
        }
        assertThat(back.provenance().seed()).isEqualTo(77);
        assertThat(back.provenance().epochs()).isEqualTo(3);
        assertThat(back.provenance().metrics()).containsEntry("testAccuracy", 0.5);
        assertThat(back.provenance().origin()).contains("weights.npz (sha256 ", "trained with PyTorch 9");
    }

    @Test
    void everyMismatchIsNamed() throws IOException {
        List<ModelParameter> params = model.parameterValues();
        Map<String, byte[]> entries = NpzFixtures.entries(params.subList(1, params.size())); // d1/W missing
        entries.put("d9/W.npy", NpzFixtures.npy(new int[] {2}, new float[2])); // no such layer
        entries.put("notes.txt", new byte[] {1, 2, 3}); // not an array
        ModelParameter bias = params.get(1); // d1/b [48]
        entries.put(bias.key() + ".npy", NpzFixtures.npy(new int[] {47}, new float[47])); // wrong shape
        assertThatThrownBy(() -> engine.exports().importModel("npz", write(entries), def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("weights.npz: 4 problems")
                .hasMessageContaining("'d9/W' is not a parameter of definition 'dense first'")
                .hasMessageContaining("'notes.txt' is not a numpy array")
                .hasMessageContaining("'d1/b' has shape [47], the definition needs [48]")
                .hasMessageContaining("'d1/W' (shape [784, 48]) is missing");
    }

    @Test
    void anArrayLargerThanItsParameterIsNotRead() throws IOException {
        Map<String, byte[]> entries = NpzFixtures.entries(model.parameterValues());
        entries.put("d1/b.npy", NpzFixtures.npy(new int[] {1 << 20}, new float[1 << 20])); // 4 MB for a [48] bias
        assertThatThrownBy(() -> engine.exports().importModel("npz", write(entries), def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'d1/b' holds 4194432 bytes, more than the 4288 its parameter can take");
    }

    @Test
    void wrongDtypeNaNAndDamagedFilesAreRefused() throws IOException {
        Map<String, byte[]> entries = NpzFixtures.entries(model.parameterValues());
        byte[] f8 = NpzFixtures.npy(new int[] {48}, new float[48]);
        byte[] asDouble = new String(f8, StandardCharsets.ISO_8859_1).replace("<f4", "<f8")
                .getBytes(StandardCharsets.ISO_8859_1);
        entries.put("d1/b.npy", asDouble);
        float[] nan = new float[2];
        nan[1] = Float.NaN;
        entries.put("out/b.npy", NpzFixtures.npy(new int[] {2}, nan));
        assertThatThrownBy(() -> engine.exports().importModel("npz", write(entries), def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'d1/b' ")
                .hasMessageContaining("<f8")
                .hasMessageContaining("'out/b' has a non-finite value NaN at flat index 1");
        Path notZip = dir.resolve("broken.npz");
        AtomicFiles.writeString(notZip, "not a zip");
        assertThatThrownBy(() -> engine.exports().importModel("npz", notZip, def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("broken.npz: not a .npz (zip) archive");
        assertThatThrownBy(() -> engine.exports().importModel("npz", dir.resolve("none.npz"), def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> engine.exports().importModel("h5", notZip, def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("unknown import format 'h5'");
    }

    private Path write(Map<String, byte[]> entries) throws IOException {
        return NpzFixtures.write(dir.resolve("weights.npz"), entries);
    }
}

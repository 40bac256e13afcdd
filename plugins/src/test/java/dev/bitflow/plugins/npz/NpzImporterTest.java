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
        Map<String, byte[]> entries = entries(model.parameterValues());
        String meta = "{\"seed\": 77, \"epochs\": 3, \"framework\": \"PyTorch 9\", "
                + "\"metrics\": {\"testAccuracy\": 0.5}}";
        entries.put("bitflow_meta.npy", npyBytes(meta.getBytes(StandardCharsets.UTF_8)));
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
        Map<String, byte[]> entries = entries(params.subList(1, params.size())); // d1/W missing
        entries.put("d9/W.npy", npy(new int[] {2}, new float[2])); // no such layer
        entries.put("notes.txt", new byte[] {1, 2, 3}); // not an array
        ModelParameter bias = params.get(1); // d1/b [48]
        entries.put(bias.key() + ".npy", npy(new int[] {47}, new float[47])); // wrong shape
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
        Map<String, byte[]> entries = entries(model.parameterValues());
        entries.put("d1/b.npy", npy(new int[] {1 << 20}, new float[1 << 20])); // 4 MB for a [48] bias
        assertThatThrownBy(() -> engine.exports().importModel("npz", write(entries), def, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("'d1/b' holds 4194432 bytes, more than the 4288 its parameter can take");
    }

    @Test
    void wrongDtypeNaNAndDamagedFilesAreRefused() throws IOException {
        Map<String, byte[]> entries = entries(model.parameterValues());
        byte[] f8 = npy(new int[] {48}, new float[48]);
        byte[] asDouble = new String(f8, StandardCharsets.ISO_8859_1).replace("<f4", "<f8")
                .getBytes(StandardCharsets.ISO_8859_1);
        entries.put("d1/b.npy", asDouble);
        float[] nan = new float[2];
        nan[1] = Float.NaN;
        entries.put("out/b.npy", npy(new int[] {2}, nan));
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

    private Map<String, byte[]> entries(List<ModelParameter> params) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (ModelParameter p : params) {
            entries.put(p.key() + ".npy", npy(p.shape(), p.values()));
        }
        return entries;
    }

    private Path write(Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve("weights.npz");
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
        return file;
    }

    /** A numpy .npy 1.0 file of float32 values (what numpy.save writes). */
    static byte[] npy(int[] shape, float[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElse("")
                + (shape.length == 1 ? "," : "");
        return withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }", data.array());
    }

    static byte[] npyBytes(byte[] values) {
        return withHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (" + values.length + ",), }", values);
    }

    private static byte[] withHeader(String dict, byte[] data) {
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) (header.length() & 0xff),
                (byte) (header.length() >> 8)});
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }
}

package dev.bitflow.plugins.npz;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.training.ModelParameter;
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

/** Test weight files as numpy writes them: {@code .npy} 1.0 arrays and {@code .npz} archives of them. */
public final class NpzFixtures {
    private NpzFixtures() {
    }

    /** One float32 array per parameter, named by its key ({@code layer/name.npy}), in order. */
    public static Map<String, byte[]> entries(List<ModelParameter> params) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (ModelParameter p : params) {
            entries.put(p.key() + ".npy", npy(p.shape(), p.values()));
        }
        return entries;
    }

    /** Writes {@code entries} as a zip archive ({@code numpy.savez}) to {@code file}. */
    public static Path write(Path file, Map<String, byte[]> entries) throws IOException {
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
    public static byte[] npy(int[] shape, float[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).reduce((a, b) -> a + ", " + b).orElse("")
                + (shape.length == 1 ? "," : "");
        return withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }", data.array());
    }

    /** A numpy .npy 1.0 file of bytes (uint8). */
    public static byte[] npyBytes(byte[] values) {
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

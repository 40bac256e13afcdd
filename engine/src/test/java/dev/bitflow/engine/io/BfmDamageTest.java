package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The golden version-1 model file, damaged in each way a reader must refuse, read through {@link BfmReader}. */
class BfmDamageTest {
    @TempDir
    Path dir;

    private static byte[] golden() throws IOException {
        try (InputStream in = BfmDamageTest.class.getClassLoader()
                .getResourceAsStream("golden/" + GoldenFileWriter.MODEL)) {
            return in.readAllBytes();
        }
    }

    private Path damaged(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("damaged.bfm"), bytes);
    }

    @Test
    void flippedByteNamesTheDamagedEntry() throws IOException {
        byte[] bytes = golden();
        for (String entry : new String[] {"definition.json", "params/conv2/W.npy", "params/bn3/var.npy"}) {
            byte[] bad = bytes.clone();
            bad[ZipSurgery.dataOffset(bad, entry) + 3] ^= (byte) 0x40;
            Path f = damaged(bad);
            assertThatThrownBy(() -> BfmReader.read(f)).as(entry).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith(f.toString()).hasMessageContaining("entry '" + entry + "' is damaged");
        }
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        byte[] bytes = golden();
        Path f = damaged(Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("damaged.bfm").hasMessageContaining("truncated");
    }

    @Test
    void removedEntryIsRefused() throws IOException {
        Path f = damaged(ZipSurgery.edit(golden(), e -> e.remove("params/fc1/W.npy")));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'params/fc1/W.npy' is listed in the manifest but missing");
    }

    @Test
    void futureVersionIsRefused() throws IOException {
        Path f = damaged(withManifest(golden(), "\"version\" : 1", "\"version\" : 2"));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bitflow-model format version 2 is newer than this build reads (up to 1)");
    }

    @Test
    void wrongFormatNameIsRefused() throws IOException {
        Path f = damaged(withManifest(golden(), "\"format\" : \"bitflow-model\"", "\"format\" : \"bitflow-fused\""));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("is a 'bitflow-fused' file, expected 'bitflow-model'");
    }

    @Test
    void notAZipIsRefused() throws IOException {
        Path f = damaged("{\"format\": \"bitflow-definition\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BfmReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("damaged.bfm: not a zip archive");
    }

    private static byte[] withManifest(byte[] zip, String from, String to) {
        return ZipSurgery.edit(zip, e -> {
            String m = new String(e.get("manifest.json"), StandardCharsets.UTF_8);
            if (!m.contains(from)) {
                throw new IllegalStateException("manifest has no " + from);
            }
            e.put("manifest.json", m.replace(from, to).getBytes(StandardCharsets.UTF_8));
        });
    }
}

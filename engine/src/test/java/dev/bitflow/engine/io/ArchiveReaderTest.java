package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.bitflow.engine.api.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReaderTest {
    private static final ArchiveFormat DEMO = new ArchiveFormat("demo-format", 2);

    @TempDir
    Path dir;

    private static ArchiveWriter demo(int version) {
        return new ArchiveWriter("demo-format", version)
                .putMetadata("note", "hello")
                .putMetadata("numbers", JsonNodeFactory.instance.arrayNode().add(1).add(2))
                .addText("a.txt", "alpha ".repeat(50))
                .addNpy("arrays/x.npy", NpyArray.ofShorts(new int[] {3}, new short[] {1, -2, 3}))
                .add("b.bin", new byte[] {9, 8, 7});
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("demo.zip"), bytes);
    }

    @Test
    void roundTripsEntriesMetadataAndChecksums() throws IOException {
        Path file = dir.resolve("demo.zip");
        demo(2).write(file);

        ArchiveContents c = ArchiveReader.read(file, DEMO);

        assertThat(c.format()).isEqualTo("demo-format");
        assertThat(c.version()).isEqualTo(2);
        assertThat(c.metadata().path("note").asText()).isEqualTo("hello");
        assertThat(c.metadata().path("numbers").get(1).asInt()).isEqualTo(2);
        assertThat(c.entries()).extracting(ArchiveEntry::name).containsExactly("a.txt", "arrays/x.npy", "b.bin");
        assertThat(c.text("a.txt")).isEqualTo("alpha ".repeat(50));
        assertThat(c.npy("arrays/x.npy").shorts()).containsExactly((short) 1, (short) -2, (short) 3);
        // SHA-256 of {9, 8, 7}, computed independently with python3 hashlib
        assertThat(c.entries().get(2).sha256())
                .isEqualTo("06df4f7e1394f1c57cc6583fba4d8060a5a66f4f4771c14aeff6b9af8a28c9b3");
        assertThat(c.entries().get(2).size()).isEqualTo(3);
        // the stream reader agrees with the file reader
        ArchiveContents s = ArchiveReader.read(new ByteArrayInputStream(Files.readAllBytes(file)), "stream", DEMO);
        assertThat(s.entries()).isEqualTo(c.entries());
        assertThat(s.bytes("b.bin")).containsExactly(9, 8, 7);
    }

    @Test
    void manifestIsFirstAndListsSizesAndSha256() {
        Map<String, byte[]> entries = ZipSurgery.entries(demo(1).toBytes());
        assertThat(entries.keySet()).first().isEqualTo("manifest.json");
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"container\" : \"bitflow-archive\"", "\"format\" : \"demo-format\"",
                "\"version\" : 1", "\"sha256\" : \"" + HexFormat.of().formatHex(
                        Sha256.newDigest().digest(new byte[] {9, 8, 7})) + "\"");
    }

    @Test
    void flippedByteInsideAnEntryIsRefusedNamingTheEntry() throws IOException {
        byte[] good = demo(1).toBytes();
        for (String entry : new String[] {"a.txt", "arrays/x.npy", "b.bin"}) {
            byte[] bad = good.clone();
            bad[ZipSurgery.dataOffset(bad, entry) + 1] ^= 0x10;
            Path file = write(bad);
            assertThatThrownBy(() -> ArchiveReader.read(file, DEMO)).as(entry)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("entry '" + entry + "'");
            assertThatThrownBy(() -> ArchiveReader.read(new ByteArrayInputStream(bad), "s", DEMO)).as(entry)
                    .isInstanceOf(BadInputException.class).hasMessageContaining("'" + entry + "'");
        }
    }

    @Test
    void everySingleByteFlipIsRefusedOrChangesNothingLoaded() throws IOException {
        byte[] good = demo(1).toBytes();
        ArchiveContents reference = ArchiveReader.read(write(good), DEMO);
        int refused = 0;
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0x01;
            Path file = write(bad);
            try {
                ArchiveContents c = ArchiveReader.read(file, DEMO);
                assertThat(c.entries()).as("flip at %d", i).isEqualTo(reference.entries());
                assertThat(c.metadata()).as("flip at %d", i).isEqualTo(reference.metadata());
            } catch (BadInputException expected) {
                refused++;
            }
            try {
                ArchiveContents c = ArchiveReader.read(new ByteArrayInputStream(bad), "stream", DEMO);
                assertThat(c.entries()).as("stream flip at %d", i).isEqualTo(reference.entries());
                assertThat(c.metadata()).as("stream flip at %d", i).isEqualTo(reference.metadata());
            } catch (BadInputException expected) {
                // refused: fine
            }
        }
        assertThat(refused).isGreaterThan(good.length / 2);
    }

    @Test
    void consistentlyRezippedChangedEntryFailsTheSha256() throws IOException {
        byte[] bad = ZipSurgery.edit(demo(1).toBytes(), e -> e.put("b.bin", new byte[] {9, 8, 6}));
        Path file = write(bad);
        assertThatThrownBy(() -> ArchiveReader.read(file, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'b.bin' is damaged").hasMessageContaining("SHA-256");
        byte[] longer = ZipSurgery.edit(demo(1).toBytes(), e -> e.put("b.bin", new byte[] {9, 8, 7, 6}));
        Path file2 = write(longer);
        assertThatThrownBy(() -> ArchiveReader.read(file2, DEMO)).hasMessageContaining("entry 'b.bin' is damaged")
                .hasMessageContaining("manifest says 3");
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        byte[] good = demo(1).toBytes();
        for (int keep : new int[] {good.length - 1, good.length - 30, good.length / 2, 10}) {
            Path file = write(Arrays.copyOf(good, keep));
            assertThatThrownBy(() -> ArchiveReader.read(file, DEMO)).as("keep %d", keep)
                    .isInstanceOf(BadInputException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("truncated");
        }
        // a stream cut inside an entry names that entry
        int cut = ZipSurgery.dataOffset(good, "arrays/x.npy") + 5;
        assertThatThrownBy(() -> ArchiveReader.read(new ByteArrayInputStream(Arrays.copyOf(good, cut)), "s", DEMO))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'arrays/x.npy'");
    }

    @Test
    void missingAndExtraEntriesAreRefused() throws IOException {
        Path missing = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.remove("arrays/x.npy")));
        assertThatThrownBy(() -> ArchiveReader.read(missing, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'arrays/x.npy' is listed in the manifest but missing");

        Path extra = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.put("sneaky.txt", new byte[1])));
        assertThatThrownBy(() -> ArchiveReader.read(extra, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'sneaky.txt' is not listed in the manifest");

        Path noManifest = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.remove("manifest.json")));
        assertThatThrownBy(() -> ArchiveReader.read(noManifest, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("manifest.json is missing");
    }

    @Test
    void duplicateEntryIsRefused() throws IOException {
        // "b.bin" and "c.bin" have names of the same length: renaming in place gives two "b.bin"
        byte[] two = new ArchiveWriter("demo-format", 1).add("b.bin", new byte[] {1}).add("c.bin", new byte[] {1})
                .toBytes();
        Path file = write(ZipSurgery.replaceAll(two, "c.bin", "b.bin"));
        assertThatThrownBy(() -> ArchiveReader.read(file, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("'b.bin'").hasMessageContaining("twice");
    }

    @Test
    void futureVersionAndWrongFormatAreRefused() throws IOException {
        Path future = dir.resolve("future.zip");
        demo(3).write(future);
        assertThatThrownBy(() -> ArchiveReader.read(future, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("future.zip").hasMessageContaining("version 3 is newer")
                .hasMessageContaining("up to 2");

        Path other = dir.resolve("other.zip");
        new ArchiveWriter("bitflow-fused", 1).add("x", new byte[1]).write(other);
        assertThatThrownBy(() -> ArchiveReader.read(other, DEMO, BfmFormat.ACCEPTED))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is a 'bitflow-fused' file, expected 'demo-format' or 'bitflow-model'");

        Path container = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.put("manifest.json",
                new String(e.get("manifest.json"), StandardCharsets.UTF_8)
                        .replace("\"containerVersion\" : 1", "\"containerVersion\" : 9")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> ArchiveReader.read(container, DEMO)).hasMessageContaining("container version 9");
    }

    @Test
    void notAZipOrBrokenManifestIsRefused() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.bfm"), "just some text, not a zip");
        assertThatThrownBy(() -> ArchiveReader.read(text, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("notes.bfm").hasMessageContaining("not a zip");
        Path empty = Files.write(dir.resolve("empty.bfm"), new byte[0]);
        assertThatThrownBy(() -> ArchiveReader.read(empty, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.bfm");
        assertThatThrownBy(() -> ArchiveReader.read(new ByteArrayInputStream("text".getBytes()), "s", DEMO))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a zip");
        Path folder = Files.createDirectory(dir.resolve("folder.bfm"));
        assertThatThrownBy(() -> ArchiveReader.read(folder, DEMO)).hasMessageContaining("not a regular file");

        Path badJson = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.put("manifest.json",
                "{\n  \"container\": \"bitflow-archive\",\n  oops\n}".getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> ArchiveReader.read(badJson, DEMO)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'manifest.json'").hasMessageContaining("line 3");

        Path traversal = write(ZipSurgery.edit(demo(1).toBytes(), e -> e.put("manifest.json",
                new String(e.get("manifest.json"), StandardCharsets.UTF_8).replace("\"b.bin\"", "\"../b.bin\"")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> ArchiveReader.read(traversal, DEMO)).hasMessageContaining("'../b.bin'");
    }

    @Test
    void writerRefusesBadNamesAndDuplicates() {
        ArchiveWriter w = new ArchiveWriter("demo-format", 1).add("a", new byte[0]);
        assertThatThrownBy(() -> w.add("a", new byte[0])).hasMessageContaining("duplicate entry 'a'");
        assertThatThrownBy(() -> w.add("manifest.json", new byte[0])).hasMessageContaining("reserved");
        assertThatThrownBy(() -> w.add("x/../y", new byte[0])).hasMessageContaining("'..'");
        assertThatThrownBy(() -> w.add("/abs", new byte[0])).hasMessageContaining("absolute");
        assertThat(ArchiveNames.segment("conv 1/ü")).isEqualTo("conv%201%2F%C3%BC");
        assertThat(ArchiveNames.segment("..")).isEqualTo("%2E%2E");
        assertThat(ArchiveNames.segment("bn1.v2-x_y")).isEqualTo("bn1.v2-x_y");
    }
}

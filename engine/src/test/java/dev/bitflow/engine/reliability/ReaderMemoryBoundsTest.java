package dev.bitflow.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.idx.IdxDatasetProvider;
import dev.bitflow.engine.spi.idx.IdxDatasetSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every reader bounds what it allocates by what the input's real size can hold and by the read budget (all
 * entries together), before allocating: each case here once ran the test JVM out of memory.
 */
class ReaderMemoryBoundsTest {
    private static final long MB = 1L << 20;

    @TempDir
    Path dir;

    private static String manifest(List<DeflateBombs.Entry> entries) {
        StringBuilder json = new StringBuilder("{\"container\": \"bitflow-archive\", \"containerVersion\": 1, "
                + "\"format\": \"bitflow-model\", \"version\": 1, \"metadata\": {}, \"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            json.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(entries.get(i).name())
                    .append("\", \"size\": ").append(entries.get(i).size()).append(", \"sha256\": \"")
                    .append("0".repeat(64)).append("\"}");
        }
        return json.append("]}").toString();
    }

    private Path archive(String name, List<DeflateBombs.Entry> content) throws IOException {
        List<DeflateBombs.Entry> all = new ArrayList<>();
        all.add(DeflateBombs.Entry.stored("manifest.json", manifest(content).getBytes(StandardCharsets.UTF_8)));
        all.addAll(content);
        return Files.write(dir.resolve(name), DeflateBombs.zip(all));
    }

    @Test
    void aSmallModelFileListingFiveTwoGigabyteEntriesIsRefusedBeforeInflating() throws IOException {
        List<DeflateBombs.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(DeflateBombs.Entry.zeros("params/fc/W" + i + ".npy", 2047));
        }
        Path file = archive("five.bfm", entries);
        assertThat(Files.size(file)).isLessThan(16 * MB);
        Allocations.Measured read = Allocations.measure(() -> BfmReader.read(file));
        assertThat(read.thrown()).isInstanceOf(BadInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("5 entries of 10.0 GB in total")
                .hasMessageContaining("half the Java heap");
        assertThat(read.bytes()).as("bytes allocated").isLessThan(16 * MB);
    }

    @Test
    void anEntryListedLargerThanItsCompressedBytesCanHoldIsRefusedBeforeInflating() throws IOException {
        DeflateBombs.Entry real = DeflateBombs.Entry.zeros("params/fc/W.npy", 256); // 256 MiB in about 256 KB
        DeflateBombs.Entry forged = new DeflateBombs.Entry(real.name(), 1500 * MB, real.crc(), real.data(), false);
        Path file = archive("forged.bfm", List.of(forged));
        Allocations.Measured read = Allocations.measure(() -> BfmReader.read(file));
        assertThat(read.thrown()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("entry 'params/fc/W.npy'")
                .hasMessageContaining("can hold at most");
        assertThat(read.bytes()).as("bytes allocated").isLessThan(32 * MB);
    }

    @Test
    void aDefinitionThatIsAnEndlessDeviceOrAHugeFileIsRefusedByItsSize() throws IOException {
        DefaultDefinitionService definitions = new DefaultDefinitionService();
        Allocations.Measured urandom = Allocations.measure(() -> definitions.load(Path.of("/dev/urandom")));
        assertThat(urandom.thrown()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("/dev/urandom: longer than 16.0 MB; a network definition is at most 16.0 MB");
        assertThat(urandom.bytes()).isLessThan(64 * MB);

        Path sparse = dir.resolve("huge.bitflow.json");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30); // 3 GB, sparse: nothing is written to disk
        }
        Allocations.Measured huge = Allocations.measure(() -> definitions.load(sparse));
        assertThat(huge.thrown()).isInstanceOf(BadInputException.class)
                .hasMessageContaining("3.0 GB; a network definition is at most 16.0 MB");
        assertThat(huge.bytes()).isLessThan(MB);
    }

    @Test
    void aSmallDataFolderClaimingMillionsOfImagesIsRefused() throws IOException {
        int count = 2_700_000; // 2.1 GB of 28x28 pixels, 8.5 GB as float32
        byte[] imagesHeader = ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(28).putInt(28).array();
        byte[] labelsHeader = ByteBuffer.allocate(8).putInt(0x801).putInt(count).array();
        long pixelMib = (long) count * 28 * 28 / MB;
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String prefix : List.of("train", "t10k")) {
            Files.write(data.resolve(prefix + "-images-idx3-ubyte.gz"), DeflateBombs.gzip(imagesHeader, (int) pixelMib));
            Files.write(data.resolve(prefix + "-labels-idx1-ubyte.gz"), DeflateBombs.gzip(labelsHeader, 3));
        }
        long folderBytes = 0;
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                folderBytes += Files.size(f);
            }
        }
        assertThat(folderBytes).isLessThan(8 * MB);
        IdxDatasetSpec spec = new IdxDatasetSpec("bomb", "Bomb", "test", List.of("0", "1", "2", "3", "4", "5", "6",
                "7", "8", "9"), 28, 28, null, null, null);
        DatasetProvider provider = new IdxDatasetProvider(spec, getClass().getClassLoader());
        DefaultDatasetService datasets = new DefaultDatasetService(TestDatasets.catalog(provider));
        Allocations.Measured load = Allocations.measure(() -> datasets.load(
                new DatasetRef("bomb", List.of(), Normalization.UNIT), DataLocation.directory(data), Split.TRAIN));
        assertThat(load.thrown()).isInstanceOf(BadInputException.class).hasMessageContaining("train-images-idx3-ubyte");
        // Data sets are read from disk through a bounded cache, so the header's claim costs no heap: the stream
        // ends before the announced pixels do, and the error names the file and both sizes.
        assertThat(load.thrown().getMessage()).contains("header says 2700000 images of 28x28");
        assertThat(load.bytes()).as("bytes allocated").isLessThan(64 * MB);
    }
}

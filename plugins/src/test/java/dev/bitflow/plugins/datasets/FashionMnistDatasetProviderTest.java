package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.spi.RawImages;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.idx.IdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistDatasetProviderTest {
    private static final Path STANDARD = Path.of(FashionMnistDatasetProvider.STANDARD_DIR);

    @TempDir
    Path dir;

    @Test
    void describesFashionMnist() {
        FashionMnistDatasetProvider p = new FashionMnistDatasetProvider();
        assertThat(p.id()).isEqualTo("fashion-mnist");
        assertThat(p.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(p.description()).contains("MIT");
    }

    @Test
    void embeddedMiniFromTheClasspath() throws IOException {
        FashionMnistDatasetProvider p = new FashionMnistDatasetProvider(dir.resolve("absent"));
        assertThat(p.isAvailable(DataLocation.mini())).isTrue();
        assertThat(p.isAvailable(DataLocation.standard())).isFalse();
        RawImages train = p.load(Split.TRAIN, DataLocation.mini());
        assertThat(train.count()).isEqualTo(6000);
        assertThat(train.height()).isEqualTo(28);
        assertThat(p.count(Split.TEST, DataLocation.mini())).isEqualTo(1000);
        int[] perClass = new int[10];
        for (int label : train.labels()) {
            perClass[label]++;
        }
        assertThat(perClass).containsOnly(600);
        assertThat(p.locationHelp(DataLocation.standard())).contains("apt-get install dataset-fashion-mnist", "--data mini");
    }

    @Test
    void folderWithRawFilesServesTheSameImagesAsGzipped() throws IOException {
        // unpack the embedded mini set into a folder as raw IDX files (one with the dotted spelling)
        for (String name : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels.idx1-ubyte"}) {
            String resource = FashionMnistDatasetProvider.MINI_RESOURCES + name.replace(".idx", "-idx") + ".gz";
            try (InputStream in = new GZIPInputStream(getClass().getClassLoader().getResourceAsStream(resource))) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        FashionMnistDatasetProvider p = new FashionMnistDatasetProvider();
        DataLocation folder = DataLocation.directory(dir);
        assertThat(p.isAvailable(folder)).isTrue();
        RawImages fromFolder = p.load(Split.TEST, folder);
        RawImages embedded = p.load(Split.TEST, DataLocation.mini());
        assertThat(fromFolder.pixels()).isEqualTo(embedded.pixels());
        assertThat(fromFolder.labels()).isEqualTo(embedded.labels());
        assertThat(p.count(Split.TRAIN, folder)).isEqualTo(6000);
    }

    @Test
    void wrongImageSizeIsRefused() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), dev.bitflow.engine.spi.idx.IdxWriter.imagesBytes(1, 32, 32, new byte[1024]));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), dev.bitflow.engine.spi.idx.IdxWriter.labelsBytes(new byte[1]));
        assertThatThrownBy(() -> new FashionMnistDatasetProvider().load(Split.TEST, DataLocation.directory(dir)))
                .isInstanceOf(BadInputException.class)
                .hasMessage("t10k-images-idx3-ubyte: images are 32x32 but Fashion-MNIST images are 28x28");
    }

    @Test
    void truncatedDownloadInAFolder() throws IOException {
        assumeTrue(Files.isDirectory(STANDARD), "Fashion-MNIST not installed in " + STANDARD);
        byte[] gz = Files.readAllBytes(STANDARD.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), Arrays.copyOf(gz, gz.length - 100));
        Files.copy(STANDARD.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images-idx3-ubyte.gz"));
        assertThatThrownBy(() -> new FashionMnistDatasetProvider().load(Split.TEST, DataLocation.directory(dir)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("t10k-labels-idx1-ubyte.gz: gzip data is truncated");
    }

    @Test
    void fullFashionMnistFromTheStandardFolder() throws IOException {
        assumeTrue(Files.isDirectory(STANDARD),
                "Fashion-MNIST not installed in " + STANDARD + " (apt-get install dataset-fashion-mnist)");
        FashionMnistDatasetProvider p = new FashionMnistDatasetProvider();
        assertThat(p.isAvailable(DataLocation.standard())).isTrue();
        RawImages test = p.load(Split.TEST, DataLocation.standard());
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(p.count(Split.TRAIN, DataLocation.standard())).isEqualTo(60_000);
        assertThat(test.sha256()).isEqualTo(IdxReader.sha256((
                IdxReader.sha256(Files.readAllBytes(STANDARD.resolve("t10k-images-idx3-ubyte.gz"))) + "\n"
                        + IdxReader.sha256(Files.readAllBytes(STANDARD.resolve("t10k-labels-idx1-ubyte.gz"))) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}

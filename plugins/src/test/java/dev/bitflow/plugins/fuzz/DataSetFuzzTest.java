package dev.bitflow.plugins.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.fuzz.ReaderContract;
import dev.bitflow.engine.spi.DatasetProvider;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.engine.spi.SplitSource;
import dev.bitflow.plugins.datasets.CifarDatasetProvider;
import dev.bitflow.plugins.datasets.HandsDatasetProvider;
import dev.bitflow.plugins.datasets.images.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The built-in data sets' readers on any bytes: one image file (PNG, JPEG, BMP, GIF, or anything else named so), a
 * CIFAR-10 training batch with its optional {@code batches.meta.txt}, and the 11K Hands {@code HandInfo.csv} beside
 * four real photos. Each must end in a result or a worded error naming the file, within the reader contract's
 * allocation bound ({@link ReaderContract}).
 */
class DataSetFuzzTest {
    /** Allocation allowed per input byte of an image: the densest image a file may declare, 16 bytes per pixel. */
    static final long IMAGE_PER_BYTE = ImageDecoder.MAX_PIXELS_PER_FILE_BYTE * 16;
    private static final Path CIFAR = folder("cifar");
    private static final Path HANDS = handsFolder();

    private static Path folder(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "bitflow-dataset-fuzz-" + ProcessHandle.current().pid(), name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Four 12x10 colour photos in Hands/, as the CSV seeds name them. */
    private static Path handsFolder() {
        Path root = folder("hands");
        try {
            Path images = Files.createDirectories(root.resolve(HandsDatasetProvider.IMAGES));
            for (int n = 1; n <= 4; n++) {
                BufferedImage photo = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
                photo.setRGB(n, n, 0x102030 * n);
                ImageIO.write(photo, "jpg", images.resolve(String.format("Hand_%07d.jpg", n)).toFile());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "4s")
    void image(byte[] input) {
        ReaderContract.check(input, IMAGE_PER_BYTE, () -> {
            ImageDecoder.size("fuzz.png", input);
            ImageDecoder.decode("fuzz.png", input, 3, 16, 16, Resize.BILINEAR, new byte[3 * 16 * 16], 0);
            ImageDecoder.decode("fuzz.png", input, 1, 8, 6, Resize.NEAREST, new byte[8 * 6], 0);
        });
    }

    /**
     * Byte 0 bit 0: whether {@code batches.meta.txt} is there, byte 1 its length, then its bytes; the rest is
     * {@code data_batch_1.bin}. The test batch is one valid record of label 0.
     */
    @FuzzTest(maxDuration = "4s")
    void cifar(byte[] input) throws IOException {
        boolean meta = input.length > 1 && (input[0] & 1) == 1;
        int metaLength = input.length > 1 ? Math.min(input[1] & 0xFF, input.length - 2) : 0;
        int batchFrom = Math.min(input.length, 2 + (meta ? metaLength : 0));
        Files.deleteIfExists(CIFAR.resolve("batches.meta.txt"));
        if (meta) {
            Files.write(CIFAR.resolve("batches.meta.txt"), Arrays.copyOfRange(input, 2, 2 + metaLength));
        }
        Files.write(CIFAR.resolve("data_batch_1.bin"), Arrays.copyOfRange(input, batchFrom, input.length));
        Files.write(CIFAR.resolve("test_batch.bin"), new byte[3073]);
        ReaderContract.check(input, ReaderContract.PLAIN,
                () -> readAll(new CifarDatasetProvider(), CIFAR, SplitRequest.plain()));
    }

    /** The input is {@code HandInfo.csv}; {@code Hands/} holds Hand_0000001.jpg .. Hand_0000004.jpg. */
    @FuzzTest(maxDuration = "4s")
    void hands(byte[] input) throws IOException {
        Files.write(HANDS.resolve(HandsDatasetProvider.CSV), input);
        SplitRequest request = new SplitRequest(Shape.spatial(3, 8, 8), Resize.BILINEAR, Map.of("testFraction", "0.5"),
                TaskMonitor.NONE);
        ReaderContract.check(input, ReaderContract.PLAIN, () -> readAll(new HandsDatasetProvider(), HANDS, request));
    }

    /** Opens both splits and reads every example. */
    private static void readAll(DatasetProvider provider, Path dir, SplitRequest request) throws IOException {
        for (Split split : Split.values()) {
            try (SplitSource source = provider.open(split, DataLocation.directory(dir), request)) {
                for (int i = 0; i < source.count(); i++) {
                    source.read(i);
                }
            }
        }
    }
}

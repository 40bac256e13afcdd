package dev.bitflow.plugins.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.Split;
import dev.bitflow.engine.spi.SplitRequest;
import dev.bitflow.plugins.datasets.images.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile data files, each found by the data-set fuzz targets or by reading the readers for their class of defect:
 * each ends in a worded error naming the file and field, before any large allocation or long loop.
 */
class HostileDataFilesTest {
    @TempDir
    Path dir;

    /** A PNG of {@code w x h} 8-bit RGB pixels whose image data is missing (IHDR, then IEND). */
    private static byte[] pngHeaderOnly(int w, int h) {
        return MiniatureDataSets.png(w, h, 2, 8, new byte[0]);
    }

    @Test
    void anImageDeclaringMorePixelsThanItsFileCanHoldIsRefusedBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(4000, 4000); // 16 megapixels, within the 25 MP bound, in 45 bytes
        assertThatThrownBy(() -> ImageDecoder.decode("bomb.png", bomb, 3, 8, 8, Resize.BILINEAR, new byte[192], 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage("bomb.png: the header says 4000x4000 pixels, more than a file of 45 bytes can hold (at most"
                        + " 8256 pixels per byte); the file is truncated or made to exhaust memory");
        assertThatThrownBy(() -> ImageDecoder.size("bomb.png", bomb)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("more than a file of 45 bytes can hold");
    }

    @Test
    void aBmpAskingForAnImpossiblePixelLayoutIsRefusedFromItsHeader() {
        // found by DataSetFuzzTest#image: 61,439 bits per pixel and an embedded PNG; the decoder asked for 623 MB
        byte[] bmp = java.util.HexFormat.of().parseHex("424d7600250000000080360000002800000000760000f9ffffffffffffef0500"
                + "000000002525 25c4ffffffff00000000c4ffff305b00".replace(" ", ""));
        assertThatThrownBy(() -> ImageDecoder.decode("b.bmp", bmp, 3, 8, 8, Resize.BILINEAR, new byte[192], 0))
                .isInstanceOf(BadInputException.class)
                .hasMessage("b.bmp: BMP header field bits per pixel is 61439; 1, 4, 8, 16, 24 or 32 are read");
        bmp[28] = 24;
        bmp[29] = 0;
        assertThatThrownBy(() -> ImageDecoder.size("b.bmp", bmp)).isInstanceOf(BadInputException.class)
                .hasMessage("b.bmp: BMP header field compression is 5; none (0), RLE8 (1), RLE4 (2) and bit fields (3)"
                        + " are read");
    }

    @Test
    void onlyPngJpegBmpAndGifDecodersAreUsed() throws IOException {
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (String format : new String[] {"tiff", "wbmp"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage written = format.equals("wbmp") ? new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_BINARY) : image;
            assertThat(ImageIO.write(written, format, out)).as(format + " writer").isTrue();
            assertThatThrownBy(() -> ImageDecoder.decode("x.png", out.toByteArray(), 1, 4, 6, Resize.NONE,
                    new byte[24], 0)).as(format).isInstanceOf(BadInputException.class)
                    .hasMessage("x.png: not an image (no PNG, JPEG, BMP or GIF header)");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        byte[] pixels = new byte[24];
        ImageDecoder.decode("ok.png", png.toByteArray(), 1, 4, 6, Resize.NONE, pixels, 0);
    }

    @Test
    void aHandsImageNameNoPathCanHoldIsNamedWithItsLine() throws IOException {
        Path root = MiniatureDataSets.hands(dir.resolve("hands"), 4, 2, 16, 12, 1);
        Path csv = root.resolve("HandInfo.csv");
        MiniatureDataSets.text(csv, Files.readString(csv).replace("Hand_0000001.jpg", "Hand_0000001.j\0pg"));
        assertThatThrownBy(() -> new HandsDatasetProvider().open(Split.TRAIN, DataLocation.directory(root),
                new SplitRequest(Shape.spatial(3, 12, 16), Resize.BILINEAR, Map.of(), TaskMonitor.NONE)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("HandInfo.csv line 3: imageName 'Hand_0000001.j\0pg' is not a file name in Hands/");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // was a quadratic search over every name read (minutes)
    void aCifarClassListOfAMillionNamesIsRefusedAtOnce() throws IOException {
        Path root = MiniatureDataSets.cifar(dir.resolve("c"), java.util.List.of("x", "y"), 1, 2, 2, 1);
        StringBuilder names = new StringBuilder();
        for (int i = 0; names.length() < (1 << 20) - 16; i++) {
            names.append(Integer.toString(i, 36)).append('\n');
        }
        MiniatureDataSets.text(root.resolve("batches.meta.txt"), names.toString());
        assertThatThrownBy(() -> new CifarDatasetProvider().open(Split.TRAIN, DataLocation.directory(root),
                SplitRequest.plain())).isInstanceOf(BadInputException.class)
                .hasMessage("batches.meta.txt: more than 256 class names; a classifier needs 2..256");
    }
}

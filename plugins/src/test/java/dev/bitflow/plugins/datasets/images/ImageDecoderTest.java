package dev.bitflow.plugins.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Resize;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Decoding is exact for what is stored, converts channels and sizes as documented, and is bounded. */
class ImageDecoderTest {
    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    private static int[] decode(byte[] bytes, int channels, int h, int w, Resize resize) {
        byte[] out = new byte[channels * h * w];
        ImageDecoder.decode("x.png", bytes, channels, h, w, resize, out, 0);
        int[] v = new int[out.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = out[i] & 0xFF;
        }
        return v;
    }

    private static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (y * w + x) * 17 % 256);
            }
        }
        return img;
    }

    @Test
    void greyPngIsReadExactlyAsStored() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 256; i++) {
            img.getRaster().setSample(i % 16, i / 16, 0, i);
        }
        int[] v = decode(encode(img, "png"), 1, 16, 16, Resize.BILINEAR);
        for (int i = 0; i < 256; i++) {
            assertThat(v[i]).isEqualTo(i);
        }
        // grey to three channels: repeated
        int[] rgb = decode(encode(img, "png"), 3, 16, 16, Resize.NONE);
        assertThat(Arrays.copyOfRange(rgb, 256, 512)).isEqualTo(Arrays.copyOfRange(rgb, 0, 256));
        assertThat(Arrays.copyOfRange(rgb, 512, 768)).isEqualTo(Arrays.copyOfRange(rgb, 0, 256));
    }

    @Test
    void colourIsChannelMajorRgbOrItsLuma() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xC86432); // r 200, g 100, b 50
        img.setRGB(1, 0, 0x0A0A0A);
        byte[] png = encode(img, "png");
        assertThat(decode(png, 3, 1, 2, Resize.NONE)).containsExactly(200, 10, 100, 10, 50, 10);
        // (299*200 + 587*100 + 114*50 + 500) / 1000 = 124
        assertThat(decode(png, 1, 1, 2, Resize.NONE)).containsExactly(124, 10);
    }

    @Test
    void sixteenBitGreyKeepsTheHighByteAndPaletteImagesTheirColours() throws IOException {
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 0xABCD);
        deep.getRaster().setSample(1, 0, 0, 0x0102);
        assertThat(decode(encode(deep, "png"), 1, 1, 2, Resize.NONE)).containsExactly(0xAB, 0x01);
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0},
                new byte[] {0, (byte) 255});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(0, 0, 0, 0);
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertThat(decode(encode(indexed, "gif"), 3, 1, 2, Resize.NONE)).containsExactly(255, 0, 0, 0, 0, 255);
    }

    @Test
    void nearestAndBilinearFollowTheDocumentedFormulas() throws IOException {
        BufferedImage img = grey(4, 4);
        byte[] png = encode(img, "png");
        int[] src = new int[16];
        for (int i = 0; i < 16; i++) {
            src[i] = i * 17 % 256;
        }
        // nearest 4x4 -> 2x2: source rows/columns floor((i + 0.5) * 2) = 1, 3
        assertThat(decode(png, 1, 2, 2, Resize.NEAREST)).containsExactly(src[5], src[7], src[13], src[15]);
        // bilinear 4x4 -> 2x2: centre of each 2x2 block = mean of its four pixels, rounded half up
        int[] bl = decode(png, 1, 2, 2, Resize.BILINEAR);
        assertThat(bl[0]).isEqualTo((int) Math.floor((src[0] + src[1] + src[4] + src[5]) / 4.0 + 0.5));
        assertThat(bl[3]).isEqualTo((int) Math.floor((src[10] + src[11] + src[14] + src[15]) / 4.0 + 0.5));
        // bilinear 2x1 -> 4x1 upscale: x = 0 and 3 clamp to the edges, x = 1 is 0.75 a + 0.25 b
        BufferedImage two = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        two.getRaster().setSample(0, 0, 0, 0);
        two.getRaster().setSample(1, 0, 0, 200);
        assertThat(decode(encode(two, "png"), 1, 1, 4, Resize.BILINEAR)).containsExactly(0, 50, 150, 200);
        assertThatThrownBy(() -> decode(png, 1, 2, 2, Resize.NONE)).isInstanceOf(BadInputException.class)
                .hasMessage("x.png: 4x4 pixels but the network's input is 2x2 (dataset.resize is \"none\"; set"
                        + " \"nearest\" or \"bilinear\" to resize)");
    }

    /** A PNG signature and an IHDR chunk claiming {@code w x h} 8-bit RGB pixels, with a correct CRC, then nothing. */
    static byte[] pngHeaderOnly(int w, int h) {
        ByteBuffer chunk = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}).putInt(13).put(chunk.array())
                .putInt((int) crc.getValue());
        return png.array();
    }

    @Test
    void aHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(100_000, 100_000);
        assertThatThrownBy(() -> ImageDecoder.size("bomb.png", bomb)).isInstanceOf(BadInputException.class)
                .hasMessage("bomb.png: the header says 100000x100000 pixels; images of 1 to 25 megapixels are read");
        assertThatThrownBy(() -> decode(bomb, 1, 8, 8, Resize.BILINEAR)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("100000x100000");
    }

    @Test
    void damagedAndForeignFilesAreNamed() throws IOException {
        byte[] png = encode(grey(32, 32), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThat(ImageDecoder.size("t.png", truncated)).containsExactly(32, 32); // the header is intact
        assertThatThrownBy(() -> ImageDecoder.decode("t.png", truncated, 1, 32, 32, Resize.NONE, new byte[1024], 0))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("t.png: damaged or truncated image");
        assertThatThrownBy(() -> ImageDecoder.size("notes.png", "just some text".getBytes()))
                .isInstanceOf(BadInputException.class)
                .hasMessage("notes.png: not an image (no PNG, JPEG, BMP or GIF header)");
        assertThatThrownBy(() -> ImageDecoder.size("empty.png", new byte[0])).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("empty.png: not an image");
    }
}

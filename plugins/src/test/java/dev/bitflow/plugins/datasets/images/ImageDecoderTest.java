package dev.bitflow.plugins.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.plugins.datasets.MiniatureDataSets;
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

    /** An n-bit component scaled to 8 bits: round(c * 255 / (2^n - 1)), what java.awt's ColorModel gives. */
    private static int scaled(int c, int bits) {
        int max = (1 << bits) - 1;
        return (c * 255 + max / 2) / max;
    }

    @Test
    void packedBmpComponentsAreScaledToEightBits() {
        // 5-6-5 bit fields: pixel x has red x % 32, green x, blue 31 - x % 32 (every 5- and 6-bit value)
        int[] pixels = new int[64];
        int[] expected = new int[3 * 64];
        for (int x = 0; x < 64; x++) {
            int red = x % 32;
            int blue = 31 - x % 32;
            pixels[x] = red << 11 | x << 5 | blue;
            expected[x] = scaled(red, 5);
            expected[64 + x] = scaled(x, 6);
            expected[128 + x] = scaled(blue, 5);
        }
        byte[] bmp565 = MiniatureDataSets.bmp(64, 1, 16, new int[] {0xF800, 0x07E0, 0x001F}, pixels);
        int[] rgb = decode(bmp565, 3, 1, 64, Resize.NONE);
        assertThat(rgb).containsExactly(expected);
        // the ends are 0 and 255, the middle rounded: 5-bit 16 -> 131.6 -> 132, 6-bit 32 -> 129.5 -> 130
        assertThat(new int[] {rgb[0], rgb[31], rgb[16], rgb[64], rgb[64 + 63], rgb[64 + 32]})
                .containsExactly(0, 255, 132, 0, 255, 130);
        java.awt.image.DirectColorModel awt = new java.awt.image.DirectColorModel(16, 0xF800, 0x07E0, 0x001F);
        for (int x = 0; x < 64; x++) {
            assertThat(new int[] {rgb[x], rgb[64 + x], rgb[128 + x]}).as("pixel %d", x)
                    .containsExactly(awt.getRed(pixels[x]), awt.getGreen(pixels[x]), awt.getBlue(pixels[x]));
        }
        int[] grey = decode(bmp565, 1, 1, 64, Resize.NONE);
        for (int x = 0; x < 64; x++) {
            assertThat(grey[x]).isEqualTo((299 * expected[x] + 587 * expected[64 + x] + 114 * expected[128 + x]
                    + 500) / 1000);
        }

        // 5-5-5 without compression (the 16-bit default): every 5-bit value in each component
        int[] pixels555 = new int[32];
        int[] expected555 = new int[3 * 32];
        for (int x = 0; x < 32; x++) {
            pixels555[x] = x << 10 | (31 - x) << 5 | (x * 7) % 32;
            expected555[x] = scaled(x, 5);
            expected555[32 + x] = scaled(31 - x, 5);
            expected555[64 + x] = scaled(x * 7 % 32, 5);
        }
        assertThat(decode(MiniatureDataSets.bmp(32, 1, 16, null, pixels555), 3, 1, 32, Resize.NONE))
                .containsExactly(expected555);

        // 32-bit bit fields of 4 and 10 bits: 4-bit c -> 17 c; 10-bit 3 -> 0.75 -> 1, 513 -> 127.9 -> 128
        int[] four = {0x000, 0x123, 0xF0F, 0xFFF};
        assertThat(decode(MiniatureDataSets.bmp(4, 1, 32, new int[] {0xF00, 0x0F0, 0x00F}, four), 3, 1, 4,
                Resize.NONE)).containsExactly(0, 17, 255, 255, 0, 34, 0, 255, 0, 51, 255, 255);
        int[] ten = {3 << 20 | 513 << 10 | 1023, 1023 << 20 | 1 << 10 | 512};
        assertThat(decode(MiniatureDataSets.bmp(2, 1, 32, new int[] {0x3FF00000, 0x000FFC00, 0x000003FF}, ten), 3,
                1, 2, Resize.NONE)).containsExactly(1, 255, 128, 0, 255, 128);
        // a component whose mask is 0 is absent: 0
        assertThat(decode(MiniatureDataSets.bmp(1, 1, 16, new int[] {0xF800, 0, 0x001F}, new int[] {0xFFFF}), 3, 1,
                1, Resize.NONE)).containsExactly(255, 0, 255);
    }

    @Test
    void interlacedGifsHaveEveryRowInPlaceWhateverTheirHeight() {
        int[] palette = {0x000000, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00, 0x00FFFF, 0xFF00FF, 0x808080};
        for (int h : new int[] {1, 2, 3, 4, 5, 9}) {
            int w = 3;
            int[] indices = new int[w * h];
            int[] expected = new int[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) % 7 + 1; // never entry 0, so that no row can pass for a missing one
                    indices[y * w + x] = i;
                    expected[y * w + x] = palette[i] >> 16 & 0xFF;
                    expected[w * h + y * w + x] = palette[i] >> 8 & 0xFF;
                    expected[2 * w * h + y * w + x] = palette[i] & 0xFF;
                }
            }
            byte[] interlaced = MiniatureDataSets.gif(w, h, palette, indices, true);
            byte[] progressive = MiniatureDataSets.gif(w, h, palette, indices, false);
            assertThat(decode(interlaced, 3, h, w, Resize.NONE)).as("interlaced, %d rows", h)
                    .containsExactly(expected);
            assertThat(decode(progressive, 3, h, w, Resize.NONE)).as("not interlaced, %d rows", h)
                    .containsExactly(expected);
            int[] luma = new int[w * h];
            for (int p = 0; p < w * h; p++) {
                luma[p] = (299 * expected[p] + 587 * expected[w * h + p] + 114 * expected[2 * w * h + p] + 500) / 1000;
            }
            assertThat(decode(interlaced, 1, h, w, Resize.NONE)).as("grey, interlaced, %d rows", h)
                    .containsExactly(luma);
        }
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

package dev.bitflow.plugins.datasets;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.spi.idx.IdxWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Miniature data sets in every built-in format, written for tests: class {@code c} of an image is a bright band
 * (rows {@code c * h / classes ..}) on dim noise, so a small network learns it in an epoch or two.
 */
public final class MiniatureDataSets {
    private MiniatureDataSets() {
    }

    /** Pixel (y, x) of channel {@code ch} of an image of class {@code c} of {@code classes}, 0..255. */
    static int pixel(int c, int classes, int ch, int y, int x, int h, Random r) {
        int band = h / classes;
        boolean bright = y >= c * band && y < (c + 1) * band;
        int base = bright ? 190 + r.nextInt(60) : r.nextInt(70);
        return ch == c % 3 || !bright ? base : base / 2;
    }

    /** A grey (channels 1) or RGB (3) image of class {@code c}. */
    static BufferedImage image(int c, int classes, int channels, int w, int h, Random r) {
        BufferedImage img = new BufferedImage(w, h, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (channels == 1) {
                    img.getRaster().setSample(x, y, 0, pixel(c, classes, 0, y, x, h, r));
                } else {
                    for (int ch = 0; ch < 3; ch++) {
                        img.getRaster().setSample(x, y, ch, pixel(c, classes, ch, y, x, h, r));
                    }
                }
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.writeBytes(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An image folder: with {@code split}, {@code root/train/<class>/NNNN.png} ({@code perClass} each) and
     * {@code root/test/<class>/} (a quarter as many); without, {@code root/<class>/}. Every third image is
     * {@code w + 4} wide and {@code h + 2} high (mixed sizes, resized when read).
     */
    public static Path imageFolder(Path root, List<String> classes, int perClass, int channels, int w, int h,
                                   boolean split, long seed) {
        Random r = new Random(seed);
        int n = 0;
        for (String part : split ? List.of("train", "test") : List.of("")) {
            int count = part.equals("test") ? Math.max(1, perClass / 4) : perClass;
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < classes.size(); c++) {
                    boolean odd = n % 3 == 2;
                    BufferedImage img = image(c, classes.size(), channels, odd ? w + 4 : w, odd ? h + 2 : h, r);
                    Path dir = part.isEmpty() ? root.resolve(classes.get(c)) : root.resolve(part).resolve(classes.get(c));
                    write(dir.resolve(String.format("%05d.png", n++)), encode(img, "png"));
                }
            }
        }
        return root;
    }

    /** Four gzipped IDX files of {@code h x w} grey images and {@code classes.txt} (when names are given). */
    public static Path idx(Path root, List<String> names, int classes, int train, int test, int w, int h, long seed) {
        Random r = new Random(seed);
        for (String prefix : List.of("train", "t10k")) {
            int n = prefix.equals("train") ? train : test;
            byte[] px = new byte[n * w * h];
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                int c = i % classes;
                labels[i] = (byte) c;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[i * w * h + y * w + x] = (byte) pixel(c, classes, 0, y, x, h, r);
                    }
                }
            }
            write(root.resolve(prefix + "-images-idx3-ubyte.gz"), IdxWriter.gzip(IdxWriter.imagesBytes(n, h, w, px)));
            write(root.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxWriter.gzip(IdxWriter.labelsBytes(labels)));
        }
        if (names != null) {
            write(root.resolve("classes.txt"), (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    /**
     * CIFAR-10 binary batches: {@code batches} training files of {@code perBatch} records and a test file of
     * {@code test} records, 32x32x3; {@code batches.meta.txt} when names are given, else labels 0..9.
     */
    public static Path cifar(Path root, List<String> names, int batches, int perBatch, int test, long seed) {
        Random r = new Random(seed);
        int classes = names == null ? 10 : names.size();
        for (int b = 0; b <= batches; b++) {
            int n = b == batches ? test : perBatch;
            byte[] bytes = new byte[n * 3073];
            for (int i = 0; i < n; i++) {
                int c = (i + b) % classes;
                bytes[i * 3073] = (byte) c;
                for (int ch = 0; ch < 3; ch++) {
                    for (int y = 0; y < 32; y++) {
                        for (int x = 0; x < 32; x++) {
                            bytes[i * 3073 + 1 + ch * 1024 + y * 32 + x] = (byte) pixel(c, classes, ch, y, x, 32, r);
                        }
                    }
                }
            }
            write(root.resolve(b == batches ? "test_batch.bin" : "data_batch_" + (b + 1) + ".bin"), bytes);
        }
        if (names != null) {
            write(root.resolve("batches.meta.txt"), (String.join("\n", names) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    /**
     * An 11K Hands replica: {@code people} people (even ids female, odd male) with {@code perPerson} JPEG photos
     * each (aspects cycling through dorsal right, dorsal left, palmar right, palmar left), {@code HandInfo.csv}
     * in the published column order, images {@code w x h}: female bright top, male bright bottom.
     */
    public static Path hands(Path root, int people, int perPerson, int w, int h, long seed) {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("id,age,gender,skinColor,accessories,nailPolish,aspectOfHand,imageName,"
                + "irregularities\n");
        List<String> aspects = List.of("dorsal right", "dorsal left", "palmar right", "palmar left");
        int image = 0;
        for (int p = 0; p < people; p++) {
            int gender = p % 2;
            for (int k = 0; k < perPerson; k++) {
                String name = String.format("Hand_%07d.jpg", image++);
                csv.append(String.format("%07d,%d,%s,fair,0,0,%s,%s,0%n", p, 20 + p, gender == 0 ? "female" : "male",
                        aspects.get(k % 4), name));
                write(root.resolve("Hands").resolve(name), encode(image(gender, 2, 3, w, h, r), "jpg"));
            }
        }
        write(root.resolve("HandInfo.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        return root;
    }

    /**
     * A PNG file written chunk by chunk: IHDR ({@code w x h}, colour type, bit depth), the filtered scanlines deflated
     * as one IDAT (none when {@code scanlines} is empty: a header-only file), IEND.
     */
    public static byte[] png(int w, int h, int colourType, int bits, byte[] scanlines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) bits)
                .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
        if (scanlines.length > 0) {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater();
            deflater.setInput(scanlines);
            deflater.finish();
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                deflated.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            chunk(out, "IDAT", deflated.toByteArray());
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A GIF file of one {@code w x h} image: a global palette of {@code palette.length} colours ({@code 0xRRGGBB}, a
     * power of two from 2 to 256), the pixels' palette indices (row by row), stored in the four passes of GIF
     * interlacing (rows 0, 8, 16, ..., then 4, 12, ..., then 2, 6, ..., then 1, 3, ...) when {@code interlaced}. The
     * LZW stream sends a clear code before every index, so codes never grow: plain, and valid for every decoder.
     */
    public static byte[] gif(int w, int h, int[] palette, int[] indices, boolean interlaced) {
        int colourBits = Integer.numberOfTrailingZeros(palette.length);
        int minCodeSize = Math.max(2, colourBits);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8),
                (byte) (0x80 | (colourBits - 1)), 0, 0});
        for (int rgb : palette) {
            out.writeBytes(new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb});
        }
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, (byte) w, (byte) (w >> 8), (byte) h, (byte) (h >> 8),
                (byte) (interlaced ? 0x40 : 0), (byte) minCodeSize});
        int clear = 1 << minCodeSize;
        int width = minCodeSize + 1;
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        long bits = 0;
        int count = 0;
        List<Integer> rows = new java.util.ArrayList<>();
        if (interlaced) {
            int[][] passes = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};
            for (int[] pass : passes) {
                for (int y = pass[0]; y < h; y += pass[1]) {
                    rows.add(y);
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                rows.add(y);
            }
        }
        List<Integer> stream = new java.util.ArrayList<>();
        for (int y : rows) {
            for (int x = 0; x < w; x++) {
                stream.add(clear);
                stream.add(indices[y * w + x]);
            }
        }
        stream.add(clear + 1);
        for (int code : stream) {
            bits |= (long) code << count;
            count += width;
            while (count >= 8) {
                codes.write((int) (bits & 0xFF));
                bits >>>= 8;
                count -= 8;
            }
        }
        if (count > 0) {
            codes.write((int) bits);
        }
        byte[] data = codes.toByteArray();
        for (int at = 0; at < data.length; at += 255) {
            int n = Math.min(255, data.length - at);
            out.write(n);
            out.write(data, at, n);
        }
        out.writeBytes(new byte[] {0, 0x3B});
        return out.toByteArray();
    }

    /**
     * A BMP file (BITMAPINFOHEADER, rows bottom-up, each padded to 4 bytes) of {@code w x h} packed pixels of 16 or 32
     * bits ({@code pixels}, row by row, as stored): with {@code masks} (red, green, blue) the bit fields compression,
     * without (null) none, which for 16 bits means 5-5-5.
     */
    public static byte[] bmp(int w, int h, int bitsPerPixel, int[] masks, int[] pixels) {
        int bytesPerPixel = bitsPerPixel / 8;
        int stride = (w * bytesPerPixel + 3) / 4 * 4;
        int offset = 14 + 40 + (masks == null ? 0 : 12);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(offset + stride * h)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(offset + stride * h).putInt(0).putInt(offset);
        b.putInt(40).putInt(w).putInt(h).putShort((short) 1).putShort((short) bitsPerPixel)
                .putInt(masks == null ? 0 : 3).putInt(stride * h).putInt(2835).putInt(2835).putInt(0).putInt(0);
        if (masks != null) {
            for (int m : masks) {
                b.putInt(m);
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            int rowStart = b.position();
            for (int x = 0; x < w; x++) {
                int p = pixels[y * w + x];
                if (bytesPerPixel == 2) {
                    b.putShort((short) p);
                } else {
                    b.putInt(p);
                }
            }
            b.position(rowStart + stride);
        }
        return b.array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Makes the folder for {@code file} and writes text. */
    static void text(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}

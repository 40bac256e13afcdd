package dev.bitflow.plugins.datasets.images;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Resize;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one image file (PNG, JPEG, BMP, GIF: what the JDK's ImageIO reads) into the network's input: unsigned
 * bytes, channel-major, {@code channels x height x width}, without ever allocating more than the bounds allow.
 *
 * <p>Bounds: the file is at most {@link #MAX_FILE_BYTES}; its header is read first ({@link ImageReader#getWidth},
 * which reads only the header) and an image of more than {@link #MAX_PIXELS} pixels is refused before any pixel
 * is decoded, so a file claiming 100000 x 100000 pixels costs nothing. So is an image whose header declares more
 * pixels than its file could hold, more than {@link #MAX_PIXELS_PER_FILE_BYTE} per byte (a decoding bomb: the
 * decoder allocates the declared raster before it finds the data missing). Only the PNG, JPEG, BMP and GIF
 * decoders are used, whatever other decoders the JDK has (TIFF, WBMP, which would take almost any bytes).
 *
 * <p>Channels: the stored samples are used as they are (no colour management), scaled to 8 bits ({@link
 * #eightBits}: the bit-field components of 16- and 32-bit BMPs span 0..255 whatever their width, 16-bit samples keep
 * their high byte). For one channel a grey image gives its grey samples and a colour image its luma {@code (299 R +
 * 587 G + 114 B + 500) / 1000} (ITU-R BT.601, integer; equal to R when R = G = B); for three channels a grey image
 * is repeated in R, G and B. An alpha channel is ignored. Palette images (GIF, palette PNG) take their palette's
 * colours; the rows of an interlaced GIF are put in place by {@link GifInterlace}, whatever the image's height.
 *
 * <p>Size: an image of another size is resized as {@link Resize} documents (nearest or bilinear), or refused
 * with {@link Resize#NONE}. Every error is a {@link BadInputException} starting with the file's name.
 */
public final class ImageDecoder {
    /** Largest image decoded: 25 megapixels (a 5000 x 5000 photo; about 100 MB while decoding). */
    public static final long MAX_PIXELS = 25_000_000L;
    /**
     * Most pixels a header may declare per byte of its file: 8,256, the densest a lossless file can be (1-bit
     * pixels deflated at zlib's limit of 1,032 bytes per byte). JPEG (at most 256 grey pixels per byte) and GIF
     * (about 1,400) stay well below; a 25-megapixel image needs a file of at least 3,029 bytes.
     */
    public static final long MAX_PIXELS_PER_FILE_BYTE = 8L * 1032;
    /** The decoders used, by ImageIO format name. */
    private static final java.util.Set<String> FORMATS = java.util.Set.of("png", "jpeg", "bmp", "gif");
    /** Largest image file read: 64 MB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private ImageDecoder() {
    }

    /** Width and height from the header of the image in {@code bytes}, checked against the bounds. */
    public static int[] size(String name, byte[] bytes) {
        checkBmpHeader(name, bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(name, in);
            try {
                return checkedSize(name, reader, bytes.length);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadInputException(name + ": not a readable image (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The image in {@code bytes} as {@code channels x height x width} bytes written to {@code dst[offset ..]}.
     *
     * @param channels 1 (grey) or 3 (RGB)
     */
    public static void decode(String name, byte[] bytes, int channels, int height, int width, Resize resize,
                              byte[] dst, int offset) {
        if (channels != 1 && channels != 3) {
            throw new BadInputException(name + ": images can be read as 1 (grey) or 3 (RGB) channels, the network"
                    + " wants " + channels);
        }
        checkBmpHeader(name, bytes);
        BufferedImage image;
        byte[] storedRowByRow = GifInterlace.withoutInterlaceFlag(bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(
                storedRowByRow == null ? bytes : storedRowByRow))) {
            ImageReader reader = reader(name, in);
            try {
                int[] size = checkedSize(name, reader, bytes.length);
                if (resize == Resize.NONE && (size[0] != width || size[1] != height)) {
                    throw new BadInputException(name + ": " + size[0] + "x" + size[1] + " pixels but the network's input"
                            + " is " + width + "x" + height + " (dataset.resize is \"none\"; set \"nearest\" or"
                            + " \"bilinear\" to resize)");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(name + ": damaged or truncated image (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] source = samples(image, channels);
        if (storedRowByRow != null) {
            GifInterlace.placeRows(source, channels, h, w);
        }
        if (w == width && h == height) {
            System.arraycopy(source, 0, dst, offset, source.length);
            return;
        }
        for (int c = 0; c < channels; c++) {
            resizePlane(source, c * w * h, w, h, dst, offset + c * width * height, width, height, resize);
        }
    }

    /**
     * Refuses a BMP whose header asks for a pixel layout no BMP writer makes: bits per pixel other than 1, 4, 8, 16,
     * 24 or 32, or a compression other than none, RLE8, RLE4 and bit fields (not an embedded JPEG or PNG). The JDK's
     * decoder would otherwise allocate for any bit count, thousands of bytes per pixel (a 54-byte file asked for
     * 623 MB).
     */
    private static void checkBmpHeader(String name, byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != 'B' || bytes[1] != 'M') {
            return;
        }
        if (bytes.length < 26) {
            throw new BadInputException(name + ": damaged image header (a BMP header of " + bytes.length + " bytes)");
        }
        long infoSize = littleEndian(bytes, 14, 4);
        int bitsAt = infoSize == 12 ? 24 : 28;
        if (bytes.length < bitsAt + 2 + (infoSize == 12 ? 0 : 4)) {
            throw new BadInputException(name + ": damaged image header (a BMP header of " + bytes.length + " bytes)");
        }
        long bits = littleEndian(bytes, bitsAt, 2);
        if (bits != 1 && bits != 4 && bits != 8 && bits != 16 && bits != 24 && bits != 32) {
            throw new BadInputException(name + ": BMP header field bits per pixel is " + bits
                    + "; 1, 4, 8, 16, 24 or 32 are read");
        }
        long compression = infoSize == 12 ? 0 : littleEndian(bytes, 30, 4);
        if (compression > 3) {
            throw new BadInputException(name + ": BMP header field compression is " + compression
                    + "; none (0), RLE8 (1), RLE4 (2) and bit fields (3) are read");
        }
    }

    private static long littleEndian(byte[] bytes, int at, int length) {
        long v = 0;
        for (int i = length - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[at + i] & 0xFF);
        }
        return v;
    }

    /** A reader for the image in {@code in}, its input set; the caller disposes it. */
    private static ImageReader reader(String name, ImageInputStream in) {
        if (in == null) {
            throw new BadInputException(name + ": cannot be read as an image");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format;
            try {
                format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
            } catch (IOException e) {
                continue;
            }
            if (FORMATS.contains(format)) {
                reader.setInput(in, true, true);
                return reader;
            }
        }
        throw new BadInputException(name + ": not an image (no PNG, JPEG, BMP or GIF header)");
    }

    private static int[] checkedSize(String name, ImageReader reader, long fileBytes) throws IOException {
        int w;
        int h;
        try {
            w = reader.getWidth(0);
            h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(name + ": damaged image header (" + e.getMessage() + ")", e);
        }
        if (w < 1 || h < 1 || (long) w * h > MAX_PIXELS) {
            throw new BadInputException(name + ": the header says " + w + "x" + h + " pixels; images of 1 to "
                    + MAX_PIXELS / 1_000_000 + " megapixels are read");
        }
        if ((long) w * h > MAX_PIXELS_PER_FILE_BYTE * fileBytes) {
            throw new BadInputException(name + ": the header says " + w + "x" + h + " pixels, more than a file of "
                    + fileBytes + " bytes can hold (at most " + MAX_PIXELS_PER_FILE_BYTE + " pixels per byte); the"
                    + " file is truncated or made to exhaust memory");
        }
        return new int[] {w, h};
    }

    /**
     * The image's samples as 8-bit values, channel-major, in {@code channels} channels (see the class comment); read
     * a row at a time.
     */
    static byte[] samples(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        byte[] out = new byte[channels * plane];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        if (cm instanceof IndexColorModel icm) {
            int size = icm.getMapSize();
            byte[] reds = new byte[size];
            byte[] greens = new byte[size];
            byte[] blues = new byte[size];
            icm.getReds(reds);
            icm.getGreens(greens);
            icm.getBlues(blues);
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int i = row[x];
                    put(out, y * w + x, plane, channels, reds[i] & 0xFF, greens[i] & 0xFF, blues[i] & 0xFF, false);
                }
            }
            return out;
        }
        boolean grey = cm.getNumColorComponents() == 1;
        boolean packed = cm instanceof DirectColorModel;
        int[] bits = new int[grey ? 1 : 3];
        for (int b = 0; b < bits.length; b++) {
            bits[b] = cm.getComponentSize(b);
        }
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int at = x * bands;
                int r = eightBits(row[at], bits[0], packed);
                int g = grey ? r : eightBits(row[at + 1], bits[1], packed);
                int b = grey ? r : eightBits(row[at + 2], bits[2], packed);
                put(out, y * w + x, plane, channels, r, g, b, grey);
            }
        }
        return out;
    }

    /**
     * One sample of {@code bits} bits as 8 bits. A component packed in a pixel's bit fields ({@code packed}: a
     * {@link DirectColorModel}, as 16- and 32-bit BMPs are) is scaled to the full range, {@code round(c * 255 /
     * (2^bits - 1))} in integers, as {@link DirectColorModel#getRed} and image viewers give it: the 5- and 6-bit
     * components of a 16-bit BMP span 0..255 (5-bit 16 is 132), a 4-bit component c is 17 c. Other samples of more
     * than 8 bits (16-bit PNG) keep their high byte; samples of fewer bits are scaled as packed ones (the JDK's
     * decoders give those as palette images).
     */
    static int eightBits(int sample, int bits, boolean packed) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8 && !packed) {
            return sample >>> (bits - 8);
        }
        if (bits <= 0) {
            return 0;
        }
        long max = (1L << bits) - 1;
        return (int) (((sample & 0xFFFFFFFFL) * 255 + max / 2) / max);
    }

    private static void put(byte[] out, int p, int plane, int channels, int r, int g, int b, boolean grey) {
        if (channels == 1) {
            out[p] = (byte) (grey ? r : (299 * r + 587 * g + 114 * b + 500) / 1000);
        } else {
            out[p] = (byte) r;
            out[plane + p] = (byte) g;
            out[2 * plane + p] = (byte) b;
        }
    }

    /** Resizes one plane ({@code w x h} bytes at {@code from}) into {@code dst} ({@code W x H} bytes at {@code at}). */
    static void resizePlane(byte[] src, int from, int w, int h, byte[] dst, int at, int outW, int outH, Resize resize) {
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int v;
                if (resize == Resize.NEAREST) {
                    int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
                    int sx = Math.min(w - 1, (int) ((x + 0.5) * w / outW));
                    v = src[from + sy * w + sx] & 0xFF;
                } else {
                    double fy = clamp((y + 0.5) * h / outH - 0.5, h - 1);
                    double fx = clamp((x + 0.5) * w / outW - 0.5, w - 1);
                    int y0 = (int) fy;
                    int x0 = (int) fx;
                    int y1 = Math.min(h - 1, y0 + 1);
                    int x1 = Math.min(w - 1, x0 + 1);
                    double dy = fy - y0;
                    double dx = fx - x0;
                    double top = (src[from + y0 * w + x0] & 0xFF) * (1 - dx) + (src[from + y0 * w + x1] & 0xFF) * dx;
                    double bottom = (src[from + y1 * w + x0] & 0xFF) * (1 - dx) + (src[from + y1 * w + x1] & 0xFF) * dx;
                    v = (int) Math.floor(top * (1 - dy) + bottom * dy + 0.5);
                }
                dst[at + y * outW + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
    }

    private static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}

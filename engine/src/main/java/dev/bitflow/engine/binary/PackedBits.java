package dev.bitflow.engine.binary;

import java.util.Arrays;

/**
 * One example's binary feature map, packed NHWC: {@code height x width} pixels, each pixel
 * {@link #wordsPerPixel()} = ceil(channels / 64) words. Channel {@code c} of pixel (y, x) is bit
 * {@code c % 64} of word {@code words[(y * width + x) * wordsPerPixel + c / 64]}. Bit 1 means +1, bit 0
 * means -1. The unused high bits of the last word of every pixel are always 0 (every mutator keeps this;
 * the kernels rely on it). A flat vector of {@code n} values is {@code 1 x 1 x n}.
 *
 * <p>Mutable (kernels fill it), but only through {@link #set}, {@link #setWord} and the kernels of this
 * package; {@link #equals} compares shape and bits.
 */
public final class PackedBits {
    private final int channels;
    private final int height;
    private final int width;
    private final int wordsPerPixel;
    private final long[] words;

    private PackedBits(int channels, int height, int width, long[] words) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.wordsPerPixel = wordsFor(channels);
        this.words = words;
    }

    /** A map of the given shape with every bit 0 (every value -1). */
    public static PackedBits zeros(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape must be positive: " + channels + "x" + height + "x" + width);
        }
        return new PackedBits(channels, height, width, new long[height * width * wordsFor(channels)]);
    }

    /**
     * Wraps already-packed words (not copied). Throws if the length is wrong or an unused high bit is set.
     */
    public static PackedBits wrap(int channels, int height, int width, long[] words) {
        int wpp = wordsFor(channels);
        if (words.length != height * width * wpp) {
            throw new IllegalArgumentException("expected " + height * width * wpp + " words, got " + words.length);
        }
        int dirty = firstWordWithUnusedBits(words, channels);
        if (dirty >= 0) {
            throw new IllegalArgumentException("unused high bits set in pixel " + dirty / wpp);
        }
        return new PackedBits(channels, height, width, words);
    }

    /** Packs a float CHW array by sign: {@code x >= 0} (and -0.0) gives bit 1 (+1), otherwise bit 0. NaN gives 0. */
    public static PackedBits fromSignsChw(float[] chw, int channels, int height, int width) {
        if (chw.length != channels * height * width) {
            throw new IllegalArgumentException("expected " + channels * height * width + " values, got " + chw.length);
        }
        PackedBits bits = zeros(channels, height, width);
        int wpp = bits.wordsPerPixel;
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            long bit = 1L << (c & 63);
            int word = c >>> 6;
            int off = c * plane;
            for (int p = 0; p < plane; p++) {
                if (chw[off + p] >= 0f) {
                    bits.words[p * wpp + word] |= bit;
                }
            }
        }
        return bits;
    }

    /** Packs a flat float vector by sign into a {@code 1 x 1 x n} map. */
    public static PackedBits fromSignsVector(float[] values) {
        return fromSignsChw(values, values.length, 1, 1);
    }

    /** Unpacks to ±1 floats in CHW order (channel-major, as ND4J's NCHW layout for one example). */
    public float[] toPlusMinusOneChw() {
        float[] out = new float[channels * height * width];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int word = c >>> 6;
            int shift = c & 63;
            for (int p = 0; p < plane; p++) {
                out[c * plane + p] = ((words[p * wordsPerPixel + word] >>> shift) & 1L) != 0 ? 1f : -1f;
            }
        }
        return out;
    }

    /** True if channel {@code c} of pixel (y, x) is +1. */
    public boolean get(int y, int x, int c) {
        checkIndex(y, x, c);
        return ((words[(y * width + x) * wordsPerPixel + (c >>> 6)] >>> (c & 63)) & 1L) != 0;
    }

    /** Sets channel {@code c} of pixel (y, x) to +1 ({@code plusOne}) or -1. */
    public void set(int y, int x, int c, boolean plusOne) {
        checkIndex(y, x, c);
        int i = (y * width + x) * wordsPerPixel + (c >>> 6);
        long bit = 1L << (c & 63);
        words[i] = plusOne ? words[i] | bit : words[i] & ~bit;
    }

    /** Word {@code w} of pixel (y, x). */
    public long word(int y, int x, int w) {
        return words[(y * width + x) * wordsPerPixel + w];
    }

    /** Sets word {@code w} of pixel (y, x); unused high bits of the last word are cleared. */
    public void setWord(int y, int x, int w, long value) {
        long v = w == wordsPerPixel - 1 ? value & lastWordMask(channels) : value;
        words[(y * width + x) * wordsPerPixel + w] = v;
    }

    /**
     * The backing words, not copied, for kernels: index {@code (y * width + x) * wordsPerPixel + w}.
     * Writers must keep the unused high bits 0.
     */
    public long[] words() {
        return words;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int wordsPerPixel() {
        return wordsPerPixel;
    }

    /** Number of +1 values in the whole map. */
    public long countOnes() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /**
     * This map as a flat {@code 1 x 1 x (channels * height * width)} vector in channel-major order
     * (index {@code c * height * width + y * width + x}), the order of ND4J's NCHW flatten and of
     * {@code Shape}'s flat convention; a dense layer after a conv consumes this.
     */
    public PackedBits flattenChannelMajor() {
        int plane = height * width;
        PackedBits flat = zeros(channels * plane, 1, 1);
        long[] out = flat.words;
        // Output bits in order (i = c * plane + p), gathered without a branch (the bits of a feature map are a coin
        // toss: a branch on each mispredicts half the time) into a register that is stored once per 64 bits.
        long bits = 0;
        int i = 0;
        for (int c = 0; c < channels; c++) {
            int word = c >>> 6;
            int shift = c & 63;
            for (int p = 0; p < plane; p++, i++) {
                bits |= ((words[p * wordsPerPixel + word] >>> shift) & 1L) << (i & 63);
                if ((i & 63) == 63) {
                    out[i >>> 6] = bits;
                    bits = 0;
                }
            }
        }
        if ((i & 63) != 0) {
            out[i >>> 6] = bits;
        }
        return flat;
    }

    public PackedBits copy() {
        return new PackedBits(channels, height, width, words.clone());
    }

    /** Words needed for {@code channels} bits: ceil(channels / 64). */
    public static int wordsFor(int channels) {
        return (channels + 63) >>> 6;
    }

    /** Mask of the valid bits of the last word of a pixel with {@code channels} channels. */
    public static long lastWordMask(int channels) {
        int r = channels & 63;
        return r == 0 ? -1L : (1L << r) - 1;
    }

    /** Mask of the valid bits of word {@code w} for {@code channels} channels. */
    public static long wordMask(int channels, int w) {
        return w == wordsFor(channels) - 1 ? lastWordMask(channels) : -1L;
    }

    /**
     * Index of the first word of {@code words} whose unused high bits are set, or -1 if there is none. The
     * words are groups of {@link #wordsFor}{@code (channels)} words (one group per pixel, tap or output), so
     * only the last word of each group can have unused bits.
     */
    static int firstWordWithUnusedBits(long[] words, int channels) {
        int perGroup = wordsFor(channels);
        long tail = lastWordMask(channels);
        for (int i = perGroup - 1; i < words.length; i += perGroup) {
            if ((words[i] & ~tail) != 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A copy of {@code words} with row {@code r} bit-inverted where {@code flip[r]}: the words are
     * {@code flip.length} rows of equal length, each row groups of {@link #wordsFor}{@code (channels)} words; the
     * unused high bits stay 0. Negating a ±1 vector inverts its bits, so the dot product with it changes sign.
     */
    static long[] negatedRows(long[] words, int channels, boolean[] flip) {
        long[] out = words.clone();
        int rowWords = words.length / flip.length;
        int perGroup = wordsFor(channels);
        for (int r = 0; r < flip.length; r++) {
            if (flip[r]) {
                for (int i = r * rowWords; i < (r + 1) * rowWords; i++) {
                    out[i] = ~out[i] & wordMask(channels, i % perGroup);
                }
            }
        }
        return out;
    }

    private void checkIndex(int y, int x, int c) {
        if (y < 0 || y >= height || x < 0 || x >= width || c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("(" + y + ", " + x + ", " + c + ") outside " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedBits p && p.channels == channels && p.height == height && p.width == width
                && Arrays.equals(p.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "PackedBits[" + channels + "x" + height + "x" + width + "]";
    }
}

package dev.bitflow.engine.binary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * BatchShift threshold to bits (docs/fusion.md). From integer dot products {@code s} and one
 * {@code short} shift {@code B} per channel, output bit = 1 (+1) iff {@code s + B >= 0}. Constant channels
 * (gamma == 0 after fusion) are given by a per-word mask {@code constMask} (bit c%64 of word c/64 set: channel
 * c is constant) and their value by {@code constValue} (bit set: constant +1, clear: constant -1); both may
 * be null for "no constant channels". A gamma < 0 channel needs no flag here: its weights are negated at
 * packing ({@link PackedConvWeights#negated}) so that its s is already the negated one.
 */
public final class ThresholdPacker {
    /** Eight bytes of a {@code byte[]} read as one little-endian {@code long} (immutable, no state). */
    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** {@code sum_i 2^(56 - 7i)}, i = 0..7: gathers bit 0 of eight bytes into the top byte (see packPixel). */
    private static final long GATHER_BYTES = 0x0102040810204080L;

    private ThresholdPacker() {
    }

    /**
     * Packs {@code s[(y * width + x) * channels + c]} (the conv output layout; a dense output is
     * {@code 1 x 1 x channels}).
     */
    public static PackedBits pack(int[] s, int height, int width, int channels, short[] shift, long[] constMask,
                                  long[] constValue) {
        checkParameters(channels, shift, constMask, constValue);
        if (s.length != height * width * channels) {
            throw new IllegalArgumentException("expected " + height * width * channels + " dot products, got " + s.length);
        }
        PackedBits out = PackedBits.zeros(channels, height, width);
        long[] words = out.words();
        int wpp = out.wordsPerPixel();
        for (int p = 0; p < height * width; p++) {
            for (int c = 0; c < channels; c++) {
                if (s[p * channels + c] + shift[c] >= 0) {
                    words[p * wpp + (c >>> 6)] |= 1L << (c & 63);
                }
            }
            applyConstants(words, p * wpp, wpp, constMask, constValue);
        }
        return out;
    }

    /**
     * Packs first-layer float outputs (CHW) against per-channel float thresholds: bit = 1 iff
     * {@code x >= threshold[c]}, or iff {@code x <= threshold[c]} where {@code atMost[c]} (a gamma < 0
     * channel). {@code atMost} may be null (all {@code >=}).
     */
    public static PackedBits packFloatChw(float[] chw, int channels, int height, int width, float[] threshold,
                                          boolean[] atMost) {
        if (chw.length != channels * height * width || threshold.length != channels
                || (atMost != null && atMost.length != channels)) {
            throw new IllegalArgumentException("float threshold inputs do not match " + channels + "x" + height + "x" + width);
        }
        PackedBits out = PackedBits.zeros(channels, height, width);
        long[] words = out.words();
        int wpp = out.wordsPerPixel();
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            float t = threshold[c];
            boolean le = atMost != null && atMost[c];
            long bit = 1L << (c & 63);
            int word = c >>> 6;
            int off = c * plane;
            if (le) {
                for (int p = 0; p < plane; p++) {
                    words[p * wpp + word] |= chw[off + p] <= t ? bit : 0L;
                }
            } else {
                for (int p = 0; p < plane; p++) {
                    words[p * wpp + word] |= chw[off + p] >= t ? bit : 0L;
                }
            }
        }
        return out;
    }

    /**
     * Packs one pixel from mismatch counts {@code acc} ({@code s = kEff - 2 * acc}) into {@code words[base..]}:
     * bit c = 1 iff {@code kEff + shift[c] - 2 * acc[c] >= 0}. The fast form of {@link #pack} for the fused
     * conv; {@code shift} is widened to {@code int} once per call by the caller ({@link #widen}).
     *
     * <p>Three steps, all free of branches (a branch on random activations mispredicts half the time):
     * <ol>
     *   <li>{@code signs[c] = (~(kEff + shift[c] - 2 * acc[c])) >>> 31}, 0 or 1, in an {@code int} array: an
     *       element-wise loop on ints that C2 vectorises.</li>
     *   <li>{@code bytes[c] = (byte) signs[c]}: a plain narrowing loop, also vectorised. (Computing the byte
     *       in one loop is not: C2 does not vectorise a shift whose result is narrowed to a byte, and that
     *       single loop cost as much as the popcounts of a 3x3 256-channel pixel's whole kernel row.)</li>
     *   <li>Eight such bytes, read as one little-endian {@code long} {@code v = sum_i b_i 2^(8i)}, become
     *       eight bits by one multiply: with {@code M = sum_i 2^(56 - 7i) = 0x0102040810204080},
     *       byte i lands at bit {@code 56 + 8i - 7i = 56 + i}. A cross term {@code b_i 2^(56 + 8i - 7j)}, i != j,
     *       lies above bit 63 (i > j: {@code 8i - 7j >= i + 7 >= 8}) or below bit 56 (i < j), and all
     *       terms fall on distinct bit positions ({@code 8(i - i') = 7(j - j')} only for i = i', j = j'),
     *       so nothing carries into the top byte: {@code (v * M) >>> 56} has bit i = b_i.</li>
     * </ol>
     * {@code scratch} comes from {@link #pixelScratch} for the same channel count; its bytes at and beyond
     * {@code channels} stay 0 (they are never written), which keeps the tail bits of the last word 0.
     */
    static void packPixel(int[] acc, int kEff, int[] shift, PixelScratch scratch, long[] constMask,
                          long[] constValue, int channels, long[] words, int base) {
        int[] signs = scratch.signs;
        byte[] bytes = scratch.bytes;
        for (int c = 0; c < channels; c++) {
            signs[c] = (~(kEff + shift[c] - 2 * acc[c])) >>> 31;
        }
        for (int c = 0; c < channels; c++) {
            bytes[c] = (byte) signs[c];
        }
        int wpp = PackedBits.wordsFor(channels);
        for (int w = 0; w < wpp; w++) {
            long word = 0;
            for (int j = 0; j < 8; j++) {
                long v = (long) LITTLE_ENDIAN_LONGS.get(bytes, (w << 6) + (j << 3));
                word |= ((v * GATHER_BYTES) >>> 56) << (j << 3);
            }
            words[base + w] = word;
        }
        applyConstants(words, base, wpp, constMask, constValue);
    }

    /** One thread's scratch arrays for {@link #packPixel}. */
    static final class PixelScratch {
        private final int[] signs;
        private final byte[] bytes;

        private PixelScratch(int channels) {
            this.signs = new int[channels];
            this.bytes = new byte[PackedBits.wordsFor(channels) << 6];
        }
    }

    /** The scratch {@link #packPixel} needs for {@code channels} channels (not to be shared between threads). */
    static PixelScratch pixelScratch(int channels) {
        return new PixelScratch(channels);
    }

    /** The shifts as {@code int}s, the form {@link #packPixel} reads. */
    static int[] widen(short[] shift) {
        int[] wide = new int[shift.length];
        for (int c = 0; c < shift.length; c++) {
            wide[c] = shift[c];
        }
        return wide;
    }

    static void applyConstants(long[] words, int base, int wpp, long[] constMask, long[] constValue) {
        if (constMask == null) {
            return;
        }
        for (int w = 0; w < wpp; w++) {
            words[base + w] = (words[base + w] & ~constMask[w]) | (constValue[w] & constMask[w]);
        }
    }

    static void checkParameters(int channels, short[] shift, long[] constMask, long[] constValue) {
        if (shift == null || shift.length != channels) {
            throw new IllegalArgumentException("expected " + channels + " shifts, got " + (shift == null ? "none" : shift.length));
        }
        int wpp = PackedBits.wordsFor(channels);
        if ((constMask == null) != (constValue == null)) {
            throw new IllegalArgumentException("constant mask and constant values must be given together");
        }
        if (constMask != null && (constMask.length != wpp || constValue.length != wpp)) {
            throw new IllegalArgumentException("constant mask/values need " + wpp + " words for " + channels + " channels");
        }
        if (constMask != null && (constMask[wpp - 1] & ~PackedBits.lastWordMask(channels)) != 0) {
            throw new IllegalArgumentException("constant mask has bits beyond channel " + channels);
        }
    }
}

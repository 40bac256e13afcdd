package dev.bitflow.engine.binary;

/**
 * BatchShift threshold to bits (primer section 3). From integer dot products {@code s} and one
 * {@code short} shift {@code B} per channel, output bit = 1 (+1) iff {@code s + B >= 0}. Constant channels
 * (gamma == 0 after fusion) are given by a per-word mask {@code constMask} (bit c%64 of word c/64 set: channel
 * c is constant) and their value by {@code constValue} (bit set: constant +1, clear: constant -1); both may
 * be null for "no constant channels". A gamma < 0 channel needs no flag here: its weights are negated at
 * packing ({@link PackedConvWeights#negated}) so that its s is already the negated one.
 */
public final class ThresholdPacker {
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
     * Packs one pixel from mismatch counts {@code acc} ({@code s = kEff - 2 * acc}) into {@code words[base..]}.
     * Branch-free: the bit is the sign bit of {@code -(s + shift) - 1}, i.e. 1 iff {@code s + shift >= 0}
     * (random activations would make a branch mispredict half the time).
     */
    static void packPixel(int[] acc, int kEff, short[] shift, long[] constMask, long[] constValue, int channels,
                          long[] words, int base) {
        int wpp = PackedBits.wordsFor(channels);
        for (int w = 0; w < wpp; w++) {
            long word = 0;
            int c0 = w << 6;
            int end = Math.min(64, channels - c0);
            for (int b = 0; b < end; b++) {
                int c = c0 + b;
                int sb = kEff - 2 * acc[c] + shift[c];
                word |= (long) ((~sb) >>> 31) << b;
            }
            words[base + w] = word;
        }
        applyConstants(words, base, wpp, constMask, constValue);
    }

    private static void applyConstants(long[] words, int base, int wpp, long[] constMask, long[] constValue) {
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

package dev.bitflow.engine.fused;

import java.util.Arrays;

/**
 * The fused conv first layer computed plane by plane, in loops that HotSpot's C2 vectorises by itself (JDK 17 has no
 * Vector API loop): bit for bit what {@link FirstLayerKernel}'s scalar loop gives, and so what
 * {@link FusedFirstLayer#applyReference} gives for finite sums (the float network's range, decision 0054).
 *
 * <p><b>Shifted planes.</b> The input is copied into a padded buffer ({@link PaddedInput}; split into phase planes
 * when the stride is above 1), where tap {@code t} of output pixel {@code (oy, ox)} is read at
 * {@code tapOffset[t] + oy * rowLength + ox}. One tap of all the output pixels of a band of rows is then one
 * contiguous run of the buffer (positions {@code ox >= outW} of a row are computed and thrown away). Each tap's run is
 * copied to an array of its own starting at index 0, because JDK 17's SuperWord vectorises a loop only when every
 * array in it is indexed by the bare loop variable: an invariant offset ({@code x[off + q]}) keeps the loop scalar
 * (measured, docs/kernels.md).
 *
 * <p><b>Same float32 operations.</b> Two output channels at a time, passes over the positions add three taps each
 * in the reference order (input channel, kernel row, kernel column) to sums that start at {@code +0}:
 * {@code s = s + w0 * x0 + w1 * x1 + w2 * x2} is {@code ((s + w0 x0) + w1 x1) + w2 x2}, every multiply and add
 * rounded to float32 (Java never fuses them into an FMA): per position, the reference's sequence of operations.
 * Zero-padded taps are added as {@code w * 0}, which is exact for finite weights ({@link PaddedInput}); with a
 * non-finite weight and zero padding this loop is not used. Then {@code y = alpha * s + bias}, with {@code alpha = 1}
 * and {@code bias = 0} where the layer has none ({@code 1 * s = s}; {@code s + 0} only turns {@code -0} into
 * {@code +0}, which no compare below tells apart).
 *
 * <p><b>The threshold in float operations only.</b> JDK 17's C2 vectorises no conversion between float and int (not
 * even {@code Float.floatToRawIntBits}), so the scalar loop's sign bit cannot be read in a vector loop. Instead, with
 * {@code g = +1} ({@code -1} for channels whose test is {@code y <= t}) and {@code u = g * t}
 * ({@code -MAX_VALUE} where that is {@code -infinity}: for a finite {@code g * y} both tests are true), bit 1 means
 * {@code g * y >= u}. Let {@code d = g * y - u}, rounded. For a finite {@code u}, round-to-nearest keeps the sign of a
 * non-zero exact difference and gives a zero (of either sign) only for equal operands, so {@code d >= 0} (as a float
 * compare, {@code -0 >= 0}) iff the bit is 1; for {@code u = +infinity}, {@code d = -infinity} and the bit is 0. Then
 * {@code |d| - d} is {@code +0} for {@code d >= 0} and {@code 2|d| >= 2^-148} (or infinity) for {@code d < 0};
 * multiplied by {@code 2^100} twice it is {@code +0}, or at least {@code 2^52}; {@code min} with {@code 2^j} (j below
 * 16) gives {@code 0} for bit 1 and {@code 2^j} for bit 0: the cleared bit at its place. Sixteen channels' cleared
 * bits are summed into one float per pixel: distinct powers of two below {@code 2^16}, so every sum is exact and
 * converts to the int of those bits. Only {@code d = +infinity} (a difference that overflowed, or an infinite
 * {@code y}) or a NaN makes {@code |d| - d} NaN; NaN survives {@code min} and the sums, and such a pixel is left to the
 * scalar loop ({@link #redo()}), so the bits never depend on it.
 *
 * <p>Instances hold the layout and scratch planes of one layer: one per thread. Bands of output rows keep the shifted
 * planes within {@link #BAND_FLOATS} floats (at least one row).
 */
final class FirstLayerPlanes {
    /** Output channels per pass: their sums share each load of a tap's values. */
    static final int CHANNELS_PER_PASS = 2;
    /**
     * Taps per pass. JDK 17's C2 vectorises a loop only after unrolling it, and does not unroll a larger body: two
     * channels times three taps, or one channel times four, still run as vectors; four channels times two, or one
     * channel times six, ran scalar (measured with the method compiled on its own).
     */
    static final int TAPS_PER_PASS = 3;
    /** Channels whose cleared bits one float per pixel holds (sums of distinct powers of two below 2^16). */
    static final int CHANNELS_PER_PLANE = 16;
    /** Floats of shifted planes per band of output rows. */
    static final int BAND_FLOATS = 1 << 14;
    private static final float HUGE = 0x1p100f;

    private final PaddedInput input;
    private final float[] padded;
    private final int outH;
    private final int outW;
    private final int taps;
    private final int channels;
    private final int[] tapOffset;
    /** {@code [o * taps + t]}, the definition's layout; 0 for the channels past the last (up to a whole pass). */
    private final float[] weights;
    private final float[] alpha;
    private final float[] bias;
    private final float[] sign;
    private final float[] signedThreshold;
    /** Per pass, whether any of its channels is computed (not constant, not past the last). */
    private final boolean[] passComputed;
    /** Per output word, the channels whose bits this loop computes; the others are 0 or their constant. */
    private final long[] computedMask;
    private final long[] constValue;
    private final int bandRows;
    private final float[][] shifted;
    private final float[][] sums;
    /** {@code [channel / 16][position]}: the cleared bits of sixteen channels summed. */
    private final float[][] cleared;
    private final int[] redo;

    /**
     * The conv {@code layer} (whose buffer must be exact: {@link PaddedInput#exactFor}) with the kernel's per-channel
     * test: {@code sign} and {@code signedThreshold} = {@code sign * (t + 0)}, as {@link FirstLayerKernel} keeps them.
     */
    FirstLayerPlanes(FusedFirstLayer layer, float padValue, int outH, int outW, float[] sign, float[] signedThreshold,
                     long[] constMask, long[] constValue) {
        int c = layer.outChannels();
        int k = layer.kernel();
        this.input = new PaddedInput(layer.inChannels(), layer.inH(), layer.inW(), layer.padding().amount(), padValue,
                0, layer.stride());
        this.padded = input.newBuffer();
        this.outH = outH;
        this.outW = outW;
        this.taps = layer.inChannels() * k * k;
        this.channels = (c + CHANNELS_PER_PASS - 1) / CHANNELS_PER_PASS * CHANNELS_PER_PASS;
        this.tapOffset = new int[taps];
        for (int i = 0, tap = 0; i < layer.inChannels(); i++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++, tap++) {
                    tapOffset[tap] = input.tapOffset(i, ky, kx);
                }
            }
        }
        this.weights = Arrays.copyOf(layer.weights(), channels * taps);
        this.alpha = extended(layer.alpha(), c, channels, 1f);
        this.bias = extended(layer.bias(), c, channels, 0f);
        this.sign = extended(sign, c, channels, 1f);
        this.signedThreshold = extended(signedThreshold, c, channels, 0f);
        for (int o = 0; o < c; o++) {
            if (this.signedThreshold[o] == Float.NEGATIVE_INFINITY) {
                this.signedThreshold[o] = -Float.MAX_VALUE;
            }
        }
        this.computedMask = new long[constMask.length];
        for (int o = 0; o < c; o++) {
            computedMask[o >>> 6] |= 1L << (o & 63);
        }
        for (int w = 0; w < computedMask.length; w++) {
            computedMask[w] &= ~constMask[w];
        }
        this.constValue = constValue.clone();
        this.passComputed = new boolean[channels / CHANNELS_PER_PASS];
        for (int o = 0; o < c; o++) {
            passComputed[o / CHANNELS_PER_PASS] |= (computedMask[o >>> 6] >>> (o & 63) & 1L) != 0;
        }
        int rowLength = input.rowLength();
        this.bandRows = (int) Math.max(1, Math.min(outH, BAND_FLOATS / ((long) taps * rowLength)));
        int band = (bandRows - 1) * rowLength + outW;
        this.shifted = new float[taps][band];
        this.sums = new float[CHANNELS_PER_PASS][band];
        this.cleared = new float[(c + CHANNELS_PER_PLANE - 1) / CHANNELS_PER_PLANE][band];
        this.redo = new int[outH * outW];
    }

    private static float[] extended(float[] values, int c, int length, float fill) {
        float[] out = new float[length];
        Arrays.fill(out, fill);
        if (values != null) {
            System.arraycopy(values, 0, out, 0, c);
        }
        return out;
    }

    /** The pixels (index {@code oy * outW + ox}) that the last {@link #threshold} left to the scalar loop. */
    int[] redo() {
        return redo;
    }

    /**
     * The bits of the example at {@code x[offset]} into {@code words} (all 0 before; pixel {@code p} at
     * {@code p * wordsPerPixel}), except for the pixels listed in {@link #redo()}{@code [0, returned count)}: a
     * difference of theirs overflowed or was NaN, and the caller must write all their words.
     */
    int threshold(float[] x, int offset, long[] words) {
        input.fill(x, offset, padded);
        int rowLength = input.rowLength();
        int redone = 0;
        for (int r0 = 0; r0 < outH; r0 += bandRows) {
            int r1 = Math.min(outH, r0 + bandRows);
            int n = (r1 - 1 - r0) * rowLength + outW;
            for (int t = 0; t < taps; t++) {
                System.arraycopy(padded, tapOffset[t] + r0 * rowLength, shifted[t], 0, n);
            }
            for (float[] plane : cleared) {
                Arrays.fill(plane, 0, n, 0f);
            }
            for (int o = 0; o < channels; o += CHANNELS_PER_PASS) {
                if (passComputed[o / CHANNELS_PER_PASS]) {
                    sums(o, n);
                    clearedBits(o, n);
                }
            }
            redone = pack(r0, r1, words, redone);
        }
        return redone;
    }

    /** The sums of channels {@code o} and {@code o + 1} over positions {@code [0, n)} of the band, taps in order. */
    private void sums(int o, int n) {
        float[] s0 = sums[0];
        float[] s1 = sums[1];
        Arrays.fill(s0, 0, n, 0f);
        Arrays.fill(s1, 0, n, 0f);
        for (int t = 0; t < taps; t += TAPS_PER_PASS) {
            int w = o * taps + t;
            switch (Math.min(TAPS_PER_PASS, taps - t)) {
                case 3 -> addThreeTaps(s0, s1, shifted[t], shifted[t + 1], shifted[t + 2], w, n);
                case 2 -> addTwoTaps(s0, s1, shifted[t], shifted[t + 1], w, n);
                default -> addOneTap(s0, s1, shifted[t], w, n);
            }
        }
    }

    private void addThreeTaps(float[] s0, float[] s1, float[] x0, float[] x1, float[] x2, int w, int n) {
        float[] wt = weights;
        int t = taps;
        float w00 = wt[w];
        float w01 = wt[w + 1];
        float w02 = wt[w + 2];
        float w10 = wt[w + t];
        float w11 = wt[w + t + 1];
        float w12 = wt[w + t + 2];
        for (int q = 0; q < n; q++) {
            float a = x0[q];
            float b = x1[q];
            float c = x2[q];
            s0[q] = s0[q] + w00 * a + w01 * b + w02 * c;
            s1[q] = s1[q] + w10 * a + w11 * b + w12 * c;
        }
    }

    private void addTwoTaps(float[] s0, float[] s1, float[] x0, float[] x1, int w, int n) {
        float[] wt = weights;
        int t = taps;
        float w00 = wt[w];
        float w01 = wt[w + 1];
        float w10 = wt[w + t];
        float w11 = wt[w + t + 1];
        for (int q = 0; q < n; q++) {
            float a = x0[q];
            float b = x1[q];
            s0[q] = s0[q] + w00 * a + w01 * b;
            s1[q] = s1[q] + w10 * a + w11 * b;
        }
    }

    private void addOneTap(float[] s0, float[] s1, float[] x0, int w, int n) {
        float w0 = weights[w];
        float w1 = weights[w + taps];
        for (int q = 0; q < n; q++) {
            float a = x0[q];
            s0[q] = s0[q] + w0 * a;
            s1[q] = s1[q] + w1 * a;
        }
    }

    /** Adds the cleared bits of channels {@code o} and {@code o + 1} (see the class comment) to their plane. */
    private void clearedBits(int o, int n) {
        float[] plane = cleared[o / CHANNELS_PER_PLANE];
        float[] s0 = sums[0];
        float[] s1 = sums[1];
        float a0 = alpha[o];
        float a1 = alpha[o + 1];
        float b0 = bias[o];
        float b1 = bias[o + 1];
        float g0 = sign[o];
        float g1 = sign[o + 1];
        float u0 = signedThreshold[o];
        float u1 = signedThreshold[o + 1];
        float bit0 = 1 << (o % CHANNELS_PER_PLANE);
        float bit1 = 2 * bit0;
        for (int q = 0; q < n; q++) {
            float d0 = g0 * (a0 * s0[q] + b0) - u0;
            float d1 = g1 * (a1 * s1[q] + b1) - u1;
            plane[q] = plane[q] + Math.min((Math.abs(d0) - d0) * HUGE * HUGE, bit0)
                    + Math.min((Math.abs(d1) - d1) * HUGE * HUGE, bit1);
        }
    }

    /**
     * The words of the band's pixels (all 0 before) from the cleared-bit planes; the pixels with a NaN are listed in
     * {@link #redo} instead.
     */
    private int pack(int r0, int r1, long[] words, int redone) {
        int rowLength = input.rowLength();
        int wordsPerPixel = computedMask.length;
        for (int oy = r0; oy < r1; oy++) {
            int q0 = (oy - r0) * rowLength;
            int at = oy * outW * wordsPerPixel;
            boolean finite = true;
            for (int plane = 0; plane < cleared.length; plane++) {
                float[] v = cleared[plane];
                int w = at + plane / 4;
                int shift = CHANNELS_PER_PLANE * (plane % 4);
                for (int ox = 0; ox < outW; ox++) {
                    float f = v[q0 + ox];
                    finite &= f == f;
                    words[w + ox * wordsPerPixel] |= (long) (int) f << shift;
                }
            }
            for (int ox = 0, i = at; ox < outW; ox++) {
                for (int w = 0; w < wordsPerPixel; w++, i++) {
                    words[i] = (~words[i] & computedMask[w]) | constValue[w];
                }
            }
            if (!finite) {
                redone = listNotFinite(oy, q0, redone);
            }
        }
        return redone;
    }

    /** Adds the pixels of output row {@code oy} (band positions from {@code q0}) that have a NaN to {@link #redo}. */
    private int listNotFinite(int oy, int q0, int redone) {
        for (int ox = 0; ox < outW; ox++) {
            for (float[] v : cleared) {
                if (Float.isNaN(v[q0 + ox])) {
                    redo[redone++] = oy * outW + ox;
                    break;
                }
            }
        }
        return redone;
    }
}

package dev.bitflow.engine.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LE;

/**
 * The fused conv first layer on the JDK Vector API ({@link FirstLayerVectorKernel}). Compiled for Java 21 with
 * {@code --add-modules jdk.incubator.vector} by its own javac run (engine/pom.xml); loaded by {@link FirstLayerKernel}.
 * Bit-exact with {@link FusedFirstLayer#applyReference} (FirstLayerKernelTest on JDK 25).
 *
 * <p>The input comes padded ({@link PaddedInput}), so every output pixel reads its taps at the same offsets from its
 * window's corner, in the reference order (input channel, kernel row, kernel column). One pass computes four
 * adjacent output pixels of a row times 32 channels: eight accumulators in registers, each weight vector loaded once
 * for the four pixels, each input value broadcast once for the two vectors of channels; per lane
 * {@code acc = acc + w * x} (a float32 multiply, then a float32 add: what the scalar loop does for each channel).
 * Then {@code alpha * acc}, {@code + bias}, and {@code d = sign * (y + 0) - sign * t}; the lanes whose {@code d} has a
 * clear sign bit (its bits read as an int are {@code >= 0}) are the channels whose bit is 1 (the derivation is in
 * {@link FirstLayerKernel}), so the compare's lane mask is 16 output bits. Padded channels carry a threshold of
 * +infinity and give 0; pixels of a pass past the end of the row are computed on the padded input's extra columns and
 * not stored.
 *
 * <p>Vectors never cross a method boundary (a pass hands its output bits to the caller through a {@code long}
 * array): a vector handed to or returned from a small method can stay boxed on the heap (decision 0098).
 */
final class VectorFirstLayer implements FirstLayerVectorKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** The 32 bits of one pass's channels. */
    private static final long PASS_BITS = 0xFFFF_FFFFL;

    @Override
    public boolean fast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public void threshold(FirstLayerPlan p, float[] padded, long[] words, int at, int wordsPerPixel, long[] scratch) {
        int stride = p.stride();
        int rowLength = p.input().rowLength();
        int outW = p.outW();
        for (int oy = 0; oy < p.outH(); oy++) {
            int rowCorner = oy * stride * rowLength;
            for (int ox = 0; ox < outW; ox += PIXELS_PER_PASS) {
                int corner = rowCorner + ox * stride;
                int pixel = at + (oy * outW + ox) * wordsPerPixel;
                int n = Math.min(PIXELS_PER_PASS, outW - ox);
                for (int v = 0; v < p.paddedC(); v += CHANNELS_PER_PASS) {
                    pass(p, padded, corner, stride, 2 * stride, 3 * stride, v, null, scratch);
                    for (int q = 0; q < n; q++) {
                        words[pixel + q * wordsPerPixel + (v >>> 6)] |= scratch[q] << (v & 63);
                    }
                }
                for (int q = 0; q < n; q++) {
                    constants(p, words, pixel + q * wordsPerPixel, wordsPerPixel);
                }
            }
        }
    }

    @Override
    public void thresholdPooled(FirstLayerPlan p, FirstLayerPool pool, float[] padded, long[] words,
                                int wordsPerPixel, long[] scratch) {
        if (p.kernel() == 3 && p.tapOffset().length == 9 && p.stride() == 1) { // one input channel, 3x3
            for (int v = 0; v < p.paddedC(); v += CHANNELS_PER_PASS) {
                pooledNineTaps(p, pool, padded, words, wordsPerPixel, v);
            }
            for (int q = 0; q < pool.outH() * pool.outW(); q++) {
                constants(p, words, q * wordsPerPixel, wordsPerPixel);
            }
            return;
        }
        int stride = p.stride();
        int rowLength = p.input().rowLength();
        int below = stride * rowLength; // from a window's upper pixels to its lower ones in the padded input
        for (int py = 0; py < pool.outH(); py++) {
            int rowCorner = py * pool.stride() * below;
            for (int px = 0; px < pool.outW(); px++) {
                int corner = rowCorner + px * pool.stride() * stride;
                int pixel = (py * pool.outW() + px) * wordsPerPixel;
                for (int v = 0; v < p.paddedC(); v += CHANNELS_PER_PASS) {
                    pass(p, padded, corner, stride, below, below + stride, v, pool, scratch);
                    words[pixel + (v >>> 6)] |= scratch[0] << (v & 63);
                }
                constants(p, words, pixel, wordsPerPixel);
            }
        }
    }

    /**
     * {@link #thresholdPooled} for a first layer of nine taps (one input channel, a 3x3 kernel) and stride 1, channels
     * {@code [v, v + 32)}: the bits of all pooled pixels for those channels, ORed into {@code words} (constants
     * after). The layer's 18 weight vectors are loaded once and stay in registers; the taps are written out, each at
     * a constant column offset from one of three padded input rows (tap {@code (ky, kx)} of the window's left pixel is
     * at column {@code kx} of row {@code ky}, its right pixel's one column further), so C2 checks each row's bounds
     * once, not each tap's. Per window, each of its two rows of two pixels: 36 products and their sums in tap order,
     * then {@code alpha * y + b} where the layer has them.
     *
     * <p><b>The threshold as a compare.</b> Each pixel's 32 bits are the lane masks of the float compares
     * {@code y >= t} (and, for the channels whose test is {@code y <= t}, {@code y <= t}): the reference test itself
     * ({@link FloatThreshold#bit}), so no sign trick is needed and every float value, signed zeros and NaN included,
     * gives the reference's bit. The pool then takes the OR of the window's four bits for its OR channels and the AND
     * for its AND channels, as {@link dev.bitflow.engine.binary.BitMaxPoolLayer} does to the reference's bits; past
     * the last channel the threshold is +infinity and the weights 0, so those bits are 0.
     *
     * <p><b>Why the sums may start at the first product.</b> The reference adds the first product to {@code +0};
     * {@code 0 + p = p} except that {@code 0 + (-0) = +0}. Starting at {@code p} can therefore change an
     * intermediate sum only from {@code +0} to {@code -0}; adding the next product gives the same value either way
     * unless that is a zero too (then again only the zero's sign differs), and {@code alpha *} and {@code + b} keep
     * that property. So {@code y} equals the reference's value or differs only in the sign of a zero, which no float
     * compare sees.
     */
    private static void pooledNineTaps(FirstLayerPlan p, FirstLayerPool pool, float[] in, long[] words,
                                       int wordsPerPixel, int v) {
        float[] wt = p.weights();
        int paddedC = p.paddedC();
        FloatVector w00 = FloatVector.fromArray(S, wt, 0 * paddedC + v);
        FloatVector w01 = FloatVector.fromArray(S, wt, 0 * paddedC + v + LANES);
        FloatVector w10 = FloatVector.fromArray(S, wt, 1 * paddedC + v);
        FloatVector w11 = FloatVector.fromArray(S, wt, 1 * paddedC + v + LANES);
        FloatVector w20 = FloatVector.fromArray(S, wt, 2 * paddedC + v);
        FloatVector w21 = FloatVector.fromArray(S, wt, 2 * paddedC + v + LANES);
        FloatVector w30 = FloatVector.fromArray(S, wt, 3 * paddedC + v);
        FloatVector w31 = FloatVector.fromArray(S, wt, 3 * paddedC + v + LANES);
        FloatVector w40 = FloatVector.fromArray(S, wt, 4 * paddedC + v);
        FloatVector w41 = FloatVector.fromArray(S, wt, 4 * paddedC + v + LANES);
        FloatVector w50 = FloatVector.fromArray(S, wt, 5 * paddedC + v);
        FloatVector w51 = FloatVector.fromArray(S, wt, 5 * paddedC + v + LANES);
        FloatVector w60 = FloatVector.fromArray(S, wt, 6 * paddedC + v);
        FloatVector w61 = FloatVector.fromArray(S, wt, 6 * paddedC + v + LANES);
        FloatVector w70 = FloatVector.fromArray(S, wt, 7 * paddedC + v);
        FloatVector w71 = FloatVector.fromArray(S, wt, 7 * paddedC + v + LANES);
        FloatVector w80 = FloatVector.fromArray(S, wt, 8 * paddedC + v);
        FloatVector w81 = FloatVector.fromArray(S, wt, 8 * paddedC + v + LANES);
        boolean scaled = p.alpha() != null || p.bias() != null;
        FloatVector al0 = p.alpha() == null ? FloatVector.broadcast(S, 1f) : FloatVector.fromArray(S, p.alpha(), v);
        FloatVector al1 = p.alpha() == null ? al0 : FloatVector.fromArray(S, p.alpha(), v + LANES);
        FloatVector b0 = p.bias() == null ? FloatVector.zero(S) : FloatVector.fromArray(S, p.bias(), v);
        FloatVector b1 = p.bias() == null ? b0 : FloatVector.fromArray(S, p.bias(), v + LANES);
        FloatVector t0 = FloatVector.fromArray(S, p.threshold(), v);
        FloatVector t1 = FloatVector.fromArray(S, p.threshold(), v + LANES);
        long below = (p.belowMask()[v >>> 6] >>> (v & 63)) & PASS_BITS;
        long and = (pool.andMask()[v >>> 6] >>> (v & 63)) & PASS_BITS;
        int rowLength = p.input().rowLength(); // from a window's upper pixels to its lower ones
        int step = pool.stride(); // from one window to the next in a row
        int word = v >>> 6;
        int shift = v & 63;
        for (int py = 0; py < pool.outH(); py++) {
            int rowCorner = py * pool.stride() * rowLength;
            int rowAt = py * pool.outW() * wordsPerPixel + word;
            for (int px = 0; px < pool.outW(); px++) {
                long any = 0;
                long all = PASS_BITS;
                for (int j = 0; j < 2; j++) { // the window's upper, then lower two pixels
                    int r0 = rowCorner + j * rowLength + px * step; // the pixels' upper left taps
                    // tap (0, 0) starts each sum (see the method comment); pixel 1 reads one column right
                    int r1 = r0 + rowLength;
                    int r2 = r1 + rowLength;
                    FloatVector x = FloatVector.broadcast(S, in[r0]);
                    FloatVector z = FloatVector.broadcast(S, in[r0 + 1]);
                    FloatVector p0 = w00.mul(x);
                    FloatVector p1 = w01.mul(x);
                    FloatVector q0 = w00.mul(z);
                    FloatVector q1 = w01.mul(z);
                    x = FloatVector.broadcast(S, in[r0 + 1]);
                    z = FloatVector.broadcast(S, in[r0 + 2]);
                    p0 = p0.add(w10.mul(x));
                    p1 = p1.add(w11.mul(x));
                    q0 = q0.add(w10.mul(z));
                    q1 = q1.add(w11.mul(z));
                    x = FloatVector.broadcast(S, in[r0 + 2]);
                    z = FloatVector.broadcast(S, in[r0 + 3]);
                    p0 = p0.add(w20.mul(x));
                    p1 = p1.add(w21.mul(x));
                    q0 = q0.add(w20.mul(z));
                    q1 = q1.add(w21.mul(z));
                    x = FloatVector.broadcast(S, in[r1 + 0]);
                    z = FloatVector.broadcast(S, in[r1 + 1]);
                    p0 = p0.add(w30.mul(x));
                    p1 = p1.add(w31.mul(x));
                    q0 = q0.add(w30.mul(z));
                    q1 = q1.add(w31.mul(z));
                    x = FloatVector.broadcast(S, in[r1 + 1]);
                    z = FloatVector.broadcast(S, in[r1 + 2]);
                    p0 = p0.add(w40.mul(x));
                    p1 = p1.add(w41.mul(x));
                    q0 = q0.add(w40.mul(z));
                    q1 = q1.add(w41.mul(z));
                    x = FloatVector.broadcast(S, in[r1 + 2]);
                    z = FloatVector.broadcast(S, in[r1 + 3]);
                    p0 = p0.add(w50.mul(x));
                    p1 = p1.add(w51.mul(x));
                    q0 = q0.add(w50.mul(z));
                    q1 = q1.add(w51.mul(z));
                    x = FloatVector.broadcast(S, in[r2 + 0]);
                    z = FloatVector.broadcast(S, in[r2 + 1]);
                    p0 = p0.add(w60.mul(x));
                    p1 = p1.add(w61.mul(x));
                    q0 = q0.add(w60.mul(z));
                    q1 = q1.add(w61.mul(z));
                    x = FloatVector.broadcast(S, in[r2 + 1]);
                    z = FloatVector.broadcast(S, in[r2 + 2]);
                    p0 = p0.add(w70.mul(x));
                    p1 = p1.add(w71.mul(x));
                    q0 = q0.add(w70.mul(z));
                    q1 = q1.add(w71.mul(z));
                    x = FloatVector.broadcast(S, in[r2 + 2]);
                    z = FloatVector.broadcast(S, in[r2 + 3]);
                    p0 = p0.add(w80.mul(x));
                    p1 = p1.add(w81.mul(x));
                    q0 = q0.add(w80.mul(z));
                    q1 = q1.add(w81.mul(z));
                    if (scaled) {
                        p0 = al0.mul(p0).add(b0);
                        p1 = al1.mul(p1).add(b1);
                        q0 = al0.mul(q0).add(b0);
                        q1 = al1.mul(q1).add(b1);
                    }
                    long left = p0.compare(GE, t0).toLong() | p1.compare(GE, t1).toLong() << LANES;
                    long right = q0.compare(GE, t0).toLong() | q1.compare(GE, t1).toLong() << LANES;
                    if (below != 0) {
                        left = left & ~below
                                | (p0.compare(LE, t0).toLong() | p1.compare(LE, t1).toLong() << LANES) & below;
                        right = right & ~below
                                | (q0.compare(LE, t0).toLong() | q1.compare(LE, t1).toLong() << LANES) & below;
                    }
                    any |= left | right;
                    all &= left & right;
                }
                words[rowAt + px * wordsPerPixel] |= ((any & ~and) | (all & and)) << shift;
            }
        }
    }

    /** The constant channels' bits into the pixel whose words start at {@code words[at]}. */
    private static void constants(FirstLayerPlan p, long[] words, int at, int wordsPerPixel) {
        long[] constMask = p.constMask();
        long[] constValue = p.constValue();
        for (int w = 0; w < wordsPerPixel; w++) {
            words[at + w] = (words[at + w] & ~constMask[w]) | constValue[w];
        }
    }

    /**
     * Channels {@code [v, v + 32)} of four output pixels, the first one's window starting at {@code in[corner]} and
     * the others' {@code second}, {@code third} and {@code fourth} further on: the sums over the taps in tap order,
     * the scaling factor, bias and threshold. Without {@code pool}, pixel {@code q}'s 32 bits go to {@code bits[q]};
     * with it the four pixels are one pool window and its 32 pooled bits go to {@code bits[0]} (the extreme of
     * {@code keep * z} per channel, thresholded once: {@link FirstLayerPool}).
     */
    private static void pass(FirstLayerPlan p, float[] in, int corner, int second, int third, int fourth, int v,
                             FirstLayerPool pool, long[] bits) {
        float[] wt = p.weights();
        int[] tapOffset = p.tapOffset();
        int paddedC = p.paddedC();
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        for (int t = 0; t < tapOffset.length; t++) {
            int xo = corner + tapOffset[t];
            int wo = t * paddedC + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + LANES);
            float x0 = in[xo];
            float x1 = in[xo + second];
            float x2 = in[xo + third];
            float x3 = in[xo + fourth];
            a00 = a00.add(w0.mul(x0));
            a01 = a01.add(w1.mul(x0));
            a10 = a10.add(w0.mul(x1));
            a11 = a11.add(w1.mul(x1));
            a20 = a20.add(w0.mul(x2));
            a21 = a21.add(w1.mul(x2));
            a30 = a30.add(w0.mul(x3));
            a31 = a31.add(w1.mul(x3));
        }
        if (p.alpha() != null) {
            FloatVector al0 = FloatVector.fromArray(S, p.alpha(), v);
            FloatVector al1 = FloatVector.fromArray(S, p.alpha(), v + LANES);
            a00 = al0.mul(a00);
            a01 = al1.mul(a01);
            a10 = al0.mul(a10);
            a11 = al1.mul(a11);
            a20 = al0.mul(a20);
            a21 = al1.mul(a21);
            a30 = al0.mul(a30);
            a31 = al1.mul(a31);
        }
        if (p.bias() != null) {
            FloatVector b0 = FloatVector.fromArray(S, p.bias(), v);
            FloatVector b1 = FloatVector.fromArray(S, p.bias(), v + LANES);
            a00 = a00.add(b0);
            a01 = a01.add(b1);
            a10 = a10.add(b0);
            a11 = a11.add(b1);
            a20 = a20.add(b0);
            a21 = a21.add(b1);
            a30 = a30.add(b0);
            a31 = a31.add(b1);
        }
        FloatVector t0 = FloatVector.fromArray(S, p.signedThreshold(), v);
        FloatVector t1 = FloatVector.fromArray(S, p.signedThreshold(), v + LANES);
        if (pool != null) {
            // u = keep * sign * (y + 0) per pixel; z = keep * max(u) is the window's extreme z; bit = sign bit of
            // z - sign * t clear
            FloatVector u0 = FloatVector.fromArray(S, pool.valueSign(), v);
            FloatVector u1 = FloatVector.fromArray(S, pool.valueSign(), v + LANES);
            FloatVector m0 = u0.mul(a00.add(0f)).max(u0.mul(a10.add(0f)))
                    .max(u0.mul(a20.add(0f)).max(u0.mul(a30.add(0f))));
            FloatVector m1 = u1.mul(a01.add(0f)).max(u1.mul(a11.add(0f)))
                    .max(u1.mul(a21.add(0f)).max(u1.mul(a31.add(0f))));
            FloatVector k0 = FloatVector.fromArray(S, pool.keepSign(), v);
            FloatVector k1 = FloatVector.fromArray(S, pool.keepSign(), v + LANES);
            bits[0] = k0.mul(m0).sub(t0).reinterpretAsInts().compare(GE, 0).toLong()
                    | k1.mul(m1).sub(t1).reinterpretAsInts().compare(GE, 0).toLong() << LANES;
            return;
        }
        // d = sign * (y + 0) - sign * t; bit = sign bit of d clear (FirstLayerKernel)
        FloatVector s0 = FloatVector.fromArray(S, p.sign(), v);
        FloatVector s1 = FloatVector.fromArray(S, p.sign(), v + LANES);
        long q0 = s0.mul(a00.add(0f)).sub(t0).reinterpretAsInts().compare(GE, 0).toLong()
                | s1.mul(a01.add(0f)).sub(t1).reinterpretAsInts().compare(GE, 0).toLong() << LANES;
        long q1 = s0.mul(a10.add(0f)).sub(t0).reinterpretAsInts().compare(GE, 0).toLong()
                | s1.mul(a11.add(0f)).sub(t1).reinterpretAsInts().compare(GE, 0).toLong() << LANES;
        long q2 = s0.mul(a20.add(0f)).sub(t0).reinterpretAsInts().compare(GE, 0).toLong()
                | s1.mul(a21.add(0f)).sub(t1).reinterpretAsInts().compare(GE, 0).toLong() << LANES;
        long q3 = s0.mul(a30.add(0f)).sub(t0).reinterpretAsInts().compare(GE, 0).toLong()
                | s1.mul(a31.add(0f)).sub(t1).reinterpretAsInts().compare(GE, 0).toLong() << LANES;
        bits[0] = q0;
        bits[1] = q1;
        bits[2] = q2;
        bits[3] = q3;
    }
}

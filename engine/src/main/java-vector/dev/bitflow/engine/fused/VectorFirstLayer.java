package dev.bitflow.engine.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static jdk.incubator.vector.VectorOperators.GE;

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

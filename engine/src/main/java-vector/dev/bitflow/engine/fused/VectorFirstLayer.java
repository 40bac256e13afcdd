package dev.bitflow.engine.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused conv first layer on the JDK Vector API ({@link FirstLayerVectorKernel}). Compiled for Java 21 with
 * {@code --add-modules jdk.incubator.vector} by its own javac run (engine/pom.xml); loaded by {@link FirstLayerKernel}.
 * Bit-exact with {@link FusedFirstLayer#applyReference} (FirstLayerKernelTest on JDK 25).
 *
 * <p>Per output pixel the taps that add something are listed once, in the reference order (input channel, kernel
 * row, kernel column), with their input values: all of them at fixed offsets for an interior pixel, the inside ones
 * (or all, with their ±1 value, for ±1 padding) for a border pixel. Then per vector of 16 channels:
 * {@code acc = acc + w * x} over those taps (a float32 multiply, then a float32 add, per lane: what the scalar loop
 * does for each channel), then {@code alpha * acc}, {@code + bias}, and {@code d = sign * (y + 0) - sign * t}; the
 * lanes whose {@code d} has a clear sign bit (its bits read as an int are {@code >= 0}) are the channels whose bit
 * is 1, so the compare's lane mask is 16 output bits. Padded channels carry a threshold of +infinity and give 0.
 *
 * <p>Vectors never cross a method boundary (the sums go through a float array to the threshold): a vector handed to
 * or returned from a small method can stay boxed on the heap (decision 0098). Two vectors of channels share each
 * broadcast input value.
 */
final class VectorFirstLayer implements FirstLayerVectorKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    @Override
    public boolean fast() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public void threshold(FirstLayerPlan p, float[] x, int offset, long[] words, int wordsPerPixel) {
        int k = p.kernel();
        int taps = p.inC() * k * k;
        // an interior pixel reads every tap, at a fixed offset from its window's corner
        int[] allTaps = new int[taps];
        int[] inputOffset = new int[taps];
        for (int i = 0, tap = 0; i < p.inC(); i++) {
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++, tap++) {
                    allTaps[tap] = tap * p.paddedC();
                    inputOffset[tap] = (i * p.inH() + ky) * p.inW() + kx;
                }
            }
        }
        int[] borderTaps = new int[taps];
        float[] tapX = new float[taps];
        float[] y = new float[p.paddedC()];
        for (int oy = 0; oy < p.outH(); oy++) {
            int iy0 = oy * p.stride() - p.pad();
            boolean rowInside = iy0 >= 0 && iy0 + k <= p.inH();
            for (int ox = 0; ox < p.outW(); ox++) {
                int ix0 = ox * p.stride() - p.pad();
                int n;
                int[] tapAt;
                if (rowInside && ix0 >= 0 && ix0 + k <= p.inW()) {
                    int corner = offset + iy0 * p.inW() + ix0;
                    for (int t = 0; t < taps; t++) {
                        tapX[t] = x[corner + inputOffset[t]];
                    }
                    n = taps;
                    tapAt = allTaps;
                } else {
                    n = borderTaps(p, x, offset, oy, ox, borderTaps, tapX);
                    tapAt = borderTaps;
                }
                sums(p, tapAt, tapX, n, y);
                bits(p, y, words, (oy * p.outW() + ox) * wordsPerPixel, wordsPerPixel);
            }
        }
    }

    /**
     * The taps of a border pixel (oy, ox) that add something, in the reference order: weight offset and input value
     * (zero-padded taps left out, ±1-padded ones with their value).
     */
    private static int borderTaps(FirstLayerPlan p, float[] x, int offset, int oy, int ox, int[] tapAt, float[] tapX) {
        int k = p.kernel();
        int n = 0;
        int tap = 0;
        boolean skipPad = p.padValue() == 0f;
        for (int i = 0; i < p.inC(); i++) {
            for (int ky = 0; ky < k; ky++) {
                int iy = oy * p.stride() - p.pad() + ky;
                boolean rowInside = iy >= 0 && iy < p.inH();
                for (int kx = 0; kx < k; kx++, tap++) {
                    int ix = ox * p.stride() - p.pad() + kx;
                    float xv;
                    if (rowInside && ix >= 0 && ix < p.inW()) {
                        xv = x[offset + (i * p.inH() + iy) * p.inW() + ix];
                    } else if (skipPad) {
                        continue; // a zero-padded tap adds nothing
                    } else {
                        xv = p.padValue();
                    }
                    tapAt[n] = tap * p.paddedC();
                    tapX[n] = xv;
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code y[o] = sum over the n taps of w * x}, two vectors of channels per pass (one broadcast feeds both). */
    private static void sums(FirstLayerPlan p, int[] tapAt, float[] tapX, int n, float[] y) {
        float[] wt = p.weights();
        int c = p.paddedC();
        int v = 0;
        for (; v + 2 * LANES <= c; v += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (int t = 0; t < n; t++) {
                float xv = tapX[t];
                int at = tapAt[t] + v;
                a0 = a0.add(FloatVector.fromArray(S, wt, at).mul(xv));
                a1 = a1.add(FloatVector.fromArray(S, wt, at + LANES).mul(xv));
            }
            a0.intoArray(y, v);
            a1.intoArray(y, v + LANES);
        }
        if (v < c) {
            FloatVector a0 = FloatVector.zero(S);
            for (int t = 0; t < n; t++) {
                a0 = a0.add(FloatVector.fromArray(S, wt, tapAt[t] + v).mul(tapX[t]));
            }
            a0.intoArray(y, v);
        }
    }

    /** Scaling factor, bias and threshold of one pixel's sums {@code y}, 16 bits per compare, then the constants. */
    private static void bits(FirstLayerPlan p, float[] y, long[] words, int at, int wpp) {
        float[] alpha = p.alpha();
        float[] bias = p.bias();
        float[] sign = p.sign();
        float[] st = p.signedThreshold();
        for (int v = 0; v < p.paddedC(); v += LANES) {
            FloatVector acc = FloatVector.fromArray(S, y, v);
            if (alpha != null) {
                acc = FloatVector.fromArray(S, alpha, v).mul(acc);
            }
            if (bias != null) {
                acc = acc.add(FloatVector.fromArray(S, bias, v));
            }
            FloatVector d = FloatVector.fromArray(S, sign, v).mul(acc.add(0f)).sub(FloatVector.fromArray(S, st, v));
            long bits = d.reinterpretAsInts().compare(VectorOperators.GE, 0).toLong();
            words[at + (v >>> 6)] |= bits << (v & 63);
        }
        long[] constMask = p.constMask();
        long[] constValue = p.constValue();
        for (int w = 0; w < wpp; w++) {
            words[at + w] = (words[at + w] & ~constMask[w]) | constValue[w];
        }
    }
}

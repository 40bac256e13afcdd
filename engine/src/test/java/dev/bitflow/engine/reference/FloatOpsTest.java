package dev.bitflow.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import org.junit.jupiter.api.Test;
import java.util.Random;

/**
 * The loop-reordered float conv and dense equal, bit for bit, the obvious one-output-at-a-time loops with the
 * documented operation order, over a grid of shapes, strides, paddings and channel counts.
 */
class FloatOpsTest {
    /** One output at a time: acc = 0; acc += w * x over (i, ky, kx); alpha; bias. */
    static float[] obviousConv(float[] x, int inC, int inH, int inW, float[] w, int outC, int k, int stride,
                               Padding padding, float[] alpha, float[] bias) {
        int pad = padding.amount();
        int outH = FloatOps.outSize(inH, k, stride, pad);
        int outW = FloatOps.outSize(inW, k, stride, pad);
        float pv = padding.mode() == PaddingMode.PLUS_ONE ? 1f : padding.mode() == PaddingMode.MINUS_ONE ? -1f : 0f;
        float[] out = new float[outC * outH * outW];
        for (int o = 0; o < outC; o++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float acc = 0f;
                    for (int i = 0; i < inC; i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * stride - pad + ky;
                                int ix = ox * stride - pad + kx;
                                float wv = w[((o * inC + i) * k + ky) * k + kx];
                                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
                                    if (pv != 0f) {
                                        acc += wv * pv;
                                    }
                                } else {
                                    acc += wv * x[(i * inH + iy) * inW + ix];
                                }
                            }
                        }
                    }
                    if (alpha != null) {
                        acc = alpha[o] * acc;
                    }
                    if (bias != null) {
                        acc = acc + bias[o];
                    }
                    out[(o * outH + oy) * outW + ox] = acc;
                }
            }
        }
        return out;
    }

    @Test
    void convOnInputsSmallerThanTheKernelReadsOnlyInsideTheInput() {
        // Taps past the right edge at the first output column (kernel wider than input + padding, stride > 1)
        // must be padding, not the next row's pixels.
        Random r = new Random(9);
        int cases = 0;
        for (int k : new int[] {3, 5}) {
            for (int stride : new int[] {1, 2, 3}) {
                for (PaddingMode mode : new PaddingMode[] {PaddingMode.ZERO, PaddingMode.PLUS_ONE, PaddingMode.MINUS_ONE}) {
                    for (int amount = 1; amount <= 2; amount++) {
                        for (int inH = 1; inH < k; inH++) {
                            for (int inW = 1; inW < k; inW++) {
                                if (FloatOps.outSize(inW, k, stride, amount) < 1 || FloatOps.outSize(inH, k, stride, amount) < 1) {
                                    continue;
                                }
                                int inC = 1 + r.nextInt(3);
                                float[] x = random(r, inC * inH * inW);
                                float[] w = random(r, 2 * inC * k * k);
                                Padding p = new Padding(mode, amount);
                                float[] fast = FloatOps.conv2d(x, inC, inH, inW, w, 2, k, stride, p, null, null);
                                float[] slow = obviousConv(x, inC, inH, inW, w, 2, k, stride, p, null, null);
                                assertThat(bits(fast)).as("k%d s%d %s %dx%d", k, stride, p, inH, inW)
                                        .containsExactly(bits(slow));
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(20);
    }

    @Test
    void convEqualsTheObviousLoopBitForBit() {
        Random r = new Random(5);
        int cases = 0;
        for (int k : new int[] {1, 3, 5}) {
            for (int stride : new int[] {1, 2, 3}) {
                for (PaddingMode mode : PaddingMode.values()) {
                    for (int amount : new int[] {0, 1, 2}) {
                        if ((mode == PaddingMode.VALID) != (amount == 0)) {
                            continue;
                        }
                        int inC = 1 + r.nextInt(5);
                        int inH = k + r.nextInt(6);
                        int inW = k + r.nextInt(6);
                        int outC = 1 + r.nextInt(4);
                        float[] x = random(r, inC * inH * inW);
                        float[] w = random(r, outC * inC * k * k);
                        float[] alpha = r.nextBoolean() ? random(r, outC) : null;
                        float[] bias = r.nextBoolean() ? random(r, outC) : null;
                        Padding p = new Padding(mode, amount);
                        float[] fast = FloatOps.conv2d(x, inC, inH, inW, w, outC, k, stride, p, alpha, bias);
                        float[] slow = obviousConv(x, inC, inH, inW, w, outC, k, stride, p, alpha, bias);
                        assertThat(bits(fast)).as("k%d s%d %s", k, stride, p).containsExactly(bits(slow));
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(20);
    }

    @Test
    void denseEqualsTheObviousLoopBitForBit() {
        Random r = new Random(6);
        for (int t = 0; t < 20; t++) {
            int in = 1 + r.nextInt(300);
            int out = 1 + r.nextInt(40);
            float[] x = random(r, in);
            float[] w = random(r, in * out);
            float[] bias = random(r, out);
            float[] fast = FloatOps.dense(x, w, in, out, null, bias);
            for (int j = 0; j < out; j++) {
                float acc = 0f;
                for (int i = 0; i < in; i++) {
                    acc += x[i] * w[i * out + j];
                }
                acc = acc + bias[j];
                assertThat(Float.floatToIntBits(fast[j])).isEqualTo(Float.floatToIntBits(acc));
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToIntBits(v[i]);
        }
        return b;
    }
}

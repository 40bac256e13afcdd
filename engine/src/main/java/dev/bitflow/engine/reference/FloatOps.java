package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.TensorSize;

/**
 * The float32 operations of the unfused reference path, in plain Java with a fixed, documented order of
 * operations, so that the fused first layer (which shares {@link #conv2d} and {@link #dense}) reproduces
 * their results bit for bit. Tensors are one example, CHW, row-major. Java never fuses a multiply and an add
 * into an FMA, so {@code acc += w * x} is a float32 multiply followed by a float32 add.
 *
 * <ul>
 *   <li>conv2d: for each output channel o, row, column: {@code acc = 0f}; for input channel i, then kernel
 *       row ky, then column kx: {@code acc += w[o,i,ky,kx] * x[i, iy, ix]}; a ZERO-padded tap is skipped
 *       (it contributes exactly 0); a PLUS_ONE / MINUS_ONE padded tap reads x = +1 / -1. Then, if
 *       {@code alpha} is given, {@code acc = alpha[o] * acc}; then {@code acc = acc + b[o]} if a bias is
 *       given.</li>
 *   <li>dense: for each output j: {@code acc = 0f}; for input i in order: {@code acc += x[i] * w[i, j]};
 *       then alpha and bias as for conv.</li>
 *   <li>batchnorm: {@code z = ((gamma * (y - mean)) / sigma) + beta} with
 *       {@code sigma = (float) sqrt(var + (float) eps)}, each operation rounded to float32
 *       ({@link BnParameters}, the one formula).</li>
 *   <li>relu: {@code Math.max(0, x)}.</li>
 *   <li>sign: {@code x >= 0 ? +1 : -1} (0 and -0 give +1; NaN gives -1).</li>
 *   <li>max/avg pool: windows without padding, output {@code (H - size) / stride + 1}; avg sums the window
 *       row by row in float32 and divides by {@code size * size}.</li>
 * </ul>
 * For binary weights the caller passes {@code sign(W)} as ±1 floats and alpha separately: on ±1 inputs every
 * product and partial sum is a small integer, exact in float32, so {@code acc} is exactly the integer dot
 * product s, and the layer's value is {@code alpha * s + b} with two roundings.
 */
public final class FloatOps {
    private FloatOps() {
    }

    /**
     * Output size of a conv or pool along one axis, below 1 when the window does not fit (computed in long: a
     * large padding cannot wrap around to a small or negative size).
     *
     * @throws IllegalArgumentException if the size exceeds {@link TensorSize#MAX_ELEMENTS}
     */
    public static int outSize(int in, int kernel, int stride, int pad) {
        long size = (in + 2L * pad - kernel) / stride + 1;
        if (size > TensorSize.MAX_ELEMENTS) {
            throw new IllegalArgumentException("window " + kernel + " stride " + stride + " padding " + pad
                    + " over " + in + " values gives an output size of " + size);
        }
        return (int) size;
    }

    /**
     * conv2d, NCHW one example. Loops run tap-major over output rows so the innermost loop walks contiguous
     * memory, but every output value still sees exactly the sequence of float32 operations documented above
     * ({@code acc += w * x} for input channel, ky, kx in that order; skipped zero-padded taps; then alpha, then
     * bias): reordering across different outputs does not change any output's rounding.
     */
    public static float[] conv2d(float[] x, int inC, int inH, int inW, float[] w, int outC, int kernel, int stride,
                                 Padding padding, float[] alpha, float[] bias) {
        int pad = padding.amount();
        int outH = outSize(inH, kernel, stride, pad);
        int outW = outSize(inW, kernel, stride, pad);
        float padValue = padding.mode() == PaddingMode.PLUS_ONE ? 1f : padding.mode() == PaddingMode.MINUS_ONE ? -1f : 0f;
        boolean skipPad = padValue == 0f;
        float[] out = new float[TensorSize.elements("conv2d output", outC, outH, outW)];
        TensorSize.elements("conv2d weights", outC, inC, kernel, kernel);
        for (int o = 0; o < outC; o++) {
            int obase = o * outH * outW;
            for (int i = 0; i < inC; i++) {
                for (int ky = 0; ky < kernel; ky++) {
                    for (int kx = 0; kx < kernel; kx++) {
                        float wv = w[((o * inC + i) * kernel + ky) * kernel + kx];
                        float padProduct = wv * padValue;
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy * stride - pad + ky;
                            int row = obase + oy * outW;
                            if (iy < 0 || iy >= inH) {
                                if (!skipPad) {
                                    for (int ox = 0; ox < outW; ox++) {
                                        out[row + ox] += padProduct;
                                    }
                                }
                                continue;
                            }
                            int xrow = (i * inH + iy) * inW - pad + kx;
                            // ox in [lo, hi) read inside the input; the others are padded taps
                            int lo = Math.min(outW, Math.max(0, (pad - kx + stride - 1) / stride));
                            int hi = Math.max(lo, Math.min(outW, Math.floorDiv(inW - 1 + pad - kx, stride) + 1));
                            if (!skipPad) {
                                for (int ox = 0; ox < lo; ox++) {
                                    out[row + ox] += padProduct;
                                }
                                for (int ox = hi; ox < outW; ox++) {
                                    out[row + ox] += padProduct;
                                }
                            }
                            if (stride == 1) {
                                for (int ox = lo; ox < hi; ox++) {
                                    out[row + ox] += wv * x[xrow + ox];
                                }
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    out[row + ox] += wv * x[xrow + ox * stride];
                                }
                            }
                        }
                    }
                }
            }
        }
        scaleAndShift(out, outC, outH * outW, alpha, bias);
        return out;
    }

    /** {@link #scaleAndShift(float, float[], float[], int)} in place on {@code channels} planes of {@code plane}. */
    public static void scaleAndShift(float[] acc, int channels, int plane, float[] alpha, float[] bias) {
        if (alpha == null && bias == null) {
            return;
        }
        for (int o = 0; o < channels; o++) {
            for (int p = o * plane; p < (o + 1) * plane; p++) {
                acc[p] = scaleAndShift(acc[p], alpha, bias, o);
            }
        }
    }

    /** Dense with weights [in, out]; per output j the sum runs over i in order (i outer, j inner). */
    public static float[] dense(float[] x, float[] w, int in, int out, float[] alpha, float[] bias) {
        float[] y = new float[out];
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        scaleAndShift(y, out, 1, alpha, bias);
        return y;
    }

    /**
     * What a conv or dense layer does after its sum, for output channel {@code o}: {@code acc = alpha[o] * acc} if
     * there is a scaling factor, then {@code acc + bias[o]} if there is a bias, each rounded to float32. For a
     * binary layer on ±1 inputs acc is the exact integer dot product s, so this is {@code fl(fl(alpha * s) + b)}.
     */
    public static float scaleAndShift(float acc, float[] alpha, float[] bias, int o) {
        float v = alpha != null ? alpha[o] * acc : acc;
        return bias != null ? v + bias[o] : v;
    }

    /** BatchNorm inference ({@link BnParameters#apply}) over {@code channels} planes of {@code plane} values each. */
    public static float[] batchNorm(float[] y, int channels, int plane, BnParameters bn) {
        float[] z = new float[y.length];
        for (int c = 0; c < channels; c++) {
            float sigma = bn.sigma(c);
            for (int p = 0; p < plane; p++) {
                int i = c * plane + p;
                z[i] = bn.apply(c, sigma, y[i]);
            }
        }
        return z;
    }

    /** {@code Math.max(0, x)} (-0 gives +0). */
    public static float[] relu(float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = Math.max(0f, x[i]);
        }
        return r;
    }

    public static float[] sign(float[] x) {
        float[] s = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = x[i] >= 0f ? 1f : -1f;
        }
        return s;
    }

    public static float[] maxPool(float[] x, int c, int h, int w, int size, int stride) {
        int oh = outSize(h, size, stride, 0);
        int ow = outSize(w, size, stride, 0);
        float[] out = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < size; ky++) {
                        for (int kx = 0; kx < size; kx++) {
                            float v = x[(ch * h + oy * stride + ky) * w + ox * stride + kx];
                            if (v > m) {
                                m = v;
                            }
                        }
                    }
                    out[(ch * oh + oy) * ow + ox] = m;
                }
            }
        }
        return out;
    }

    public static float[] avgPool(float[] x, int c, int h, int w, int size, int stride) {
        int oh = outSize(h, size, stride, 0);
        int ow = outSize(w, size, stride, 0);
        float[] out = new float[c * oh * ow];
        float n = size * size;
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float acc = 0f;
                    for (int ky = 0; ky < size; ky++) {
                        for (int kx = 0; kx < size; kx++) {
                            acc += x[(ch * h + oy * stride + ky) * w + ox * stride + kx];
                        }
                    }
                    out[(ch * oh + oy) * ow + ox] = acc / n;
                }
            }
        }
        return out;
    }

    /** Index of the largest value; the first on ties. */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}

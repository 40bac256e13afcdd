package dev.bitflow.engine.binary;

import dev.bitflow.engine.api.definition.PaddingMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** The float path the tests compare against: ND4J's own conv2d, mmul and max-pool on ±1 data, NCHW. */
final class FloatOps {
    private FloatOps() {
    }

    /**
     * ND4J conv2d of a ±1 CHW input with ±1 weights [out, in, kh, kw]; ZERO padding is ND4J's explicit zero
     * padding, PLUS_ONE / MINUS_ONE pad the float input with +1 / -1 first. Returns s in the binary layout
     * {@code [(oy * outW + ox) * outC + oc]}.
     */
    static int[] conv(float[] chw, float[] weights, ConvGeometry g) {
        int c = g.inChannels();
        int h = g.inH();
        int w = g.inW();
        int p = g.pad();
        float[] input = chw;
        long explicitPad = p;
        if (g.paddingMode() == PaddingMode.PLUS_ONE || g.paddingMode() == PaddingMode.MINUS_ONE) {
            float fill = g.paddingMode() == PaddingMode.PLUS_ONE ? 1f : -1f;
            int ph = h + 2 * p;
            int pw = w + 2 * p;
            input = new float[c * ph * pw];
            java.util.Arrays.fill(input, fill);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(chw, (ch * h + y) * w, input, (ch * ph + y + p) * pw + p, w);
                }
            }
            h = ph;
            w = pw;
            explicitPad = 0;
        }
        INDArray x = Nd4j.createFromArray(input).reshape('c', 1, c, h, w);
        INDArray wt = Nd4j.createFromArray(weights).reshape('c', g.outChannels(), c, g.kernel(), g.kernel());
        Conv2DConfig cfg = Conv2DConfig.builder().kH(g.kernel()).kW(g.kernel()).sH(g.stride()).sW(g.stride())
                .pH(explicitPad).pW(explicitPad).dH(1).dW(1)
                .paddingMode(org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
        INDArray y = Nd4j.cnn().conv2d(x, wt, cfg);
        long[] shape = y.shape();
        if (shape[2] != g.outH() || shape[3] != g.outW()) {
            throw new AssertionError("ND4J output " + java.util.Arrays.toString(shape) + " vs " + g.outH() + "x" + g.outW());
        }
        return toBinaryLayout(y.ravel().toFloatVector(), g.outChannels(), g.outH(), g.outW());
    }

    /** {@code x[1, in] * W[in, out]} with ND4J mmul, as exact ints. */
    static int[] dense(float[] x, float[] weights, int in, int out) {
        INDArray y = Nd4j.createFromArray(x).reshape('c', 1, in).mmul(Nd4j.createFromArray(weights).reshape('c', in, out));
        float[] v = y.ravel().toFloatVector();
        int[] s = new int[out];
        for (int i = 0; i < out; i++) {
            s[i] = exact(v[i]);
        }
        return s;
    }

    /** ND4J max-pool 2d (no padding) of a CHW map. */
    static float[] maxPool(float[] chw, int c, int h, int w, int size, int stride) {
        INDArray x = Nd4j.createFromArray(chw).reshape('c', 1, c, h, w);
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(size).kW(size).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode.VALID).isNHWC(false).build();
        return Nd4j.cnn().maxPooling2d(x, cfg).ravel().toFloatVector();
    }

    static int[] toBinaryLayout(float[] nchw, int c, int h, int w) {
        int[] s = new int[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                s[p * c + ch] = exact(nchw[ch * h * w + p]);
            }
        }
        return s;
    }

    private static int exact(float v) {
        int i = Math.round(v);
        if (i != v) {
            throw new AssertionError("float path produced a non-integer dot product " + v);
        }
        return i;
    }
}

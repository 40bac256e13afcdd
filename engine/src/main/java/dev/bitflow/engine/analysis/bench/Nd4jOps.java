package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.PackedBits;
import java.util.SplittableRandom;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J configurations and random data shared by the stages. */
final class Nd4jOps {
    private Nd4jOps() {
    }

    /**
     * conv2d NCHW, weights OIYX {@code [out, in, kh, kw]}, explicit symmetric padding of the geometry's amount
     * (ND4J pads with zeros; for the ±1 padding modes the float form does the same amount of work).
     */
    static Conv2DConfig conv(ConvGeometry g) {
        return Conv2DConfig.builder().kH(g.kernel()).kW(g.kernel()).sH(g.stride()).sW(g.stride())
                .pH(g.pad()).pW(g.pad()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX).build();
    }

    static Pooling2DConfig maxPool(int size, int stride) {
        return Pooling2DConfig.builder().kH(size).kW(size).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build();
    }

    /** Uniform latent values in [-1, 1). */
    static float[] latent(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    static float[] plusMinusOne(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextBoolean() ? 1f : -1f;
        }
        return v;
    }

    static INDArray array(float[] values, long... shape) {
        return Nd4j.createFromArray(values).reshape('c', shape).castTo(DataType.FLOAT);
    }

    /**
     * The values of {@code x} in C order: its buffer directly when it is a fresh C-ordered array (a bulk
     * copy), otherwise through a raveled copy.
     */
    static float[] values(INDArray x) {
        if (x.ordering() == 'c' && !x.isView() && x.data().length() == x.length()
                && x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            float[] v = new float[(int) x.length()];
            x.data().asNioFloat().get(v);
            return v;
        }
        return x.ravel().toFloatVector();
    }

    /** Packs a float NCHW {@code [1, C, H, W]} (or {@code [1, N]}) array by sign. */
    static PackedBits signs(INDArray x) {
        long[] s = x.shape();
        float[] v = x.ravel().toFloatVector();
        if (s.length == 2) {
            return PackedBits.fromSignsVector(v);
        }
        return PackedBits.fromSignsChw(v, (int) s[1], (int) s[2], (int) s[3]);
    }
}

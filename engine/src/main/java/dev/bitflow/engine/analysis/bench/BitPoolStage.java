package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.PackedBits;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** Max-pool: ND4J maxpool2d on floats against OR/AND pooling of packed bits (every 4th channel AND). */
final class BitPoolStage implements BenchStage {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int size;
    private final int stride;
    private final Pooling2DConfig config;
    private final BitMaxPoolLayer layer;

    BitPoolStage(String name, int channels, int height, int width, int size, int stride) {
        if (size > height || size > width) {
            throw new IllegalArgumentException("pool " + size + " larger than its input " + height + "x" + width);
        }
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.size = size;
        this.stride = stride;
        this.config = Nd4jOps.maxPool(size, stride);
        long[] andMask = new long[PackedBits.wordsFor(channels)];
        for (int c = 0; c < channels; c += 4) {
            andMask[c >>> 6] |= 1L << (c & 63);
        }
        this.layer = new BitMaxPoolLayer(size, stride, andMask);
    }

    int outH() {
        return (height - size) / stride + 1;
    }

    int outW() {
        return (width - size) / stride + 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "maxpool " + channels + "x" + height + "x" + width + ", " + size + "/" + stride;
    }

    @Override
    public String floatPath() {
        return "nd4j maxpool2d, NHWC";
    }

    @Override
    public String binaryPath() {
        return "BitMaxPool OR/AND on packed bits";
    }

    @Override
    public INDArray runFloat(INDArray in) {
        return Nd4j.cnn().maxPooling2d(in, config);
    }

    @Override
    public Object runBinary(Object in) {
        return layer.apply((PackedBits) in);
    }

    @Override
    public INDArray randomFloatInput(long seed) {
        return Nd4jOps.plusMinusOneMap(new SplittableRandom(seed), channels, height, width);
    }

    @Override
    public Object binaryInputFor(INDArray floatInput) {
        return Nd4jOps.signs(floatInput);
    }
}

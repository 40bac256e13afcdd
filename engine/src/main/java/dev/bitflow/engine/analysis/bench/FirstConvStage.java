package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.ThresholdPacker;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first layer: a float conv on the image in both forms (ND4J conv2d); the binary form then applies the
 * fused BN + sign as one float threshold per channel and packs bits, so it does slightly more work.
 */
final class FirstConvStage implements BenchStage {
    private final String name;
    private final ConvGeometry g;
    private final INDArray weights;
    private final Conv2DConfig config;
    /** The binary form's conv runs on the image channels-first, the layout its threshold packer reads. */
    private final Conv2DConfig binaryConfig;
    private final float[] threshold;

    FirstConvStage(String name, ConvGeometry g, long seed) {
        this.name = name;
        this.g = g;
        SplittableRandom r = new SplittableRandom(seed);
        this.weights = Nd4jOps.array(Nd4jOps.latent(r, g.outChannels() * g.inChannels() * g.taps()),
                g.outChannels(), g.inChannels(), g.kernel(), g.kernel());
        this.config = Nd4jOps.conv(g);
        this.binaryConfig = Nd4jOps.conv(g, Conv2DConfig.NCHW);
        this.threshold = new float[g.outChannels()];
        for (int c = 0; c < threshold.length; c++) {
            threshold[c] = (float) (r.nextDouble() - 0.5);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "float conv " + g.inChannels() + "x" + g.inH() + "x" + g.inW() + " -> " + g.outChannels() + ", k"
                + g.kernel() + " s" + g.stride() + " " + DescribePadding.of(g.padding());
    }

    @Override
    public String floatPath() {
        return "nd4j conv2d, NHWC";
    }

    @Override
    public String binaryPath() {
        return "nd4j conv2d + per-channel threshold -> packed bits";
    }

    @Override
    public INDArray runFloat(INDArray in) {
        return Nd4j.cnn().conv2d(in, weights, config);
    }

    @Override
    public Object runBinary(Object in) {
        INDArray y = Nd4j.cnn().conv2d((INDArray) in, weights, binaryConfig);
        return ThresholdPacker.packFloatChw(Nd4jOps.values(y), g.outChannels(), g.outH(), g.outW(), threshold, null);
    }

    @Override
    public INDArray randomFloatInput(long seed) {
        return Nd4jOps.array(Nd4jOps.latent(new SplittableRandom(seed), g.inChannels() * g.inH() * g.inW()),
                1, g.inH(), g.inW(), g.inChannels());
    }

    @Override
    public Object binaryInputFor(INDArray floatInput) {
        return Nd4jOps.channelsFirst(floatInput);
    }
}

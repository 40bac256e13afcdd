package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.BinaryConvLayer;
import dev.bitflow.engine.binary.ConvGeometry;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.XnorConv2d;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A binary conv: float form ND4J conv2d on ±1 floats (without BN and sign, so the float side does less
 * than the unfused network would); binary form the fused XNOR-popcount conv + BatchShift threshold
 * producing packed bits.
 */
final class BinaryConvStage implements BenchStage {
    private final String name;
    private final ConvGeometry g;
    private final INDArray floatWeights;
    private final Conv2DConfig config;
    private final BinaryConvLayer layer;
    private final XnorConv2d kernel;
    private final short[] shift;

    BinaryConvStage(String name, ConvGeometry g, long seed, XnorConv2d kernel) {
        this.name = name;
        this.g = g;
        this.kernel = kernel;
        SplittableRandom r = new SplittableRandom(seed);
        float[] latent = Nd4jOps.latent(r, g.outChannels() * g.inChannels() * g.taps());
        PackedConvWeights packed = PackedConvWeights.fromLatent(latent, g.outChannels(), g.inChannels(), g.kernel(), null);
        this.floatWeights = Nd4jOps.array(packed.toPlusMinusOne(), g.outChannels(), g.inChannels(), g.kernel(), g.kernel());
        this.config = Nd4jOps.conv(g);
        this.shift = new short[g.outChannels()];
        for (int c = 0; c < shift.length; c++) {
            shift[c] = (short) (r.nextInt(5) - 2);
        }
        this.layer = new BinaryConvLayer(packed, shift, null, null, g);
    }

    /** The BatchShift integer of each output channel: the binary form's bit is {@code s + shift >= 0}. */
    short shift(int channel) {
        return shift[channel];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "binary conv " + g.inChannels() + "x" + g.inH() + "x" + g.inW() + " -> " + g.outChannels() + ", k"
                + g.kernel() + " s" + g.stride() + " " + DescribePadding.of(g.padding());
    }

    @Override
    public String floatPath() {
        return "nd4j conv2d, NHWC";
    }

    @Override
    public String binaryPath() {
        return "XnorConv2d + BatchShift threshold (" + kernel.loop() + ", " + kernel.threads() + " thread(s))";
    }

    @Override
    public INDArray runFloat(INDArray in) {
        return Nd4j.cnn().conv2d(in, floatWeights, config);
    }

    @Override
    public Object runBinary(Object in) {
        return layer.apply((PackedBits) in, kernel);
    }

    @Override
    public INDArray randomFloatInput(long seed) {
        return Nd4jOps.plusMinusOneMap(new SplittableRandom(seed), g.inChannels(), g.inH(), g.inW());
    }

    @Override
    public Object binaryInputFor(INDArray floatInput) {
        return Nd4jOps.signs(floatInput);
    }
}

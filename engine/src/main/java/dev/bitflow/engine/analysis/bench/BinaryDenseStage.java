package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.BinaryDenseLayer;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.PackedDenseWeights;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A binary dense layer: float form ND4J mmul {@code [1, in] x [in, out]} on ±1 floats; binary form the
 * channel-major flatten of the packed map (if it is spatial) + XNOR-popcount dense + BatchShift threshold.
 */
final class BinaryDenseStage implements BenchStage {
    private final String name;
    private final int inputs;
    private final int outputs;
    private final INDArray floatWeights;
    private final BinaryDenseLayer layer;
    private final BinaryDense kernel;

    BinaryDenseStage(String name, int inputs, int outputs, long seed, BinaryDense kernel) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        this.kernel = kernel;
        SplittableRandom r = new SplittableRandom(seed);
        PackedDenseWeights packed = PackedDenseWeights.fromLatent(Nd4jOps.latent(r, inputs * outputs), inputs, outputs, null);
        this.floatWeights = Nd4jOps.array(packed.toPlusMinusOne(), inputs, outputs);
        short[] shift = new short[outputs];
        for (int o = 0; o < outputs; o++) {
            shift[o] = (short) (r.nextInt(5) - 2);
        }
        this.layer = new BinaryDenseLayer(packed, shift, null, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "binary dense " + inputs + " -> " + outputs;
    }

    @Override
    public String floatPath() {
        return "nd4j mmul";
    }

    @Override
    public String binaryPath() {
        return "flatten + BinaryDense + BatchShift threshold";
    }

    @Override
    public INDArray runFloat(INDArray in) {
        return in.reshape('c', 1, inputs).mmul(floatWeights);
    }

    @Override
    public Object runBinary(Object in) {
        PackedBits bits = (PackedBits) in;
        PackedBits flat = bits.height() == 1 && bits.width() == 1 ? bits : bits.flattenChannelMajor();
        return layer.apply(flat, kernel);
    }

    @Override
    public INDArray randomFloatInput(long seed) {
        return Nd4jOps.array(Nd4jOps.plusMinusOne(new SplittableRandom(seed), inputs), 1, inputs);
    }

    @Override
    public Object binaryInputFor(INDArray floatInput) {
        return Nd4jOps.signs(floatInput);
    }
}

package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.SignInputDense;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The last layer, float weights on ±1 inputs: float form ND4J mmul + bias; binary form
 * {@link SignInputDense} (one row addition per input, no multiplication).
 */
final class LastDenseStage implements BenchStage {
    private final String name;
    private final int inputs;
    private final int outputs;
    private final INDArray floatWeights;
    private final INDArray floatBias;
    private final SignInputDense layer;

    LastDenseStage(String name, int inputs, int outputs, long seed) {
        this.name = name;
        this.inputs = inputs;
        this.outputs = outputs;
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = Nd4jOps.latent(r, inputs * outputs);
        float[] b = Nd4jOps.latent(r, outputs);
        this.floatWeights = Nd4jOps.array(w, inputs, outputs);
        this.floatBias = Nd4jOps.array(b, 1, outputs);
        this.layer = new SignInputDense(w, b, inputs, outputs);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "float dense " + inputs + " -> " + outputs + " on +-1 inputs";
    }

    @Override
    public String floatPath() {
        return "nd4j mmul + bias";
    }

    @Override
    public String binaryPath() {
        return "SignInputDense (additions only)";
    }

    @Override
    public INDArray runFloat(INDArray in) {
        return in.reshape('c', 1, inputs).mmul(floatWeights).addi(floatBias);
    }

    @Override
    public Object runBinary(Object in) {
        PackedBits bits = (PackedBits) in;
        return layer.apply(bits.height() == 1 && bits.width() == 1 ? bits : bits.flattenChannelMajor());
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

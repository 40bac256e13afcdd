package dev.bitflow.engine.analysis.bench;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a benchmark, in two forms doing the same work: the float form on ND4J ops (input and output
 * NHWC {@code [1, H, W, C]} or {@code [1, N]}), and the fused binary form (input and output
 * {@link dev.bitflow.engine.binary.PackedBits}; the first layer takes the float image, the last layer
 * returns float scores). Weights are fixed at construction.
 */
interface BenchStage {
    /** Layer name, e.g. {@code conv2}. */
    String name();

    /** The work, e.g. {@code conv 96x27x27 -> 256, k5 s1 zero(2)}. */
    String description();

    /** What the float form runs. */
    String floatPath();

    /** What the binary form runs. */
    String binaryPath();

    INDArray runFloat(INDArray in);

    Object runBinary(Object in);

    /** A random input of the right shape for the float form (±1 values, or an image for a first layer). */
    INDArray randomFloatInput(long seed);

    /** The binary form's input holding the same values as {@code floatInput}. */
    Object binaryInputFor(INDArray floatInput);
}

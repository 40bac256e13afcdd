package dev.bitflow.engine.fused;

/**
 * One layer (block) of a {@link FusedNetwork}: the first layer maps the float input to bits, a binary
 * layer maps bits to bits, the output layer maps bits to class scores.
 */
public sealed interface FusedLayer permits FusedFirstLayer, FusedBinaryLayer, FusedOutputLayer {
    /** The name of the block's linear layer in the definition. */
    String name();
}

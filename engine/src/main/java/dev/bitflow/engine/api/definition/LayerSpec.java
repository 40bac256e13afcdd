package dev.bitflow.engine.api.definition;

/**
 * One layer of a network definition. Every layer has a unique {@code name} that error messages, the
 * ledger and model files use to refer to it.
 */
public sealed interface LayerSpec
        permits WeightLayerSpec, BatchNormSpec, SignSpec, MaxPoolSpec, AvgPoolSpec, FlattenSpec,
                DropoutSpec, SoftmaxSpec, ReluSpec {

    String name();

    /** The JSON {@code type} of this layer, for example {@code conv2d}. */
    String type();

    /** A copy of this layer under another name. */
    LayerSpec withName(String newName);
}

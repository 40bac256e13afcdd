package dev.bitflow.engine.api.definition;

/**
 * One layer of a network definition. Every layer has a unique {@code name} that error messages, the
 * ledger and model files use to refer to it.
 */
public sealed interface LayerSpec
        permits WeightLayerSpec, BatchNormSpec, SignSpec, MaxPoolSpec, AvgPoolSpec, FlattenSpec,
                DropoutSpec, SoftmaxSpec, ReluSpec {

    String name();

    /** What kind of layer it is; its {@link LayerType#jsonName()} is the JSON {@code type}, for example {@code conv2d}. */
    LayerType type();

    /** A copy of this layer under another name. */
    LayerSpec withName(String newName);
}

package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.Shape;

/**
 * One layer of a {@link FusedModelContent}. Bits everywhere mean bit 1 = +1, bit 0 = -1, and sign(0) = +1.
 * Feature maps between layers are {@code channels x height x width} bits; a flat vector is {@code n x 1 x 1}.
 */
public sealed interface FusedLayerContent permits FirstLayerContent, BinaryLayerContent, OutputLayerContent {
    /** What kind of fused layer. */
    enum Kind {
        /** Float input, float (or ±1) weights, one float threshold per channel, bits out. */
        FIRST,
        /** Bits in, binary weights, one integer BatchShift per channel, bits out; no floating point. */
        BINARY,
        /** Bits in, float class scores out (additions and subtractions of its weights). */
        OUTPUT
    }

    /** The name of the block's linear layer (conv2d or dense) in the definition. */
    String name();

    Kind kind();

    /** The layer's input shape (for a dense layer after a flatten: the spatial shape before the flatten). */
    Shape input();

    /** The layer's output shape, after its pools ({@code classes x 1 x 1} flat for the output layer). */
    Shape output();
}

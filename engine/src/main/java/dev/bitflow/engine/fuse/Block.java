package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/**
 * One fusable unit of a network definition, found by {@link BlockPlanner}: a linear layer (conv2d or dense)
 * followed by optional max pools before BatchNorm, an optional BatchNorm, and (except for the output block)
 * a sign with optional max pools after BatchNorm or after the sign. Dropout (identity at inference) and
 * flatten (a layout change) may sit in between.
 *
 * @param kind         first (float input), binary (±1 input, binary weights) or output (no sign after it)
 * @param linear       the conv2d or dense layer
 * @param linearIndex  its index in the definition
 * @param input        the block's input shape (for a dense block after a flatten: the spatial shape before it)
 * @param linearOut    the linear layer's output shape
 * @param preBnPools   max pools between the linear layer and BatchNorm (exact as threshold then OR/AND)
 * @param bn           the BatchNorm, or null
 * @param bnIndex      its index, or -1
 * @param postPools    max pools between BatchNorm and sign or after the sign (exact as OR of bits)
 * @param thresholdOut the shape of the thresholded bits (after pre-BN pools, before post pools)
 * @param output       the block's output shape (after all pools)
 * @param firstIndex   index of the first layer of the block (the linear layer)
 * @param lastIndex    index of the last layer of the block (inclusive)
 * @param flattenedInput whether a flatten sits between the previous block and this (dense) block
 */
public record Block(Kind kind, LayerSpec linear, int linearIndex, Shape input, Shape linearOut,
                    List<MaxPoolSpec> preBnPools, BatchNormSpec bn, int bnIndex, List<MaxPoolSpec> postPools,
                    Shape thresholdOut, Shape output, int firstIndex, int lastIndex, boolean flattenedInput) {
    public enum Kind { FIRST, BINARY, OUTPUT }

    public Block {
        preBnPools = List.copyOf(preBnPools);
        postPools = List.copyOf(postPools);
    }

    public String name() {
        return linear.name();
    }
}

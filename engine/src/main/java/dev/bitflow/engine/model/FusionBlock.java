package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;

/**
 * One fusable unit of a network definition, found by {@link FusionPlanner}: a linear layer (conv2d or dense)
 * followed by max pools before BatchNorm, an optional BatchNorm, and (except for the output block) a sign with
 * optional max pools after BatchNorm or after the sign. Dropout (identity at inference) and flatten (a layout
 * change) may sit in between. The ledger counts exactly these blocks as fused, and {@code bitflow fuse} builds
 * exactly them.
 *
 * <ul>
 *   <li>{@link Kind#FIRST}: the block on the float input; BatchNorm + sign become one float32 threshold compare per
 *       channel (plus a flip for gamma &lt; 0).</li>
 *   <li>{@link Kind#BINARY}: binary weights on ±1 input; the dot product s is an integer and SF + bias + BN + sign
 *       become {@code +1 iff s + B >= 0} with one small integer B per channel (sign of gamma folded into the
 *       weights).</li>
 *   <li>{@link Kind#OUTPUT}: the last dense layer (optionally with BatchNorm), no sign: class scores from additions
 *       of its weights.</li>
 * </ul>
 * A max pool before BatchNorm is threshold-then-OR (gamma &gt; 0) or threshold-then-AND (gamma &lt; 0) on bits,
 * which is exact; after BatchNorm it is an OR of bits (sign is non-decreasing). Dropout is the identity.
 *
 * @param kind           first (float input), binary (±1 input, binary weights) or output (no sign after it)
 * @param linear         the conv2d or dense layer
 * @param linearIndex    its index in the definition
 * @param input          the block's input shape (for a dense block after a flatten: the spatial shape before it)
 * @param linearOut      the linear layer's output shape
 * @param preBnPools     max pools between the linear layer and BatchNorm (exact as threshold then OR/AND)
 * @param bn             the BatchNorm, or null
 * @param bnIndex        its index, or -1
 * @param postPools      max pools between BatchNorm and sign or after the sign (exact as OR of bits)
 * @param signIndex      index of the sign, or -1 for the output block
 * @param thresholdOut   the shape of the thresholded bits (after pre-BN pools, before post pools)
 * @param output         the block's output shape (after all pools)
 * @param lastIndex      index of the last layer of the block (inclusive)
 * @param flattenedInput whether a flatten sits between the previous block and this (dense) block
 */
public record FusionBlock(Kind kind, LayerSpec linear, int linearIndex, Shape input, Shape linearOut,
                          List<MaxPoolSpec> preBnPools, BatchNormSpec bn, int bnIndex, List<MaxPoolSpec> postPools,
                          int signIndex, Shape thresholdOut, Shape output, int lastIndex, boolean flattenedInput) {
    /** How the block runs after fusion. */
    public enum Kind {
        FIRST,
        BINARY,
        OUTPUT
    }

    public FusionBlock {
        preBnPools = List.copyOf(preBnPools);
        postPools = List.copyOf(postPools);
    }

    /** The linear layer's name, which names the block. */
    public String name() {
        return linear.name();
    }

    /** Whether layer index {@code i} lies in the block's thresholding part, linear layer to sign (output: to its end). */
    public boolean contains(int i) {
        return i >= linearIndex && i <= (signIndex >= 0 ? signIndex : lastIndex);
    }
}

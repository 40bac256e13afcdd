package dev.bitflow.engine.model;

/**
 * A run of layers that fusion turns into one thresholding step: a weight layer, then max pools, dropouts and at
 * most one batchnorm in any order, then a sign; by layer index, the block is the contiguous range
 * {@code weightLayer..signLayer} ({@code batchNormLayer} is -1 when there is none). This is the grammar
 * {@code dev.bitflow.engine.fuse.BlockPlanner} fuses (decision 0053), so the ledger counts exactly what
 * {@code bitflow fuse} produces.
 *
 * <ul>
 *   <li>{@link Kind#BATCHSHIFT}: binary weights on binary input; the dot product {@code s} is an integer and
 *       SF + BN + sign become {@code +1 iff s + B >= 0} with one small integer B per channel (sign of gamma
 *       folded into the weights).</li>
 *   <li>{@link Kind#THRESHOLD}: the dot product is real (float input, e.g. the first layer, or float weights);
 *       BN + sign become one float32 threshold compare per channel plus a flip flag for gamma &lt; 0.</li>
 * </ul>
 * A max-pool before BN is done as threshold-then-OR (gamma &gt; 0) or threshold-then-AND (gamma &lt; 0) on
 * bits, which is exact (docs/fusion.md, PoolBeforeBnPass); after BN it is an OR of bits (sign is non-decreasing).
 * Dropout is the identity at inference.
 */
public record FusionBlock(Kind kind, int weightLayer, int batchNormLayer, int signLayer) {
    /** How the block runs after fusion. */
    public enum Kind {
        BATCHSHIFT,
        THRESHOLD
    }

    /** Whether layer index {@code i} belongs to this block. */
    public boolean contains(int i) {
        return i >= weightLayer && i <= signLayer;
    }
}

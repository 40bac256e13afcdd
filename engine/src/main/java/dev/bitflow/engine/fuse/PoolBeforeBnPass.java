package dev.bitflow.engine.fuse;

import dev.bitflow.engine.model.FusionBlock;

/**
 * Max pools between a linear layer and its BatchNorm (conv -> maxpool -> BN -> sign), fused exactly.
 *
 * <h2>Derivation</h2>
 * The block's output is {@code sign(z(max_i y_i))} over a pool window. z is an increasing function of y
 * for gamma &gt; 0 and a decreasing one for gamma &lt; 0 (alpha &gt; 0), and sign is non-decreasing, so
 * <pre>
 *   gamma &gt; 0:  sign(z(max y_i)) = max_i sign(z(y_i))  = OR of the thresholded bits
 *   gamma &lt; 0:  sign(z(max y_i)) = sign(min_i z(y_i)) = min_i sign(z(y_i)) = AND of the thresholded bits
 * </pre>
 * This holds in float32 too (rounding is monotone), so threshold-then-pool equals the float path. After
 * {@link BatchShiftFolder} negates a gamma &lt; 0 filter its test is increasing in s' but still decreasing in
 * y, so those channels pool with AND; for the first layer the {@code below} channels do. Constant channels
 * pool to themselves either way. Pools after BatchNorm (before or after the sign) are always an OR.
 * The per-channel choice becomes the kernels' AND mask ({@code BitMaxPool}).
 */
public final class PoolBeforeBnPass implements FusionPass {
    @Override
    public String name() {
        return "pool before BatchNorm";
    }

    @Override
    public void apply(FusionState state) {
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            if (b.preBnPools().isEmpty()) {
                continue;
            }
            boolean[] decreasing = switch (b.kind()) {
                case FIRST -> state.firstThreshold.below();
                case BINARY -> state.shifts.get(i).flipped();
                case OUTPUT -> throw new NotFusableException(b.name(), "pooling in the output layer");
            };
            state.preBnAndMask.put(i, MaskWords.of(decreasing));
        }
    }
}

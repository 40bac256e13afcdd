package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;
import dev.bitflow.engine.reference.ScalingFactors;

/**
 * Reads every block's weights and BatchNorm and recomputes the XNOR-Net scaling factor of binary layers,
 * {@code alpha_c = mean|W_c|} ({@link ScalingFactors}; not stored in the model). alpha never survives
 * fusion: for alpha &gt; 0 it only rescales the threshold, {@code tau = (mu - beta sigma / gamma - b) / alpha},
 * which {@link BatchShiftFolder} turns into an integer (BitFlow-Net: SF is cancelled by BN at inference,
 * docs/sf-report.md). A non-finite or negative alpha is refused. Blocks without BatchNorm get
 * {@link BnParameters#identity}.
 */
public final class ScalingFactorFolder implements FusionPass {
    @Override
    public String name() {
        return "scaling factors";
    }

    @Override
    public void apply(FusionState state) {
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            Shape in = b.input();
            LayerParameters lp = b.linear() instanceof Conv2dSpec c
                    ? LayerParameters.conv(c, in.channels(), state.network.parameters())
                    : LayerParameters.dense((DenseSpec) b.linear(), (int) in.size(), state.network.parameters());
            if (lp.alpha() != null) {
                for (int c = 0; c < lp.alpha().length; c++) {
                    float a = lp.alpha()[c];
                    if (!Float.isFinite(a) || a < 0) {
                        throw new NotFusableException(b.name(), "channel " + c + " has scaling factor " + a);
                    }
                }
            }
            state.linear.put(i, lp);
            BatchNormSpec bn = b.bn();
            state.batchNorm.put(i, bn == null ? BnParameters.identity(b.linearOut().channels())
                    : LayerParameters.batchNorm(bn, b.linearOut().channels(), state.network.parameters()));
        }
    }
}

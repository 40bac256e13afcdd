package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.binary.PackedConvWeights;
import dev.bitflow.engine.binary.PackedDenseWeights;
import dev.bitflow.engine.model.FusionBlock;

/**
 * Packs the binary weights of every binary block: bit 1 = {@code sign(w) = +1} (sign(0) = +1), and the
 * filters of gamma &lt; 0 channels negated ({@code s' = -s}, see {@link BatchShiftFolder}), in the kernels'
 * layouts (conv [out][tap][in-words], dense [out][in-words]). The latent floats are not kept.
 */
public final class WeightPacker implements FusionPass {
    @Override
    public String name() {
        return "weight packing";
    }

    @Override
    public void apply(FusionState state) {
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            if (b.kind() != FusionBlock.Kind.BINARY) {
                continue;
            }
            float[] latent = state.linear.get(i).latent();
            boolean[] flip = state.shifts.get(i).flipped();
            if (b.linear() instanceof Conv2dSpec c) {
                state.convWeights.put(i, PackedConvWeights.fromLatent(latent, c.filters(), b.input().channels(),
                        c.kernel(), flip));
            } else {
                DenseSpec d = (DenseSpec) b.linear();
                state.denseWeights.put(i, PackedDenseWeights.fromLatent(latent, (int) b.input().size(), d.units(), flip));
            }
        }
    }
}

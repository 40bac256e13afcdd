package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.fused.FusedOutputLayer;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;

/**
 * The last dense layer on ±1 inputs becomes additions and subtractions of its weights
 * ({@link FusedOutputLayer}). Its BatchNorm, if any, is kept as a per-class float affine evaluated in the
 * float path's operation order instead of being multiplied into the weights: folding it would change float
 * rounding and could flip the argmax between two nearly equal class scores, while keeping it makes the
 * fused class scores bit-identical to the float path's (decision 0052). It costs one multiply-add per class.
 */
public final class OutputLayerPass implements FusionPass {
    @Override
    public String name() {
        return "output layer";
    }

    @Override
    public void apply(FusionState state) {
        int last = state.blocks.size() - 1;
        FusionBlock b = state.blocks.get(last);
        LayerParameters lp = state.linear.get(last);
        BnParameters bn = state.batchNorm.get(last);
        Shape in = b.input();
        state.output = new FusedOutputLayer(b.name(), (int) in.size(), b.linearOut().channels(), lp.effectiveWeights(),
                lp.alpha(), lp.bias(), bn.present() ? bn : null, b.flattenedInput());
    }
}

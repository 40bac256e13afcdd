package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.FusionPlanner;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import dev.bitflow.engine.api.definition.WeightLayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer the SF report analyses: a binary block of the fusion grammar with a BatchNorm, that is conv2d or dense
 * with binary weights whose input is ±1 (the output of a sign, possibly max-pooled, flattened or passed through
 * dropout), followed by optional max pools / dropout, a BatchNorm, optional max pools / dropout, and a sign. Its
 * dot product s is then an integer with {@code |s| <= K}. The first layer (float input) is never such a site: its
 * s is not an integer.
 *
 * @param linearIndex index of the conv2d / dense layer in the definition
 * @param bnIndex     index of the BatchNorm
 * @param input       the linear layer's input shape
 * @param bnShape     the BatchNorm's shape: channels x positions that are thresholded
 * @param fanIn       K
 */
record BinaryLayerSite(String name, String kind, int linearIndex, int bnIndex, LayerParameters linear,
                       BnParameters bn, Shape input, Shape bnShape, int fanIn) {

    int channels() {
        return bnShape.channels();
    }

    /** Thresholded positions per channel and example. */
    int positions() {
        return bnShape.flat() ? 1 : bnShape.height() * bnShape.width();
    }

    /**
     * Every site of the network prepared by {@code ref}, in order: the binary blocks of the fusion grammar
     * ({@link FusionPlanner}) that have a BatchNorm.
     */
    static List<BinaryLayerSite> find(FloatReferenceForward ref) {
        List<BinaryLayerSite> sites = new ArrayList<>();
        for (FusionBlock b : FusionPlanner.plan(ref.definition()).blocks()) {
            if (b.kind() != FusionBlock.Kind.BINARY || b.bn() == null) {
                continue;
            }
            int i = b.linearIndex();
            Shape in = i == 0 ? ref.definition().input() : ref.outputShape(i - 1);
            int fanIn = (int) ((WeightLayerSpec) b.linear()).dotLength(in);
            sites.add(new BinaryLayerSite(b.name(), b.linear() instanceof Conv2dSpec ? "conv" : "dense", i, b.bnIndex(),
                    (LayerParameters) ref.prepared(i), (BnParameters) ref.prepared(b.bnIndex()), in,
                    ref.outputShape(b.bnIndex()), fanIn));
        }
        return List.copyOf(sites);
    }
}

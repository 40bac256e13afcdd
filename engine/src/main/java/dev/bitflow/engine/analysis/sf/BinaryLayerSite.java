package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.WeightLayerSpec;
import dev.bitflow.engine.fuse.BnParameters;
import dev.bitflow.engine.fuse.FloatReferenceForward;
import dev.bitflow.engine.fuse.LayerParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer the SF report analyses: conv2d or dense with binary weights whose input is ±1 (the output of a sign,
 * possibly max-pooled, flattened or passed through dropout), followed by optional max pools / dropout, a
 * BatchNorm, optional max pools / dropout, and a sign. Its dot product s is then an integer with {@code |s| <= K}.
 * The first layer (float input) is never such a site: its s is not an integer.
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

    /** Every site of the network prepared by {@code ref}, in order. */
    static List<BinaryLayerSite> find(FloatReferenceForward ref) {
        List<LayerSpec> layers = ref.definition().layers();
        List<BinaryLayerSite> sites = new ArrayList<>();
        boolean binaryValues = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof SignSpec) {
                binaryValues = true;
            } else if (l instanceof MaxPoolSpec || l instanceof DropoutSpec || l instanceof FlattenSpec) {
                // max of ±1 is ±1; dropout is the identity at inference; flatten only changes the layout
            } else {
                if (binaryValues && isBinaryLinear(l)) {
                    int bn = batchNormThenSign(layers, i + 1);
                    if (bn >= 0) {
                        Shape in = i == 0 ? ref.definition().input() : ref.outputShape(i - 1);
                        int fanIn = (int) ((WeightLayerSpec) l).dotLength(in);
                        sites.add(new BinaryLayerSite(l.name(), l instanceof Conv2dSpec ? "conv" : "dense", i, bn,
                                (LayerParameters) ref.prepared(i), (BnParameters) ref.prepared(bn), in,
                                ref.outputShape(bn), fanIn));
                    }
                }
                binaryValues = false;
            }
        }
        return List.copyOf(sites);
    }

    private static boolean isBinaryLinear(LayerSpec l) {
        return l instanceof WeightLayerSpec w && w.binaryWeights();
    }

    /** Index of the BatchNorm if {@code layers[from..]} is [pool|dropout]* batchnorm [pool|dropout]* sign, else -1. */
    private static int batchNormThenSign(List<LayerSpec> layers, int from) {
        int j = from;
        while (j < layers.size() && (layers.get(j) instanceof MaxPoolSpec || layers.get(j) instanceof DropoutSpec)) {
            j++;
        }
        if (j >= layers.size() || !(layers.get(j) instanceof BatchNormSpec)) {
            return -1;
        }
        int bn = j++;
        while (j < layers.size() && (layers.get(j) instanceof MaxPoolSpec || layers.get(j) instanceof DropoutSpec)) {
            j++;
        }
        return j < layers.size() && layers.get(j) instanceof SignSpec ? bn : -1;
    }
}

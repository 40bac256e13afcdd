package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.WeightLayerSpec;

/**
 * Where a layer sits in the network. Weight layers are conv2d and dense. The <em>first region</em> is
 * every layer before the second weight layer (the first weight layer with its pool/BN/sign); the
 * <em>last region</em> is the last weight layer and everything after it; the <em>middle</em> is what lies
 * between. BitFlow-Net's claim "no float operations in the middle layers" is about the middle.
 */
public final class LayerRoles {
    private LayerRoles() {
    }

    public static boolean isWeightLayer(LayerSpec l) {
        return l instanceof WeightLayerSpec;
    }

    /** Weight precision of a conv2d/dense layer, or {@code null} for other layers. */
    public static Precision weights(LayerSpec l) {
        return l instanceof WeightLayerSpec w ? w.weights() : null;
    }

    /** Scaling factor of a conv2d/dense layer, or {@code null} for other layers. */
    public static ScalingFactor scaling(LayerSpec l) {
        return l instanceof WeightLayerSpec w ? w.scaling() : null;
    }

    public static boolean hasBias(LayerSpec l) {
        return l instanceof WeightLayerSpec w && w.bias();
    }

    public static int firstWeightLayer(NetworkDefinition d) {
        for (int i = 0; i < d.layers().size(); i++) {
            if (isWeightLayer(d.layers().get(i))) {
                return i;
            }
        }
        return -1;
    }

    public static int lastWeightLayer(NetworkDefinition d) {
        for (int i = d.layers().size() - 1; i >= 0; i--) {
            if (isWeightLayer(d.layers().get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the second weight layer, or {@code layers.size()} if there is at most one. */
    public static int secondWeightLayer(NetworkDefinition d) {
        int first = firstWeightLayer(d);
        for (int i = first + 1; first >= 0 && i < d.layers().size(); i++) {
            if (isWeightLayer(d.layers().get(i))) {
                return i;
            }
        }
        return d.layers().size();
    }
}

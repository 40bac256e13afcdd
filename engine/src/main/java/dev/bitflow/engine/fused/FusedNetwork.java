package dev.bitflow.engine.fused;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.reference.FloatOps;
import java.util.List;

/**
 * A BatchShift-fused network: a {@link FusedFirstLayer} (float input to bits), {@link FusedBinaryLayer}s
 * (bits to bits, integers only) and a {@link FusedOutputLayer} (bits to class scores). Immutable; run it with
 * {@link #logits} on one example at a time (kernels may split rows over threads).
 *
 * @param definition the unfused definition it came from (for shapes, names and the input normalisation)
 */
public record FusedNetwork(NetworkDefinition definition, List<FusedLayer> layers) {
    public FusedNetwork {
        layers = List.copyOf(layers);
        if (layers.size() < 2 || !(layers.get(0) instanceof FusedFirstLayer)
                || !(layers.get(layers.size() - 1) instanceof FusedOutputLayer)) {
            throw new IllegalArgumentException("a fused network is first layer, binary layers, output layer");
        }
        for (int i = 1; i < layers.size() - 1; i++) {
            if (!(layers.get(i) instanceof FusedBinaryLayer)) {
                throw new IllegalArgumentException("layer " + i + " must be a binary layer");
            }
        }
    }

    public FusedFirstLayer first() {
        return (FusedFirstLayer) layers.get(0);
    }

    public FusedOutputLayer output() {
        return (FusedOutputLayer) layers.get(layers.size() - 1);
    }

    /** The binary layers in order. */
    public List<FusedBinaryLayer> binaryLayers() {
        return layers.subList(1, layers.size() - 1).stream().map(FusedBinaryLayer.class::cast).toList();
    }

    /** Class scores for one normalised example (CHW float32). */
    public float[] logits(float[] x, FusedKernels kernels) {
        PackedBits bits = first().apply(x);
        for (FusedBinaryLayer b : binaryLayers()) {
            bits = b.apply(bits, kernels.conv(), kernels.dense());
        }
        return output().apply(bits);
    }

    public int predict(float[] x, FusedKernels kernels) {
        return FloatOps.argmax(logits(x, kernels));
    }
}

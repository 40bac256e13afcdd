package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fused model holds, as read-only values for exporters and reports: the float first layer, the binary
 * (BatchShift) layers and the float output layer, in network order. Running the layers one after the other on a
 * normalised input ({@link NetworkDefinition#dataset()} says how pixels are scaled) gives exactly the predictions
 * of the workbench's fused engine; each record's Javadoc gives the arithmetic and the bit layouts.
 *
 * @param definition the unfused definition it was fused from (names, shapes, data set, normalisation)
 * @param first      the float first layer (float conv or dense, folded BatchNorm + sign threshold, bit pools)
 * @param binary     the binary layers in order (XNOR-popcount, BatchShift, bit pools); may be empty
 * @param output     the output layer (additions of its weights on ±1 inputs, optional BatchNorm)
 */
public record FusedModelContent(NetworkDefinition definition, FirstLayerContent first, List<BinaryLayerContent> binary,
                                OutputLayerContent output) {
    public FusedModelContent {
        binary = List.copyOf(binary);
    }

    /** Every layer in network order: first, binary..., output. */
    public List<FusedLayerContent> layers() {
        List<FusedLayerContent> all = new ArrayList<>(binary.size() + 2);
        all.add(first);
        all.addAll(binary);
        all.add(output);
        return List.copyOf(all);
    }

    /** Number of classes (outputs of the last layer). */
    public int classes() {
        return output.outputs();
    }
}

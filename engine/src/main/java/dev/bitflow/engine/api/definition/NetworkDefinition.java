package dev.bitflow.engine.api.definition;

import java.util.List;

/**
 * A network definition as stored in a {@code *.bitflow.json} file: the input shape, the ordered layers,
 * how to train it and on what data. Immutable; edits produce new instances.
 */
public record NetworkDefinition(int formatVersion, String name, String description, Shape input,
                                List<LayerSpec> layers, TrainingSpec training, DatasetRef dataset) {
    /** The format version this build writes. */
    public static final int CURRENT_FORMAT_VERSION = 1;

    public NetworkDefinition {
        layers = List.copyOf(layers);
    }

    public NetworkDefinition withLayers(List<LayerSpec> newLayers) {
        return new NetworkDefinition(formatVersion, name, description, input, newLayers, training, dataset);
    }

    public NetworkDefinition withTraining(TrainingSpec newTraining) {
        return new NetworkDefinition(formatVersion, name, description, input, layers, newTraining, dataset);
    }

    /**
     * A copy in which every layer with binary weights has scaling factor {@code scaling}; other layers stay as they
     * are. {@code ScalingFactor.NONE} is the "SF off" variant of a definition (the scaling-factor experiments).
     */
    public NetworkDefinition withBinaryScaling(ScalingFactor scaling) {
        return withLayers(layers.stream().map(l -> l instanceof WeightLayerSpec w && w.binaryWeights()
                ? w.withScaling(scaling) : l).toList());
    }

    public NetworkDefinition withDataset(DatasetRef newDataset) {
        return new NetworkDefinition(formatVersion, name, description, input, layers, training, newDataset);
    }
}

package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/** A trained (unfused) model: its definition and parameters. Parameters stay inside the engine. */
public interface TrainedModel {
    NetworkDefinition definition();

    /**
     * Where the model came from: seed, metrics and the manifest of the data it was trained on; null only for
     * models built in memory without it.
     */
    default Provenance provenance() {
        return null;
    }
}

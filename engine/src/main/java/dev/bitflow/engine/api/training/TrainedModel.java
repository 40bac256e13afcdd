package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/** A trained (unfused) model: its definition, parameters and where it came from. */
public interface TrainedModel {
    NetworkDefinition definition();

    /** Every parameter, read-only copies, in the definition's layer order (names and layouts: {@link ModelParameter}). */
    java.util.List<ModelParameter> parameterValues();

    /**
     * Where the model came from: seed, metrics and the manifest of the data it was trained on (for an imported
     * model, the file); null only for models built in memory without it.
     */
    default Provenance provenance() {
        return null;
    }
}

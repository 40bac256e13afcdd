package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/** A trained (unfused) model: its definition, parameters and where it came from. */
public interface TrainedModel {
    NetworkDefinition definition();

    /** Every parameter, read-only copies, in the definition's layer order (names and layouts: {@link ModelParameter}). */
    java.util.List<ModelParameter> parameterValues();

    /** Where it came from (seed, data, metrics; for an imported model, the file). */
    Provenance provenance();
}

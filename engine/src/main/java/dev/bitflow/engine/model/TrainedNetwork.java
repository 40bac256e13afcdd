package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;

/** A trained network inside the engine: definition, parameters (see {@link ParameterSet}) and provenance. */
public record TrainedNetwork(NetworkDefinition definition, ParameterSet parameters, Provenance provenance)
        implements TrainedModel {
}

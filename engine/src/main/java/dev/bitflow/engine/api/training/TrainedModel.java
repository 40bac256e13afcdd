package dev.bitflow.engine.api.training;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/** A trained (unfused) model: its definition and parameters. Parameters stay inside the engine. */
public interface TrainedModel {
    NetworkDefinition definition();

    /** Where it came from (seed, data, epochs, final metrics, JDK, date, version), or null when not recorded. */
    default Provenance provenance() {
        return null;
    }
}

package dev.bitflow.engine.model;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.api.training.TrainedModel;

/** A trained network inside the engine: definition, parameters (see {@link ParameterSet}) and provenance. */
public record TrainedNetwork(NetworkDefinition definition, ParameterSet parameters, Provenance provenance)
        implements TrainedModel {
    /** The engine's network behind {@code model}; a {@link BadInputException} for any other implementation. */
    public static TrainedNetwork of(TrainedModel model) {
        if (model instanceof TrainedNetwork n) {
            return n;
        }
        throw new BadInputException("not a trained model of this engine: " + model);
    }

    @Override
    public java.util.List<dev.bitflow.engine.api.training.ModelParameter> parameterValues() {
        java.util.List<dev.bitflow.engine.api.training.ModelParameter> out = new java.util.ArrayList<>();
        parameters.asMap().forEach((layer, byName) -> byName.forEach((name, t) ->
                out.add(new dev.bitflow.engine.api.training.ModelParameter(layer, name, t.shape(), t.data()))));
        return out;
    }
}

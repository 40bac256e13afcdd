package dev.bitflow.engine.io;

import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code .bfm} file holds: the trained network (definition, parameters, provenance), extra tensors
 * (checkpoint state such as optimiser moments {@code opt/<layer>/<param>/m}; empty for a finished model) and
 * small string properties (for example {@code epoch}, {@code step}, {@code rng}). Maps keep file order and
 * are unmodifiable.
 */
public record BfmContents(TrainedNetwork model, Map<String, Tensor> extras, Map<String, String> properties) {
    public BfmContents {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether this is a training checkpoint (it carries extra state) rather than a finished model. */
    public boolean isCheckpoint() {
        return !extras.isEmpty();
    }
}

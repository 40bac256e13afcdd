package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.training.ModelParameter;
import java.util.List;
import java.util.Map;

/**
 * What an importer read.
 *
 * @param parameters the arrays, by layer and parameter name (the engine checks names, shapes and values)
 * @param metadata   what the file says about its training, for the provenance: recognised keys are {@code seed},
 *                   {@code epochs}, {@code datasetId}, {@code datasetSha256}, {@code framework} and metrics as
 *                   {@code metric.NAME}; values as text
 * @param origin     where the weights came from, for the provenance (for example the file and its SHA-256)
 * @param problems   what the importer could not read, by parameter key ({@code layer/param}) or entry name: an
 *                   entry of no parameter the definition has, a malformed or misshapen array; the engine lists them
 *                   with its own checks in one message (and does not call those parameters missing)
 */
public record ImportedWeights(List<ModelParameter> parameters, Map<String, String> metadata, String origin,
                              Map<String, String> problems) {
    public ImportedWeights {
        parameters = List.copyOf(parameters);
        metadata = Map.copyOf(metadata);
        problems = Map.copyOf(problems);
    }
}

package dev.bitflow.engine.io;

import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;

/**
 * The definition inside model files ({@code definition.json}): exactly the {@code *.bitflow.json} format of
 * the definition codec ({@link DefaultDefinitionService#toJson}/{@link DefaultDefinitionService#parse}), with
 * its strict reading (errors name the JSON path and line) and its own format version.
 */
final class DefinitionText {
    private final DefinitionService definitions = new DefaultDefinitionService();

    String toJson(NetworkDefinition definition) {
        return definitions.toJson(definition);
    }

    /** Parses; {@code source} names the file and entry in error messages. */
    NetworkDefinition parse(String json, String source) {
        return definitions.parse(json, source);
    }
}

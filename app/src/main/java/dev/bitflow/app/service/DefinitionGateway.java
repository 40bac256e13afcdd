package dev.bitflow.app.service;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Path;

/**
 * What the architecture editor needs from the engine's definition service: files, JSON and the live check.
 * One adapter ({@link EngineDefinitionGateway}) maps it onto {@code engine.api}; the editor's ViewModel
 * depends on this small port only. Errors are {@link dev.bitflow.engine.api.BadInputException}s whose
 * message can be shown as it is.
 */
public interface DefinitionGateway {
    NetworkDefinition load(Path file);

    /** Writes atomically (temp file in the same folder, then move). */
    void save(NetworkDefinition definition, Path file);

    String toJson(NetworkDefinition definition);

    NetworkDefinition parse(String json, String sourceName);

    /** Shapes per layer and design issues. Fast (no I/O): the editor calls it on every edit. */
    DefinitionCheck check(NetworkDefinition definition);
}

package dev.bitflow.engine.model;

import dev.bitflow.engine.api.definition.DefinitionService;

/** Definitions: JSON codec, shape inference and design checks. */
public final class DefaultDefinitionService implements DefinitionService {
}

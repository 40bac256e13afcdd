package dev.bitflow.engine.api.definition;

/** Network definitions: {@code *.bitflow.json} files, shape inference and design checks. */
public interface DefinitionService {
}

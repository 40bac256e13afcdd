package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a FILE argument: a definition file, or the name of a bundled sample (e.g. {@code fashion-bcnn}). */
final class DefinitionSource {
    private DefinitionSource() {
    }

    static NetworkDefinition load(DefinitionService definitions, String fileOrSample) {
        Path path = Path.of(fileOrSample);
        if (Files.exists(path)) {
            return definitions.load(path);
        }
        if (definitions.sampleNames().contains(fileOrSample)) {
            return definitions.sample(fileOrSample);
        }
        throw new BadInputException(fileOrSample + ": no such file (and no bundled sample of that name; samples: "
                + String.join(", ", definitions.sampleNames()) + ")");
    }
}

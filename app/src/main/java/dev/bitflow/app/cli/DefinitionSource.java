package dev.bitflow.app.cli;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a FILE argument to a definition: a definition file, a trained ({@code .bfm}) or fused
 * ({@code .bff}) model file (the definition stored inside it), or the name of a bundled sample
 * (e.g. {@code fashion-bcnn}).
 */
final class DefinitionSource {
    private DefinitionSource() {
    }

    static NetworkDefinition load(Engine engine, String fileOrSample) {
        Path path = Path.of(fileOrSample);
        if (Files.exists(path) && isTrainedModel(fileOrSample)) {
            return engine.training().load(path).definition();
        }
        if (Files.exists(path) && isFusedModel(fileOrSample)) {
            return engine.fusion().loadFused(path).definition();
        }
        return load(engine.definitions(), fileOrSample);
    }

    static boolean isTrainedModel(String file) {
        return file.endsWith(".bfm");
    }

    static boolean isFusedModel(String file) {
        return file.endsWith(".bff");
    }

    private static NetworkDefinition load(DefinitionService definitions, String fileOrSample) {
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

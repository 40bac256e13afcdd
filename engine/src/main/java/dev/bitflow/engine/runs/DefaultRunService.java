package dev.bitflow.engine.runs;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.DefinitionService;
import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.api.runs.RunService;
import dev.bitflow.engine.api.runs.RunWorkspace;
import dev.bitflow.engine.api.training.TrainingService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens {@link FolderRunWorkspace}s; the default one is {@code bitflow/runs} in the user's data folder. */
public final class DefaultRunService implements RunService {
    private final DefinitionService definitions;
    private final TrainingService training;
    private final FusionService fusion;

    public DefaultRunService(DefinitionService definitions, TrainingService training, FusionService fusion) {
        this.definitions = definitions;
        this.training = training;
        this.fusion = fusion;
    }

    @Override
    public Path defaultFolder() {
        return UserDataFolder.of(System.getProperty("os.name"), System.getenv(), System.getProperty("user.home"))
                .resolve("bitflow").resolve("runs");
    }

    @Override
    public RunWorkspace open(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BadInputException("cannot use " + folder + " as the runs workspace: " + e.getMessage(), e);
        }
        return new FolderRunWorkspace(folder, definitions, training, fusion);
    }
}

package dev.bitflow.app.service;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Path;

/** {@link DefinitionGateway} on the engine's definition service. */
public final class EngineDefinitionGateway implements DefinitionGateway {
    private final Engine engine;

    public EngineDefinitionGateway(Engine engine) {
        this.engine = engine;
    }

    private static BadInputException notYet() {
        return new BadInputException("definition files need the engine's definition service, not in this build yet");
    }

    @Override
    public NetworkDefinition load(Path file) {
        throw notYet();
    }

    @Override
    public void save(NetworkDefinition definition, Path file) {
        throw notYet();
    }

    @Override
    public String toJson(NetworkDefinition definition) {
        throw notYet();
    }

    @Override
    public NetworkDefinition parse(String json, String sourceName) {
        throw notYet();
    }

    @Override
    public DefinitionCheck check(NetworkDefinition definition) {
        return DefinitionCheck.EMPTY;
    }

    /** The definition the workbench opens with. */
    public NetworkDefinition startDefinition() {
        return new NetworkDefinition(NetworkDefinition.CURRENT_FORMAT_VERSION, "untitled", "",
                dev.bitflow.engine.api.definition.Shape.spatial(1, 28, 28), java.util.List.of(),
                new dev.bitflow.engine.api.definition.TrainingSpec(dev.bitflow.engine.api.definition.Optimizer.ADAM,
                        1e-3, 0.9, dev.bitflow.engine.api.definition.LrSchedule.CONSTANT, 10, 100, 42, 0.1),
                new dev.bitflow.engine.api.definition.DatasetRef("fashion-mnist", java.util.List.of(),
                        dev.bitflow.engine.api.definition.Normalization.UNIT));
    }
}

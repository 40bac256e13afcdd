package dev.bitflow.engine.train;

import dev.bitflow.engine.api.training.TrainingService;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.model.DefaultDefinitionService;

/** Training with ND4J, evaluation and model files. */
public final class DefaultTrainingService implements TrainingService {
    private final DefaultDefinitionService definitions;
    private final DefaultDatasetService datasets;

    public DefaultTrainingService(DefaultDefinitionService definitions, DefaultDatasetService datasets) {
        this.definitions = definitions;
        this.datasets = datasets;
    }
}

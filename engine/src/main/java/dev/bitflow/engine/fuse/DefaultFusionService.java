package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.fusion.FusionService;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.train.DefaultTrainingService;

/** BatchShift fusion, fused models, verification and benchmarks. */
public final class DefaultFusionService implements FusionService {
    private final DefaultDatasetService datasets;
    private final DefaultTrainingService training;

    public DefaultFusionService(DefaultDatasetService datasets, DefaultTrainingService training) {
        this.datasets = datasets;
        this.training = training;
    }
}

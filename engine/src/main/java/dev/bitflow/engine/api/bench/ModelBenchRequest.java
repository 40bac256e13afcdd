package dev.bitflow.engine.api.bench;

import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.training.TrainedModel;

/**
 * A trained model's fused network timed on a test set against a float network on ND4J.
 *
 * @param model        the fused network to time (fused from a trained model, or loaded from a fused model file)
 * @param twin         the float network to compare with (another trained model, e.g. a float network of the same
 *                     shape), or null for the model's own float network (which a fused model file does not hold)
 * @param twinLabel    how to name the twin in the report (its file), or null for the model's own float network
 * @param data         the test data, or null for the data set the model was trained on
 * @param threads      threads of the fused network (the examples are split between them); ND4J uses its own OpenMP
 *                     threads ({@code OMP_NUM_THREADS})
 * @param warmupRuns   untimed passes over the test images per side (at least; warm-up continues until the side ran
 *                     for 5 s, unless this is 0)
 * @param measuredRuns timed passes per side; the median is reported
 * @param limit        at most this many test images, or 0 for all
 */
public record ModelBenchRequest(FusedModel model, TrainedModel twin, String twinLabel, DataLocation data, int threads,
                                int warmupRuns, int measuredRuns, int limit) {
    public static final int DEFAULT_WARMUP_RUNS = 1;
    public static final int DEFAULT_MEASURED_RUNS = 3;
    /** The least time each side runs before timing starts (unless {@code warmupRuns} is 0). */
    public static final long MIN_WARMUP_NANOS = 5_000_000_000L;
    /** Examples per ND4J call on the float side. */
    public static final int FLOAT_BATCH = 100;

    public ModelBenchRequest {
        if (model == null) {
            throw new IllegalArgumentException("no model to bench");
        }
        if (threads < 1 || warmupRuns < 0 || measuredRuns < 1 || limit < 0) {
            throw new IllegalArgumentException("threads and measured runs must be >= 1, warm-up runs and limit >= 0");
        }
    }
}

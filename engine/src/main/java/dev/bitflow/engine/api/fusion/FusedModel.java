package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/**
 * A BatchShift-fused model, as a value the caller keeps: fused in memory from a trained model
 * ({@link FusionService#fuse(dev.bitflow.engine.api.training.TrainedModel, dev.bitflow.engine.api.TaskMonitor)})
 * or loaded from a {@code *.bff} file ({@link FusionService#loadFused}). Evaluation, saving, verification,
 * step-through and the activation analyses take it, so a model is fused once however often it is looked at.
 * Immutable; the fused network inside stays in the engine.
 *
 * <p>Verification and the step-through compare the fused network with the float network it came from, so they
 * need a fused model made by {@code fuse} (one loaded from a file carries no float parameters).
 */
public interface FusedModel {
    /** The unfused definition it was fused from. */
    NetworkDefinition definition();

    /** Its layers' BatchShift statistics. */
    FusionSummary summary();

    /** Where it came from: the file it was loaded from, or the trained model it was fused from. */
    String source();

    /**
     * What it holds, as read-only values (weights, thresholds, BatchShift integers, flags, pools, shapes), for
     * exporters and reports. Running the layers as their Javadoc says reproduces the fused engine's predictions.
     */
    FusedModelContent content();
}

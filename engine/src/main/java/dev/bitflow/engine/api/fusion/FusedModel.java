package dev.bitflow.engine.api.fusion;

import dev.bitflow.engine.api.definition.NetworkDefinition;

/** A fused model loaded from a {@code *.bff} file, runnable by {@link FusionService#evaluate}. */
public interface FusedModel {
    /** The unfused definition it was fused from. */
    NetworkDefinition definition();

    /** Its layers' BatchShift statistics. */
    FusionSummary summary();

    /** Where it was loaded from. */
    String source();

    /**
     * What it holds, as read-only values (weights, thresholds, BatchShift integers, flags, pools, shapes), for
     * exporters and reports. Running the layers as their Javadoc says reproduces the fused engine's predictions.
     */
    FusedModelContent content();
}

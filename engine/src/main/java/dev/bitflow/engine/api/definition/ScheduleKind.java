package dev.bitflow.engine.api.definition;

/**
 * Learning-rate schedule. {@link #CONSTANT}; {@link #STEP}: multiply by {@code gamma} every
 * {@code stepEpochs}; {@link #COSINE}: cosine decay from the base rate to 0 over all steps;
 * {@link #ONE_CYCLE}: linear warm-up to the base (maximum) rate over {@code warmupFraction} of the steps,
 * then cosine decay to 0.
 */
public enum ScheduleKind {
    CONSTANT,
    STEP,
    COSINE,
    ONE_CYCLE
}

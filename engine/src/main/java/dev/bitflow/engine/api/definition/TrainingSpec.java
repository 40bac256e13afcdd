package dev.bitflow.engine.api.definition;

/**
 * How to train a definition. {@code learningRate} is the base (for one-cycle: the maximum) rate;
 * {@code momentum} is used by SGD only; {@code validationFraction} of the training set is held out
 * (seeded) for validation metrics.
 */
public record TrainingSpec(Optimizer optimizer, double learningRate, double momentum, LrSchedule schedule,
                           int epochs, int batchSize, long seed, double validationFraction) {
}

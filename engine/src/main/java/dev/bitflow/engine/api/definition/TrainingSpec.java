package dev.bitflow.engine.api.definition;

/**
 * How to train a definition. {@code learningRate} is the base (for one-cycle: the maximum) rate;
 * {@code momentum} is used by SGD only; {@code validationFraction} of the training set is held out
 * (seeded) for validation metrics.
 */
public record TrainingSpec(Optimizer optimizer, double learningRate, double momentum, LrSchedule schedule,
                           int epochs, int batchSize, long seed, double validationFraction) {
    public TrainingSpec withLearningRate(double newLearningRate) {
        return new TrainingSpec(optimizer, newLearningRate, momentum, schedule, epochs, batchSize, seed,
                validationFraction);
    }

    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(optimizer, learningRate, momentum, schedule, newEpochs, batchSize, seed,
                validationFraction);
    }

    public TrainingSpec withBatchSize(int newBatchSize) {
        return new TrainingSpec(optimizer, learningRate, momentum, schedule, epochs, newBatchSize, seed,
                validationFraction);
    }

    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(optimizer, learningRate, momentum, schedule, epochs, batchSize, newSeed,
                validationFraction);
    }

    public TrainingSpec withValidationFraction(double newValidationFraction) {
        return new TrainingSpec(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed,
                newValidationFraction);
    }
}

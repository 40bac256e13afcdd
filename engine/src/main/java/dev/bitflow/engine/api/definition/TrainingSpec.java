package dev.bitflow.engine.api.definition;

/**
 * How to train a definition. {@code learningRate} is the base (for one-cycle: the maximum) rate;
 * {@code momentum} is used by SGD only; {@code validationFraction} of the training set is held out
 * (seeded) for validation metrics; {@code augmentation} changes training examples at random (never null).
 */
public record TrainingSpec(Optimizer optimizer, double learningRate, double momentum, LrSchedule schedule,
                           int epochs, int batchSize, long seed, double validationFraction,
                           Augmentation augmentation) {
    public TrainingSpec {
        augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    }

    /** A spec without augmentation. */
    public TrainingSpec(Optimizer optimizer, double learningRate, double momentum, LrSchedule schedule, int epochs,
                        int batchSize, long seed, double validationFraction) {
        this(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed, validationFraction,
                Augmentation.NONE);
    }

    /** This spec with another augmentation. */
    public TrainingSpec withAugmentation(Augmentation a) {
        return new TrainingSpec(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed,
                validationFraction, a);
    }

    /**
     * This training section with the hyperparameters a run sets instead (the CLI's {@code train} options, the
     * Training view's fields); a null keeps this section's value.
     */
    public TrainingSpec withOverrides(Double newLearningRate, Integer newEpochs, Integer newBatchSize, Long newSeed,
                                      Double newValidationFraction) {
        return new TrainingSpec(optimizer, newLearningRate != null ? newLearningRate : learningRate, momentum,
                schedule, newEpochs != null ? newEpochs : epochs, newBatchSize != null ? newBatchSize : batchSize,
                newSeed != null ? newSeed : seed,
                newValidationFraction != null ? newValidationFraction : validationFraction, augmentation);
    }
}

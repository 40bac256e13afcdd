package dev.bitflow.engine.data;

/**
 * A training split divided into the part that is trained on and a held-out validation part (empty when the
 * validation fraction is 0). Both come from one seeded shuffle, so they never share an example.
 */
public record TrainValidation(LabeledData train, LabeledData validation) {
}

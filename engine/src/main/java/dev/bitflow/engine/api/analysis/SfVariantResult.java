package dev.bitflow.engine.api.analysis;

/**
 * One variant's end-to-end result on the test examples.
 *
 * @param accuracy            correct / examples
 * @param predictionAgreement fraction of examples whose prediction equals the {@link SfVariant#TRAINED} one
 */
public record SfVariantResult(SfVariant variant, String description, int examples, int correct, double accuracy,
                              int predictionsAgreeing, double predictionAgreement) {
}

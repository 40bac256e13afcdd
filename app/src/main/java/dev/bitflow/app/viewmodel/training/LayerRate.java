package dev.bitflow.app.viewmodel.training;

/**
 * Live statistics of one layer during training: for a sign layer the fraction of +1 outputs, for a binary
 * weight layer the fraction of weight signs the last step flipped ({@code NaN} where it does not apply).
 */
public record LayerRate(String layer, double plusOneRate, double signFlipRate) {
}

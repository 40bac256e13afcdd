package dev.bitflow.engine.api.fusion;

/**
 * Agreement of one output channel of one fused layer with the float path over a data set.
 *
 * @param bits       activation bits compared (positions x examples)
 * @param agreeing   bits equal in both paths
 * @param mismatches bits that differ
 * @param ties       of the mismatches, those whose float pre-sign value is a rounding tie
 */
public record ChannelAgreement(int channel, long bits, long agreeing, long mismatches, long ties) {
}

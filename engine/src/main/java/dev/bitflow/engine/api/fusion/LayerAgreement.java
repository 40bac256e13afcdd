package dev.bitflow.engine.api.fusion;

import java.util.List;

/**
 * Agreement of one fused layer's output bits with the float path's sign outputs, over a data set. Each layer
 * is checked on the float path's own input bits (so a tie in an earlier layer cannot cascade into this one);
 * the end-to-end agreement is the report's prediction agreement.
 *
 * @param name         the block's linear layer name
 * @param kind         {@code first}, {@code binary} or {@code output}
 * @param bitAgreement agreeing / bits (1.0 when equal everywhere)
 * @param mismatches   differing bits
 * @param ties         mismatches explained by a float32 rounding tie
 * @param nearTies     float pre-sign values within the tie bound of 0, mismatching or not
 * @param channels     per channel, index = channel (empty for the output layer)
 */
public record LayerAgreement(String name, String kind, long bits, long agreeing, double bitAgreement, long mismatches,
                             long ties, long nearTies, List<ChannelAgreement> channels) {
    public LayerAgreement {
        channels = List.copyOf(channels);
    }

    public long mismatchesOutsideTies() {
        return mismatches - ties;
    }
}

package dev.bitflow.engine.api.analysis;

import java.util.List;

/**
 * One analysed binary layer: a conv2d or dense layer with binary weights on ±1 input, followed by BatchNorm and
 * sign (max pools may sit between them).
 *
 * @param name              the conv2d / dense layer
 * @param kind              {@code conv} or {@code dense}
 * @param batchNorm         the BatchNorm layer after it
 * @param fanIn             K, the dot-product length (kernel * kernel * in-channels, or dense inputs); |s| &lt;= K
 * @param positions         sign outputs per channel and example (after any max pool before BatchNorm)
 * @param scalingFactor     whether the layer has an XNOR-Net scaling factor (without one alpha = 1 throughout)
 * @param flipped           channels with gamma &lt; 0
 * @param constant          channels with gamma == 0 or alpha == 0
 * @param zeroAlpha         channels with alpha == 0 (all latent weights 0): alpha cannot be divided out, so
 *                          every variant keeps alpha there
 * @param thresholdChanges  per variant (RESCALED, RESCALED_EPS_KEPT, REESTIMATED), how many channels' integer
 *                          threshold differs from the trained one, in that order
 * @param agreement         per variant other than TRAINED, sign-output agreement with the trained model
 * @param channels          per channel, index = channel
 */
public record SfLayerReport(String name, String kind, String batchNorm, int fanIn, int channelCount, int positions,
                            boolean scalingFactor, int flipped, int constant, int zeroAlpha,
                            List<Integer> thresholdChanges, List<SfAgreement> agreement,
                            List<SfChannelReport> channels) {
    public SfLayerReport {
        thresholdChanges = List.copyOf(thresholdChanges);
        agreement = List.copyOf(agreement);
        channels = List.copyOf(channels);
    }

    /** The agreement of {@code variant} (TRAINED: everything agrees). */
    public SfAgreement agreement(SfVariant variant) {
        long bits = agreement.isEmpty() ? 0 : agreement.get(0).bits();
        return find(agreement, variant, bits);
    }

    static SfAgreement find(List<SfAgreement> list, SfVariant variant, long bits) {
        for (SfAgreement a : list) {
            if (a.variant() == variant) {
                return a;
            }
        }
        if (variant == SfVariant.TRAINED) {
            return new SfAgreement(variant, bits, bits, 0, bits);
        }
        throw new IllegalArgumentException("no agreement for " + variant);
    }
}

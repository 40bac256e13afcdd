package dev.bitflow.engine.api.analysis;

import java.util.List;

/**
 * One output channel c of an analysed binary layer. The layer computes the integer dot product s of its ±1 input
 * with {@code sign(W_c)}, then {@code y = alpha * s + b}, BatchNorm {@code z = gamma (y - mu) / sigma + beta}
 * with {@code sigma = sqrt(var + eps)}, and {@code sign(z)} (sign(0) = +1).
 *
 * <p>Thresholds (doubles, computed in double precision from the float32 parameters and the float network's
 * float32 sigma):
 * <ul>
 *   <li>{@code thresholdY = mu - beta * sigma / gamma}: BatchNorm's threshold on y ({@code z >= 0 <=> y >= it}
 *       for gamma &gt; 0, {@code y <= it} for gamma &lt; 0); what the threshold is when alpha is ignored.</li>
 *   <li>{@code tauWithAlpha = (thresholdY - b) / alpha}: BatchShift's tau (docs/fusion.md), the threshold on s as trained.</li>
 *   <li>{@code tauWithoutAlpha = mu' - beta sigma' / gamma - b} with the rescaled statistics of
 *       {@link SfVariant#RESCALED} ({@code mu' = (mu - b)/alpha + b}, {@code sigma' = sigma / alpha}, sigma the
 *       float network's float32 {@code sqrt(var + eps)}): equal to tauWithAlpha in exact arithmetic (here up to
 *       double rounding).</li>
 *   <li>{@code tauWithoutAlphaEpsKept}: the same with {@code sigma' = sqrt(var/alpha^2 + eps)}.</li>
 *   <li>{@code tauReestimated}: with the re-estimated statistics of {@link SfVariant#REESTIMATED}.</li>
 * </ul>
 * Integer thresholds t are exact (decided with exact rational arithmetic on the float32 parameters each variant
 * really uses): the output is +1 iff {@code s >= t} when gamma &gt; 0, iff {@code s <= t} when gamma &lt; 0
 * ({@code flipped}); they are clamped to {@code [-K, K + 1]} resp. {@code [-K - 1, K]} (always -1 / +1) and are 0
 * for constant channels.
 *
 * @param alpha          the scaling factor mean|W_c| (1 when the layer has none)
 * @param flipped        gamma &lt; 0: the output falls as s grows
 * @param constant       gamma == 0 (or alpha == 0): the output does not depend on s
 * @param constantValue  the constant output (+1 = true) of a constant channel
 * @param rescaledMean   mu' of {@link SfVariant#RESCALED}, as float32
 * @param rescaledVar    var' of {@link SfVariant#RESCALED}, as float32
 * @param rescaledEpsilon eps' of {@link SfVariant#RESCALED}
 * @param reestimatedMean mean of y' = s + b over the training examples ({@link SfVariant#REESTIMATED})
 * @param reestimatedVar  its (population) variance
 * @param histogram      the integer pre-activations s of the model as trained, over the test examples
 * @param agreement      per variant other than TRAINED, how its sign outputs agree with the trained ones
 */
public record SfChannelReport(int channel, double alpha, double gamma, double beta, double mean, double var,
                              double epsilon, double bias, boolean flipped, boolean constant, boolean constantValue,
                              double thresholdY, double tauWithAlpha, double tauWithoutAlpha,
                              double tauWithoutAlphaEpsKept, double tauReestimated, int intThreshold,
                              int intThresholdRescaled, int intThresholdEpsKept, int intThresholdReestimated,
                              double rescaledMean, double rescaledVar, double rescaledEpsilon,
                              double reestimatedMean, double reestimatedVar, SfHistogram histogram,
                              List<SfAgreement> agreement) {
    public SfChannelReport {
        agreement = List.copyOf(agreement);
    }

    /** The agreement of {@code variant} (TRAINED: everything agrees). */
    public SfAgreement agreement(SfVariant variant) {
        return SfLayerReport.find(agreement, variant, histogram.total());
    }
}

package dev.bitflow.engine.api.analysis;

import java.util.List;

/**
 * The SF cancellation report of a trained model: why the XNOR-Net scaling factor alpha does not matter at
 * inference once BatchNorm follows (the BitFlow-Net paper; docs/sf-report.md). For alpha &gt; 0, {@code BN(alpha s + b)} with statistics
 * (mu, var, eps) equals {@code BN(s + b)} with statistics ({@code (mu - b)/alpha + b}, {@code var/alpha^2},
 * {@code eps/alpha^2}) exactly, so removing alpha only rescales a threshold. Variant
 * {@link SfVariant#RESCALED} shows the exact identity (disagreements only at float32 rounding ties);
 * {@link SfVariant#REESTIMATED} shows that a network without alpha would learn the same statistics.
 *
 * @param model          the model's name
 * @param testData       which test examples (data set, location, count)
 * @param trainData      which training examples re-estimated the statistics
 * @param testExamples   test examples used
 * @param trainExamples  training examples used
 * @param variants       end-to-end accuracy of each variant, in {@link SfVariant} order
 * @param layers         the analysed layers in network order
 * @param tieDefinition  when a pre-sign value counts as a float32 rounding tie
 */
public record SfReport(String model, String testData, String trainData, int testExamples, int trainExamples,
                       List<SfVariantResult> variants, List<SfLayerReport> layers, String tieDefinition) {
    public SfReport {
        variants = List.copyOf(variants);
        layers = List.copyOf(layers);
    }

    /** The result of {@code v}. */
    public SfVariantResult variant(SfVariant v) {
        for (SfVariantResult r : variants) {
            if (r.variant() == v) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result for " + v);
    }
}

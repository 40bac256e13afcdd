package dev.bitflow.engine.api.fusion;

import java.util.List;

/**
 * Proof of equivalence of a fused network with its float (unfused) path over a data set: per layer and
 * channel how many activation bits agree, each mismatch with its float pre-sign value, and how often the
 * predictions agree.
 *
 * @param model                  the model's name
 * @param data                   what was run, e.g. {@code fashion-mnist test (standard), 10000 examples}
 * @param examples               examples run
 * @param predictionAgreement    fraction of examples where both paths predict the same class
 * @param predictionsAgreeing    count of such examples
 * @param floatAccuracy          accuracy of the float path
 * @param fusedAccuracy          accuracy of the fused path
 * @param outputScoreMismatches  examples whose class scores (on the float path's input bits) are not
 *                               bit-identical to the float path's
 * @param mismatchesOutsideTies  mismatching bits not explained by a tie: 0 for a correct fusion
 * @param layers                 per fused layer, in order
 * @param mismatches             the mismatches (at most {@code mismatchLimit}; all counts stay exact)
 * @param mismatchesTruncated    whether the list was cut
 * @param tieDefinition          how a tie is defined, in words
 */
public record VerificationReport(String model, String data, int examples, double predictionAgreement,
                                 int predictionsAgreeing, double floatAccuracy, double fusedAccuracy,
                                 int outputScoreMismatches, long mismatchesOutsideTies, List<LayerAgreement> layers,
                                 List<Mismatch> mismatches, boolean mismatchesTruncated, String tieDefinition) {
    public VerificationReport {
        layers = List.copyOf(layers);
        mismatches = List.copyOf(mismatches);
    }

    /** True when every mismatch is a tie and every prediction agrees. */
    public boolean equivalent() {
        return mismatchesOutsideTies == 0 && predictionsAgreeing == examples;
    }
}

package dev.bitflow.engine.api.fusion;

import java.util.List;
import java.util.Locale;

/**
 * Proof of equivalence of a fused network with its float (unfused) network over a data set: per layer and
 * channel how many activation bits agree, each mismatch with its float pre-sign value, and how often the
 * predictions agree; {@link #verdict()} sums it up.
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
 * @param nonFiniteValues        pre-sign values and class scores of the float network that are NaN or infinite
 * @param layers                 per fused layer, in order
 * @param mismatches             the mismatches (at most {@code mismatchLimit}; all counts stay exact)
 * @param mismatchesTruncated    whether the list was cut
 * @param tieDefinition          how a tie is defined, in words
 */
public record VerificationReport(String model, String data, int examples, double predictionAgreement,
                                 int predictionsAgreeing, double floatAccuracy, double fusedAccuracy,
                                 int outputScoreMismatches, long mismatchesOutsideTies, long nonFiniteValues,
                                 List<LayerAgreement> layers, List<Mismatch> mismatches, boolean mismatchesTruncated,
                                 String tieDefinition) {
    public VerificationReport {
        layers = List.copyOf(layers);
        mismatches = List.copyOf(mismatches);
    }

    /** Mismatching activation bits in all layers, ties included. */
    public long mismatchingBits() {
        return layers.stream().mapToLong(LayerAgreement::mismatches).sum();
    }

    /** Mismatching activation bits that are float32 rounding ties. */
    public long ties() {
        return layers.stream().mapToLong(LayerAgreement::ties).sum();
    }

    /**
     * {@link Verdict#DIFFERENT} if any prediction differs, any bit differs outside a tie, any class score differs
     * or any float value is NaN or infinite; else {@link Verdict#EQUAL_UP_TO_TIES} if some bits differ (all at
     * ties); else {@link Verdict#EQUAL}.
     */
    public Verdict verdict() {
        if (predictionsAgreeing != examples || mismatchesOutsideTies != 0 || outputScoreMismatches != 0
                || nonFiniteValues != 0) {
            return Verdict.DIFFERENT;
        }
        return mismatchingBits() == 0 ? Verdict.EQUAL : Verdict.EQUAL_UP_TO_TIES;
    }

    /** The verdict with the counts that decide it, in one or two sentences (the CLI and the GUI show this). */
    public String verdictSentence() {
        long ties = ties();
        String tieWords = plural(ties, "differing bit") + (ties == 1 ? " is a" : " are") + " float32 rounding tie"
                + (ties == 1 ? "" : "s") + " of the float network (pre-sign value within the proven rounding bound of 0)";
        return switch (verdict()) {
            case EQUAL -> String.format(Locale.ROOT, "Equal: every activation bit, class score and prediction of the"
                    + " fused network equals the float network's on %s.", plural(examples, "example"));
            case EQUAL_UP_TO_TIES -> String.format(Locale.ROOT, "Equal up to float32 ties: %s; all %,d predictions"
                    + " agree.", tieWords, examples);
            case DIFFERENT -> {
                StringBuilder why = new StringBuilder();
                if (predictionsAgreeing != examples) {
                    why.append(String.format(Locale.ROOT, "; %,d of %,d predictions differ", examples - predictionsAgreeing,
                            examples));
                }
                if (mismatchesOutsideTies != 0) {
                    why.append("; ").append(plural(mismatchesOutsideTies, "bit")).append(" differ")
                            .append(mismatchesOutsideTies == 1 ? "s" : "").append(" outside float32 ties");
                }
                if (ties != 0) {
                    why.append("; ").append(tieWords);
                }
                if (outputScoreMismatches != 0) {
                    why.append("; ").append(plural(outputScoreMismatches, "example")).append(" with different class scores");
                }
                if (nonFiniteValues != 0) {
                    why.append("; ").append(plural(nonFiniteValues, "float value")).append(" NaN or infinite");
                }
                yield "Different" + why.toString().replaceFirst("^; ", ": ") + ".";
            }
        };
    }

    private static String plural(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}

package dev.bitflow.engine.api.analysis;

/**
 * How many sign outputs of one layer (or channel) a variant shares with the model as trained.
 *
 * <p><b>Local</b> counts apply the variant's threshold to the trained model's own integer pre-activations, so
 * they isolate this layer's threshold (no difference cascades from earlier layers). <b>Cascaded</b> counts
 * compare the sign outputs of the two networks each run on its own from the image, so they include every
 * difference that earlier layers passed on.
 *
 * @param bits              sign outputs compared (examples x positions [x channels])
 * @param agreeing          locally equal sign outputs
 * @param ties              local disagreements where either pre-sign value lies within float32 rounding of 0
 *                          (see {@link SfReport#tieDefinition()})
 * @param cascadedAgreeing  equal sign outputs of the two networks run end to end
 */
public record SfAgreement(SfVariant variant, long bits, long agreeing, long ties, long cascadedAgreeing) {
    /** agreeing / bits (1 when there are none). */
    public double agreement() {
        return bits == 0 ? 1.0 : (double) agreeing / bits;
    }

    /** cascadedAgreeing / bits. */
    public double cascadedAgreement() {
        return bits == 0 ? 1.0 : (double) cascadedAgreeing / bits;
    }

    /** Local disagreements not explained by a rounding tie (0 is the proof for {@link SfVariant#RESCALED}). */
    public long disagreeingOutsideTies() {
        return bits - agreeing - ties;
    }
}

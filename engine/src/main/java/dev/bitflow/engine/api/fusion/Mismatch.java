package dev.bitflow.engine.api.fusion;

/**
 * One activation bit where the fused layer and the float path disagree.
 *
 * @param example  index of the example in the data set
 * @param y        row of the output position (0 for dense layers)
 * @param x        column (0 for dense layers)
 * @param floatBit the float path's bit (true = +1)
 * @param preSign  the float path's pre-sign value (BatchNorm output) behind the bit; with a pool after the
 *                 BatchNorm, the window's value closest to a tie
 * @param tieBound the tie bound of that value (see {@link VerificationReport#tieDefinition()})
 * @param tie      {@code |preSign| <= tieBound}: explained by float32 rounding
 */
public record Mismatch(String layer, int example, int channel, int y, int x, boolean floatBit, float preSign,
                       double tieBound, boolean tie) {
}

package dev.bitflow.engine.api.fusion;

/**
 * One output bit of one fused binary layer, taken apart for teaching: the receptive field's input bits, the
 * (flip-applied) weight bits, their XNOR, the popcount, K_eff, the dot product s, the BatchShift and the
 * output bit; beside them the float path's pre-activation, BatchNorm value and sign at the same position.
 * Taps are ordered (ky, kx, input channel); a dense layer has one tap of K inputs. Positions are on the
 * layer's conv output grid (before any pooling of the block).
 *
 * @param inputBits   per tap and input channel, the input bit (false where padded)
 * @param valid       per tap and input channel, whether it counts (false for zero-padded taps)
 * @param weightBits  the packed weight bits as the kernel uses them (gamma &lt; 0 filters negated)
 * @param xnorBits    {@code !(input XOR weight)} where valid (true: the product is +1)
 * @param popcount    number of true XNOR bits
 * @param kEff        number of valid bits (K_eff)
 * @param dotProduct  {@code s' = 2 * popcount - K_eff} (after the flip, for ±1 padding modes the padded
 *                    values count as valid ±1 inputs)
 * @param batchShift  the channel's B
 * @param flipped     gamma &lt; 0: weights negated, so s' = -s
 * @param constant    gamma == 0 (or alpha == 0): the output is a constant
 * @param outputBit   the fused output: {@code s' + B >= 0}, or the constant
 * @param floatPreActivation the float path's {@code alpha * s + b} (with s unflipped)
 * @param floatBatchNorm     the float path's BatchNorm of it
 * @param floatSign          the float path's sign (true = +1)
 * @param alpha       the scaling factor (1 without SF)
 * @param mapRows     rows of {@code mapBits}: the conv output grid's height (1 for a dense layer)
 * @param mapCols     columns of it: the grid's width, or the number of units of a dense layer
 * @param mapBits     where the bit sits among its neighbours, row-major: for a conv layer the chosen channel's
 *                    fused output bit at every position of the grid (before pooling; this bit at ({@code y},
 *                    {@code x})), for a dense layer every unit's output bit (this one at column {@code channel})
 */
public record StepThrough(String layer, int example, int channel, int y, int x, int kernel, int inChannels,
                          boolean[] inputBits, boolean[] valid, boolean[] weightBits, boolean[] xnorBits, int popcount,
                          int kEff, int dotProduct, int batchShift, boolean flipped, boolean constant,
                          boolean outputBit, float floatPreActivation, float floatBatchNorm, boolean floatSign,
                          float alpha, int mapRows, int mapCols, boolean[] mapBits) {
    public StepThrough {
        if (mapBits.length != (long) mapRows * mapCols) {
            throw new IllegalArgumentException(mapBits.length + " map bits for " + mapRows + "x" + mapCols);
        }
    }

    /** The output bit at row {@code row}, column {@code col} of {@link #mapBits()}. */
    public boolean mapBit(int row, int col) {
        return mapBits[row * mapCols + col];
    }
}

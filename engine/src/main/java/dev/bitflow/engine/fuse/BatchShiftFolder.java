package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.definition.WeightLayerSpec;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;

/**
 * Folds the XNOR-Net scaling factor, the conv/dense bias, BatchNorm and sign of a binary layer into one
 * integer addition per channel (BitFlow-Net's BatchShift, IEEE Access 2019; docs/fusion.md).
 *
 * <h2>Derivation</h2>
 * A binary layer produces, per channel c, the integer dot product {@code s} of its ±1 input with
 * {@code sign(W_c)}, the float path's value {@code y = alpha * s + b} (alpha = mean|W_c| or 1 without SF,
 * b = bias or 0), then {@code z = gamma * (y - mu) / sigma + beta} with the float network's own float32
 * {@code sigma = sqrt(var + eps)} ({@link BnParameters#sigma}; the fusion takes that very number, so the float
 * network's epsilon handling is the fusion's), and the output {@code sign(z)} with sign(0) = +1. With alpha > 0:
 * <pre>
 *   tau = (mu - beta * sigma / gamma - b) / alpha
 *   gamma &gt; 0:  z >= 0  &lt;=&gt;  s >= tau  &lt;=&gt;  s >= ceil(tau)     B = -ceil(tau);  +1 iff s + B >= 0
 *   gamma &lt; 0:  z >= 0  &lt;=&gt;  s &lt;= tau  &lt;=&gt;  s &lt;= floor(tau)    negate W_c (s' = -s), B = floor(tau);
 *                                                              +1 iff s' + B >= 0
 *   gamma == 0: z = beta for every s: a constant channel, +1 iff beta >= 0 (so beta = 0 gives +1)
 *   alpha == 0 (all latent weights 0): y = b for every s: a constant channel, +1 iff z(b) >= 0
 * </pre>
 * Rounding tau to nearest would be wrong; ceil/floor are exact because s is an integer. tau is computed in
 * double precision, then <em>corrected exactly</em>: the candidate integer and its neighbour are checked
 * against {@link ExactBnSign} (BigDecimal, no rounding), and where the estimate is off by more than one the
 * threshold is found by bisection with the same exact test ({@link MonotoneSearch}), so the result is the
 * exact-real answer even when tau lies on an integer, in at most a few dozen exact tests. Since {@code |s| <= K_eff <= K}, the threshold is clamped to {@code [-K, K + 1]}
 * (a channel that is always +1 or always -1 keeps a valid shift), so {@code |B| <= K + 1}.
 *
 * <p>Zero padding makes {@code K_eff} smaller at the borders and changes the parity of s there; the rule
 * above does not depend on K_eff, so one B per channel serves every output position.
 */
public final class BatchShiftFolder implements FusionPass {
    @Override
    public String name() {
        return "BatchShift";
    }

    /** Folds every binary block of the state. */
    @Override
    public void apply(FusionState state) {
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            if (b.kind() == FusionBlock.Kind.BINARY) {
                LayerParameters lp = state.linear.get(i);
                int k = (int) ((WeightLayerSpec) b.linear()).dotLength(b.input());
                state.shifts.put(i, fold(b.name(), state.batchNorm.get(i), lp.alpha(), lp.bias(), k));
            }
        }
    }

    /**
     * Folds one layer.
     *
     * @param layer     the binary layer's name (for messages)
     * @param bn        the BatchNorm after it, or {@link BnParameters#identity}
     * @param alpha     per-channel scaling factor (float32 values as the float path uses them), or null for 1
     * @param bias      per-channel bias, or null for 0
     * @param dotLength K, the full dot-product length
     * @throws NotFusableException if a parameter is not finite, {@code var + eps <= 0}, alpha < 0, or K does
     *                             not fit the int16 shift
     */
    public BatchShift fold(String layer, BnParameters bn, float[] alpha, float[] bias, int dotLength) {
        int n = bn.channels();
        if (dotLength > Short.MAX_VALUE - 1) {
            throw new NotFusableException(layer, "dot-product length " + dotLength + " does not fit an int16 BatchShift");
        }
        short[] shift = new short[n];
        boolean[] flipped = new boolean[n];
        boolean[] constant = new boolean[n];
        boolean[] constantValue = new boolean[n];
        for (int c = 0; c < n; c++) {
            double a = alpha == null ? 1.0 : alpha[c];
            double b = bias == null ? 0.0 : bias[c];
            double gamma = bn.gamma()[c];
            if (!Double.isFinite(a) || a < 0 || !Double.isFinite(b)) {
                throw new NotFusableException(layer, "channel " + c + ": scaling factor " + a + " or bias " + b
                        + " is not a finite non-negative/finite value");
            }
            ExactBnSign exact = ExactBnSign.ofChannel(layer, bn, c);
            if (gamma == 0.0) {
                constant[c] = true;
                constantValue[c] = bn.beta()[c] >= 0;
                continue;
            }
            if (a == 0.0) {
                constant[c] = true;
                constantValue[c] = exact.nonNegative(b);
                continue;
            }
            double tau = (bn.threshold(c) - b) / a;
            int k = dotLength;
            if (gamma > 0) {
                // smallest s in [-K, K + 1] with z(s) >= 0 (K + 1: none)
                long t = MonotoneSearch.firstTrue(-k, k, estimate(Math.ceil(tau)), s -> exact.nonNegative(a, s, b));
                shift[c] = (short) -t;
            } else {
                // largest s in [-K - 1, K] with z(s) >= 0 (-K - 1: none); negated weights: s' = -s >= -t
                long t = MonotoneSearch.firstTrue(-k, k, estimate(Math.floor(tau)) + 1,
                        s -> !exact.nonNegative(a, s, b)) - 1;
                flipped[c] = true;
                shift[c] = (short) t;
            }
        }
        return new BatchShift(layer, dotLength, shift, flipped, constant, constantValue);
    }

    /** A double estimate as a search guess (NaN and infinities become 0; the search clamps it). */
    private static long estimate(double v) {
        return Double.isFinite(v) ? (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)) : 0;
    }
}

package dev.bitflow.engine.fuse;

import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.reference.BnParameters;

/**
 * Folds BatchNorm + sign after the first (float-input) layer into one float32 threshold per channel: no
 * multiply or divide remains after the conv (docs/fusion.md).
 *
 * <h2>Derivation</h2>
 * With the float network's float32 {@code sigma = sqrt(var + eps) > 0} ({@link BnParameters#sigma}): {@code z = gamma (y - mu) / sigma + beta >= 0} is, for
 * gamma &gt; 0, {@code y >= T} and, for gamma &lt; 0, {@code y <= T}, with {@code T = mu - beta sigma / gamma};
 * gamma == 0 makes the channel the constant {@code beta >= 0} (sign(0) = +1).
 * Because the layer's value y is itself a float32, the real T can be replaced by a float32 without any
 * loss: for gamma &gt; 0 the smallest float {@code Tf} with {@code z(Tf) >= 0} (then {@code y >= T <=> y >= Tf}
 * for every float y), for gamma &lt; 0 the largest such float. Tf is estimated in double and confirmed with the
 * exact {@link ExactBnSign} on the neighbouring floats, or else found by bisection over the ordered floats with the
 * same exact test ({@link MonotoneSearch}): the float analogue of BatchShift's ceil/floor.
 * The conv bias stays inside y (the fused layer computes y with the same float operations as the float
 * path), so it needs no folding here.
 */
public final class FirstLayerThresholdFolder implements FusionPass {
    @Override
    public String name() {
        return "first-layer threshold";
    }

    @Override
    public void apply(FusionState state) {
        for (int i = 0; i < state.blocks.size(); i++) {
            FusionBlock b = state.blocks.get(i);
            if (b.kind() == FusionBlock.Kind.FIRST) {
                state.firstThreshold = fold(b.name(), state.batchNorm.get(i));
            }
        }
    }

    public FloatThreshold fold(String layer, BnParameters bn) {
        int n = bn.channels();
        float[] t = new float[n];
        boolean[] below = new boolean[n];
        boolean[] constant = new boolean[n];
        boolean[] constantValue = new boolean[n];
        for (int c = 0; c < n; c++) {
            double gamma = bn.gamma()[c];
            ExactBnSign exact = ExactBnSign.ofChannel(layer, bn, c);
            if (gamma == 0.0) {
                constant[c] = true;
                constantValue[c] = bn.beta()[c] >= 0;
                continue;
            }
            float estimate = (float) bn.threshold(c);
            long guess = Float.isFinite(estimate) ? MonotoneSearch.key(estimate) : 0;
            long lo = MonotoneSearch.key(-Float.MAX_VALUE);
            long hi = MonotoneSearch.key(Float.MAX_VALUE);
            float f;
            if (gamma > 0) {
                // smallest float f with z(f) >= 0; +Inf when none is finite, -Inf when every float gives +1
                long first = MonotoneSearch.firstTrue(lo, hi, guess,
                        key -> exact.nonNegative(MonotoneSearch.fromKey(key)));
                f = first > hi ? Float.POSITIVE_INFINITY : first == lo ? Float.NEGATIVE_INFINITY
                        : MonotoneSearch.fromKey(first);
            } else {
                below[c] = true;
                // largest float f with z(f) >= 0; -Inf when none is finite, +Inf when every float gives +1
                long firstNot = MonotoneSearch.firstTrue(lo, hi, guess + 1,
                        key -> !exact.nonNegative(MonotoneSearch.fromKey(key)));
                f = firstNot == lo ? Float.NEGATIVE_INFINITY : firstNot > hi ? Float.POSITIVE_INFINITY
                        : MonotoneSearch.fromKey(firstNot - 1);
            }
            t[c] = f;
        }
        return new FloatThreshold(layer, t, below, constant, constantValue);
    }
}

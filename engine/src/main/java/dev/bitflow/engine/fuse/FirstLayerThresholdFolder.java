package dev.bitflow.engine.fuse;

/**
 * Folds BatchNorm + sign after the first (float-input) layer into one float32 threshold per channel: no
 * multiply or divide remains after the conv (docs/fusion.md).
 *
 * <h2>Derivation</h2>
 * With {@code sigma = sqrt(var + eps) > 0}: {@code z = gamma (y - mu) / sigma + beta >= 0} is, for
 * gamma &gt; 0, {@code y >= T} and, for gamma &lt; 0, {@code y <= T}, with {@code T = mu - beta sigma / gamma};
 * gamma == 0 makes the channel the constant {@code beta >= 0} (sign(0) = +1).
 * Because the layer's value y is itself a float32, the real T can be replaced by a float32 without any
 * loss: for gamma &gt; 0 the smallest float {@code Tf} with {@code z(Tf) >= 0} (then {@code y >= T <=> y >= Tf}
 * for every float y), for gamma &lt; 0 the largest such float. Tf is estimated in double and corrected with the
 * exact {@link ExactBnSign} on the neighbouring floats, the float analogue of BatchShift's ceil/floor.
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
            Block b = state.blocks.get(i);
            if (b.kind() == Block.Kind.FIRST) {
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
            double real = bn.mean()[c] - bn.beta()[c] * bn.sigmaDouble(c) / gamma;
            float f = (float) real;
            if (gamma > 0) {
                // smallest float f with z(f) >= 0; +Inf when none is finite
                if (Float.isInfinite(f)) {
                    f = f > 0 ? Float.POSITIVE_INFINITY : -Float.MAX_VALUE;
                }
                while (Float.isFinite(f) && f > -Float.MAX_VALUE && exact.nonNegative(Math.nextDown(f))) {
                    f = Math.nextDown(f);
                }
                while (Float.isFinite(f) && !exact.nonNegative(f)) {
                    f = Math.nextUp(f);
                }
                if (f == -Float.MAX_VALUE && exact.nonNegative(f)) {
                    f = Float.NEGATIVE_INFINITY; // every value gives +1
                }
            } else {
                below[c] = true;
                // largest float f with z(f) >= 0; -Inf when none is finite
                if (Float.isInfinite(f)) {
                    f = f < 0 ? Float.NEGATIVE_INFINITY : Float.MAX_VALUE;
                }
                while (Float.isFinite(f) && f < Float.MAX_VALUE && exact.nonNegative(Math.nextUp(f))) {
                    f = Math.nextUp(f);
                }
                while (Float.isFinite(f) && !exact.nonNegative(f)) {
                    f = Math.nextDown(f);
                }
                if (f == Float.MAX_VALUE && exact.nonNegative(f)) {
                    f = Float.POSITIVE_INFINITY;
                }
            }
            t[c] = f;
        }
        return new FloatThreshold(layer, t, below, constant, constantValue);
    }
}

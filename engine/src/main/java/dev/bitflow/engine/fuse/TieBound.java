package dev.bitflow.engine.fuse;

/**
 * When is the float path's pre-sign value z a rounding tie? The fused path decides {@code sign(z)} for the
 * exact real z of the layer's parameters; the float32 path computes z with about seven roundings
 * ({@code alpha * s}, {@code + b}, {@code - mu}, {@code var + eps}, sqrt, {@code gamma *}, {@code / sigma},
 * {@code + beta}), each off by at most {@code u = 2^-24} relative to its result. A standard forward error
 * bound gives {@code |z_float - z_exact| <= ~8 u M} with
 * <pre>
 *   M = |gamma| / sigma * (|y| + 2 |b| + |mu|) + |beta|       (without BatchNorm: M = |y| + 2 |b|)
 * </pre>
 * where y is the float path's pre-BatchNorm value and b the layer's bias. We call a value a <b>tie</b> when
 * {@code |z_float| <= 16 u M} (twice the bound, for margin): only there can the float path's sign differ from
 * the exact one, so a fused/float mismatch outside a tie is a bug, never rounding. For the first layer y is
 * computed by identical float operations on both paths, so the same bound applies with room to spare.
 */
public final class TieBound {
    /** u = 2^-24, the unit roundoff of float32. */
    public static final double UNIT_ROUNDOFF = 0x1p-24;
    /** The multiple of {@code u * M} within which a pre-sign value counts as a tie. */
    public static final double FACTOR = 16.0;

    private TieBound() {
    }

    /** The tie bound of one value; {@code bn} may be the identity. */
    public static double bound(BnParameters bn, int c, float y, float bias) {
        double m;
        if (bn.present()) {
            m = Math.abs((double) bn.gamma()[c]) / bn.sigmaDouble(c) * (Math.abs((double) y) + 2 * Math.abs((double) bias)
                    + Math.abs((double) bn.mean()[c])) + Math.abs((double) bn.beta()[c]);
        } else {
            m = Math.abs((double) y) + 2 * Math.abs((double) bias);
        }
        return FACTOR * UNIT_ROUNDOFF * m;
    }

    /** Whether {@code z} lies within {@code bound} of 0. */
    public static boolean isTie(float z, double bound) {
        return Math.abs((double) z) <= bound;
    }
}

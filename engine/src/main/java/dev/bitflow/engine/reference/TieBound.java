package dev.bitflow.engine.reference;

/**
 * When can the float network's sign differ from the fused one? The fused path decides {@code sign(Z)} for the
 * exact real value Z of the layer's parameters; the float network computes a float32 z with a few roundings.
 * This class bounds {@code |z - Z|} by a number E computed from the float network's own values; a value is a
 * <b>tie</b> when every value on the way is finite and {@code |z| <= E}. Only a tie can flip: if {@code z > E}
 * then {@code Z >= z - E > 0}, if {@code z < -E} then {@code Z < 0}, so both signs agree (sign(0) = +1 on both
 * sides). A mismatch outside a tie is therefore a bug, never rounding; a non-finite value is never a tie.
 *
 * <h2>The rounding model</h2>
 * Let {@code u = 2^-24} and {@code eta = 2^-150} (half the spacing of float32's subnormals). For a real x of
 * magnitude at most float32's largest value, round-to-nearest gives
 * <pre>
 *   |fl(x) - x| <= u |fl(x)| + eta        for a product or a quotient,
 *   |fl(x) - x| <= u |fl(x)|              for a sum or a difference of two floats.
 * </pre>
 * Proof: if {@code 2^e <= |x| < 2^(e+1)} with {@code e >= -126}, fl(x) lies in the closed binade
 * {@code [2^e, 2^(e+1)]} and is within half an ulp, {@code 2^(e-24) = u 2^e <= u |fl(x)|}, of x. Below
 * {@code 2^-126} the floats are spaced {@code 2^-149}, so the error is at most eta; a sum or difference of two
 * floats that lands there is a multiple of {@code 2^-149} and hence exact. (This is where the bound of a
 * purely relative model fails: a product of subnormal size has an absolute error up to eta whatever its size.)
 *
 * <h2>The float network's steps and their errors</h2>
 * A binary layer computes {@code t = fl(alpha s)} (s the exact integer dot product), {@code y = fl(t + b)}, then
 * BatchNorm ({@link BnParameters}): {@code d = fl(y - mu)}, {@code n = fl(gamma d)}, {@code q = fl(n / sigma)},
 * {@code z = fl(q + beta)}, with sigma the float network's float32 sigma, which the fusion uses as it is. The exact
 * values are {@code Y = alpha s + b}, {@code D = Y - mu}, {@code N = gamma D}, {@code Q = N / sigma},
 * {@code Z = Q + beta}. Adding each step's own rounding to the error it inherits:
 * <pre>
 *   e1 = u (|y| (1 + u) + |b|) + eta       |t - alpha s|   (|t| <= |t + b| + |b| and |t + b| <= (1 + u) |y|)
 *   e2 = u |y| + e1                        |y - Y|
 *   e3 = u |d| + e2                        |d - D|
 *   e4 = u |n| + eta + |gamma| e3          |n - N|
 *   e5 = u |q| + eta + e4 / sigma          |q - Q|
 *   E  = u |z| + e5                        |z - Z|
 * </pre>
 * Without a scaling factor t = s is exact (e1 = 0); without a bias y = t (e2 = e1). For the first layer the
 * fused layer decides the exact sign of BatchNorm of the very float y the float network computes, so
 * {@code e2 = 0}. Without BatchNorm the sign reads y itself: {@code E = e2}. With max pools before BatchNorm, y is
 * the window's maximum; as every step is monotone, it is the value of the window's largest s, and the bound
 * holds for it. The bound is evaluated in double, where its dozen operations err by less than {@code 2^-48}
 * relative; it is widened by {@code 2^-40} to stay an upper bound.
 */
public final class TieBound {
    /** u = 2^-24, the unit roundoff of float32. */
    public static final double UNIT_ROUNDOFF = 0x1p-24;
    /** Half the spacing of float32's subnormal numbers: the largest absolute error of a rounded product. */
    public static final double UNDERFLOW = 0x1p-150;
    private static final double WIDEN = 1 + 0x1p-40;

    private TieBound() {
    }

    /** How the value entering BatchNorm (or the sign) was computed. */
    public enum Source {
        /** The first layer: the fused layer sees the float network's own float y (no error in y). */
        FIRST_LAYER,
        /** A binary layer: y = fl(fl(alpha s) + b) of an exact integer s. */
        BINARY_LAYER
    }

    /**
     * The tie bound E of the float network's pre-sign value for channel c, given the value y entering BatchNorm
     * (the sign input itself when {@code bn} is the identity). NaN when y or a BatchNorm step is not finite:
     * such a value is never a tie.
     *
     * @param scaled whether the layer multiplies by a scaling factor (alpha)
     * @param bias   the layer's bias of channel c (0 without one)
     */
    public static double bound(Source source, boolean scaled, float bias, BnParameters bn, int c, float y) {
        if (!Float.isFinite(y)) {
            return Double.NaN;
        }
        double u = UNIT_ROUNDOFF;
        double ay = Math.abs((double) y);
        double e2;
        if (source == Source.FIRST_LAYER) {
            e2 = 0;
        } else {
            double ab = Math.abs((double) bias);
            double e1 = scaled ? u * (ay * (1 + u) + ab) + UNDERFLOW : 0;
            e2 = bias != 0f ? u * ay + e1 : e1;
        }
        if (!bn.present()) {
            return e2 * WIDEN;
        }
        float sigma = bn.sigma(c);
        float d = bn.centred(c, y);
        float n = bn.scaled(c, d);
        float q = BnParameters.normalised(n, sigma);
        float z = bn.shifted(c, q);
        if (!Float.isFinite(d) || !Float.isFinite(n) || !Float.isFinite(q) || !Float.isFinite(z) || !(sigma > 0)) {
            return Double.NaN;
        }
        double e3 = u * Math.abs((double) d) + e2;
        double e4 = u * Math.abs((double) n) + UNDERFLOW + Math.abs((double) bn.gamma()[c]) * e3;
        double e5 = u * Math.abs((double) q) + UNDERFLOW + e4 / sigma;
        return (u * Math.abs((double) z) + e5) * WIDEN;
    }

    /** Whether {@code z} is a tie for the bound {@code bound} (false for a NaN bound or a non-finite z). */
    public static boolean isTie(float z, double bound) {
        return Float.isFinite(z) && Math.abs((double) z) <= bound;
    }
}

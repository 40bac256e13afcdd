package dev.bitflow.engine.fuse;

import java.math.BigDecimal;

/**
 * The exact-real decision {@code sign(z) = +1} for {@code z = gamma * (y - mean) / sqrt(var + eps) + beta},
 * evaluated with {@link BigDecimal} so no rounding happens at all. Every float/double parameter is an exact
 * binary fraction, so {@code y}, {@code gamma * (y - mean)} and {@code var + eps} are exact decimals; only the
 * square root is irrational, and it is removed by squaring under a sign case analysis:
 *
 * <pre>
 *   z >= 0  &lt;=&gt;  A >= R * sqrt(V)     with A = gamma * (y - mean), R = -beta, V = var + eps > 0
 *   R == 0:  A >= 0
 *   R &gt; 0:   A &gt; 0 and A^2 >= R^2 V
 *   R &lt; 0:   A >= 0, or A^2 &lt;= R^2 V
 * </pre>
 *
 * This is the oracle that {@link BatchShiftFolder} uses to correct its double-precision estimate of
 * ceil/floor(tau), so the integer BatchShift is exact for every representable parameter set, including
 * thresholds that fall exactly on (or within a double ulp of) an integer. sign(0) = +1.
 */
public final class ExactBnSign {
    private final BigDecimal gamma;
    private final BigDecimal mean;
    private final BigDecimal r;
    private final BigDecimal v;
    private final BigDecimal rSquaredV;

    /** @throws IllegalArgumentException if a value is not finite or {@code var + eps <= 0} */
    public ExactBnSign(double gamma, double beta, double mean, double var, double eps) {
        for (double d : new double[] {gamma, beta, mean, var, eps}) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("batchnorm parameter is not finite: " + d);
            }
        }
        this.gamma = new BigDecimal(gamma);
        this.mean = new BigDecimal(mean);
        this.r = new BigDecimal(beta).negate();
        this.v = new BigDecimal(var).add(new BigDecimal(eps));
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("var + epsilon = " + v.toString() + " is not positive");
        }
        this.rSquaredV = r.multiply(r).multiply(v);
    }

    /**
     * The exact test of channel {@code c} of {@code bn}, for a fusion pass of layer {@code layer}.
     *
     * @throws NotFusableException naming the layer, batchnorm and channel when a parameter is not finite or
     *                             {@code var + eps <= 0}
     */
    static ExactBnSign ofChannel(String layer, BnParameters bn, int c) {
        try {
            return new ExactBnSign(bn.gamma()[c], bn.beta()[c], bn.mean()[c], bn.var()[c], bn.epsilon());
        } catch (IllegalArgumentException e) {
            throw new NotFusableException(layer, "channel " + c + " of batchnorm '" + bn.layer() + "': "
                    + e.getMessage());
        }
    }

    /** Whether {@code z(y) >= 0} exactly, for an exact decimal {@code y}. */
    public boolean nonNegative(BigDecimal y) {
        BigDecimal a = gamma.multiply(y.subtract(mean));
        int rs = r.signum();
        if (rs == 0) {
            return a.signum() >= 0;
        }
        BigDecimal a2 = a.multiply(a);
        if (rs > 0) {
            return a.signum() > 0 && a2.compareTo(rSquaredV) >= 0;
        }
        return a.signum() >= 0 || a2.compareTo(rSquaredV) <= 0;
    }

    /** Whether {@code z(alpha * s + bias) >= 0} exactly, for an integer dot product {@code s}. */
    public boolean nonNegative(double alpha, long s, double bias) {
        return nonNegative(new BigDecimal(alpha).multiply(BigDecimal.valueOf(s)).add(new BigDecimal(bias)));
    }

    /** Whether {@code z(y) >= 0} exactly for a double {@code y}. */
    public boolean nonNegative(double y) {
        return nonNegative(new BigDecimal(y));
    }
}

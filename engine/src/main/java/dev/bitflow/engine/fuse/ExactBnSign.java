package dev.bitflow.engine.fuse;

import dev.bitflow.engine.reference.BnParameters;
import java.math.BigDecimal;

/**
 * The exact-real decision {@code sign(z) = +1} for {@code z = gamma * (y - mean) / sigma + beta}, evaluated with
 * {@link BigDecimal} so no rounding happens at all. sigma is the float network's own float32 sigma of the channel
 * ({@link BnParameters#sigma}), a positive float, so every quantity is an exact binary fraction and
 * <pre>
 *   z >= 0  &lt;=&gt;  gamma * (y - mean) + beta * sigma >= 0        (sigma &gt; 0)
 * </pre>
 * is one exact comparison. This is the oracle that {@link BatchShiftFolder} uses to correct its double-precision
 * estimate of ceil/floor(tau), so the integer BatchShift is exact for every representable parameter set,
 * including thresholds that fall exactly on (or within a double ulp of) an integer. sign(0) = +1.
 */
public final class ExactBnSign {
    private final BigDecimal gamma;
    private final BigDecimal mean;
    private final BigDecimal betaSigma;
    private final BigDecimal sigma;

    /** @throws IllegalArgumentException if a value is not finite or {@code sigma <= 0} */
    public ExactBnSign(double gamma, double beta, double mean, double sigma) {
        for (double d : new double[] {gamma, beta, mean, sigma}) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("batchnorm parameter is not finite: " + d);
            }
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma = sqrt(var + epsilon) is " + sigma + " in float32, not positive");
        }
        this.gamma = new BigDecimal(gamma);
        this.mean = new BigDecimal(mean);
        this.sigma = new BigDecimal(sigma);
        this.betaSigma = new BigDecimal(beta).multiply(this.sigma);
    }

    /**
     * The exact test of channel {@code c} of {@code bn}, for a fusion pass of layer {@code layer}.
     *
     * @throws NotFusableException naming the layer, batchnorm and channel when a parameter is not finite or
     *                             the float network's sigma is not positive
     */
    static ExactBnSign ofChannel(String layer, BnParameters bn, int c) {
        try {
            return new ExactBnSign(bn.gamma()[c], bn.beta()[c], bn.mean()[c], bn.sigma(c));
        } catch (IllegalArgumentException e) {
            throw new NotFusableException(layer, "channel " + c + " of batchnorm '" + bn.layer() + "': "
                    + e.getMessage());
        }
    }

    /** Whether {@code z(y) >= 0} exactly, for an exact decimal {@code y}. */
    public boolean nonNegative(BigDecimal y) {
        return gamma.multiply(y.subtract(mean)).add(betaSigma).signum() >= 0;
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

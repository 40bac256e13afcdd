package dev.bitflow.engine.analysis.sf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Per-channel mean and population variance of {@code y' = s + b} over a data pass, for re-estimating a
 * BatchNorm when alpha is removed. s is an integer, so the sums of s and s^2 are accumulated exactly in
 * integers (BigInteger at the end); the bias shifts the mean and leaves the variance unchanged:
 * <pre>
 *   mean = sum(s) / n + b        var = (n sum(s^2) - sum(s)^2) / n^2
 * </pre>
 * each rounded once to double. The population (biased) variance is what BatchNorm's running variance
 * estimates up to a factor {@code n / (n - 1)}, negligible for the tens of thousands of values per channel here.
 */
final class BatchNormStatistics {
    private final long[] sum;
    private final long[] sumSquares;
    private final long[] n;

    BatchNormStatistics(int channels) {
        sum = new long[channels];
        sumSquares = new long[channels];
        n = new long[channels];
    }

    /** Adds the pre-activations of one example ({@code channels x plane}, integer-valued floats). */
    void add(float[] s, int plane) {
        for (int c = 0; c < sum.length; c++) {
            long a = 0;
            long q = 0;
            for (int p = 0; p < plane; p++) {
                long v = (long) s[c * plane + p];
                a += v;
                q += v * v;
            }
            sum[c] += a;
            sumSquares[c] = Math.addExact(sumSquares[c], q);
            n[c] += plane;
        }
    }

    long count(int c) {
        return n[c];
    }

    /** Mean of {@code s + bias}. */
    double mean(int c, double bias) {
        return n[c] == 0 ? bias : (double) sum[c] / n[c] + bias;
    }

    /** Exact population variance of s, rounded once to double. */
    double variance(int c) {
        if (n[c] == 0) {
            return 0;
        }
        BigInteger nn = BigInteger.valueOf(n[c]);
        BigInteger num = nn.multiply(BigInteger.valueOf(sumSquares[c])).subtract(BigInteger.valueOf(sum[c]).pow(2));
        return new BigDecimal(num).divide(new BigDecimal(nn.multiply(nn)), MathContext.DECIMAL64).doubleValue();
    }
}

package dev.bitflow.engine.api.analysis;

/**
 * The +1 rate of every channel of one binary layer over a set of images: the fraction of the channel's bits
 * (all positions of all images) that are +1.
 *
 * <p>A channel is <b>constant</b> (dead) when its rate is exactly 0 or 1: it outputs the same bit everywhere
 * and carries no information. It is <b>nearly constant</b> when its rate is at most {@code threshold} or at
 * least {@code 1 - threshold}; the nearly-constant count includes the constant channels.
 *
 * @param layer   the layer whose output bits are counted (a sign layer, or the max pool after it)
 * @param block   the linear layer (conv2d or dense) that computes them
 * @param bitsPerChannel how many bits each channel's rate is over ({@code examples * height * width})
 * @param plusOneRates per channel, the +1 rate in [0, 1]
 * @param constant       channels with rate exactly 0 or 1
 * @param nearlyConstant channels with rate &lt;= threshold or &gt;= 1 - threshold (constant ones included)
 */
public record LayerActivationRates(String layer, String block, int height, int width, long bitsPerChannel,
                                   double[] plusOneRates, int constant, int nearlyConstant) {
    public LayerActivationRates {
        plusOneRates = plusOneRates.clone();
    }

    @Override
    public double[] plusOneRates() {
        return plusOneRates.clone();
    }

    public int channels() {
        return plusOneRates.length;
    }

    public double rate(int channel) {
        return plusOneRates[channel];
    }

    /** Rate exactly 0 or 1. */
    public boolean isConstant(int channel) {
        return plusOneRates[channel] == 0.0 || plusOneRates[channel] == 1.0;
    }

    /** Rate at most {@code threshold} or at least {@code 1 - threshold}. */
    public static boolean isNearlyConstant(double rate, double threshold) {
        return rate <= threshold || rate >= 1.0 - threshold;
    }
}

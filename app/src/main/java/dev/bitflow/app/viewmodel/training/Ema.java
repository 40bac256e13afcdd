package dev.bitflow.app.viewmodel.training;

/**
 * Exponential moving average with start-up bias correction, as TensorBoard smooths its curves: with weight w,
 * {@code m_n = w m_(n-1) + (1 - w) x_n} from {@code m_0 = 0}, shown as {@code m_n / (1 - w^n)}, so the first
 * points are not pulled towards 0. w = 0 shows the points as they are. NaN points are passed through and do
 * not disturb the average.
 */
public final class Ema {
    private final double weight;
    private double mean;
    private double weightPower = 1;

    /** @param weight 0 (no smoothing) to below 1 */
    public Ema(double weight) {
        if (!(weight >= 0 && weight < 1)) {
            throw new IllegalArgumentException("smoothing weight must be in [0, 1), was " + weight);
        }
        this.weight = weight;
    }

    /** The smoothed value after {@code x}. */
    public double next(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        mean = weight * mean + (1 - weight) * x;
        weightPower *= weight;
        return mean / (1 - weightPower);
    }
}

package dev.bitflow.engine.api.fusion;

/**
 * A BatchNorm after the output layer, per class j: {@code z = ((gamma (y - mean)) / sigma) + beta} in float32, with
 * {@code sigma[j] = (float) sqrt(var[j] + (float) epsilon)} (the float32 sum, then the correctly rounded square
 * root), given precomputed so that an exporter needs no square root to reproduce the workbench's scores.
 */
public record OutputBatchNorm(float[] gamma, float[] beta, float[] mean, float[] var, double epsilon, float[] sigma) {
    public OutputBatchNorm {
        gamma = gamma.clone();
        beta = beta.clone();
        mean = mean.clone();
        var = var.clone();
        sigma = sigma.clone();
    }

    @Override
    public float[] gamma() {
        return gamma.clone();
    }

    @Override
    public float[] beta() {
        return beta.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] var() {
        return var.clone();
    }

    @Override
    public float[] sigma() {
        return sigma.clone();
    }
}

package dev.bitflow.engine.api.definition;

/**
 * Batch normalisation per channel: {@code z = gamma * (y - mu) / sqrt(var + epsilon) + beta}, with running
 * statistics updated as {@code run = momentum * run + (1 - momentum) * batch}. When {@code learnGamma} is
 * false, gamma is fixed to 1.
 */
public record BatchNormSpec(String name, double epsilon, double momentum, boolean learnGamma)
        implements LayerSpec {
    @Override
    public LayerType type() {
        return LayerType.BATCHNORM;
    }

    @Override
    public BatchNormSpec withName(String newName) {
        return new BatchNormSpec(newName, epsilon, momentum, learnGamma);
    }
}

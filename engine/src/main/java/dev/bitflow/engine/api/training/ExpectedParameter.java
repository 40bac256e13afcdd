package dev.bitflow.engine.api.training;

/**
 * A parameter a definition's layers need (see {@link ModelParameter} for names and layouts): its shape, and whether
 * a weight file must contain it (a BatchNorm with a fixed gamma may omit {@code gamma}, which is then 1).
 */
public record ExpectedParameter(String layer, String name, int[] shape, boolean required) {
    public ExpectedParameter {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@code layer/name}. */
    public String key() {
        return layer + "/" + name;
    }
}

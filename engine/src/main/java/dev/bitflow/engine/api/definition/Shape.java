package dev.bitflow.engine.api.definition;

/**
 * The shape of one example's tensor between two layers, without the batch dimension.
 *
 * <p>Spatial tensors are channels x height x width (the float path stores them NCHW, the binary path
 * packs channels into 64-bit words per pixel, NHWC). A flat vector of {@code n} values has
 * {@code channels == n}, {@code height == width == 1} and {@code flat == true}; flattening a spatial
 * tensor orders its values channel-major (c, then y, then x), as ND4J's NCHW reshape does.
 */
public record Shape(int channels, int height, int width, boolean flat) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
        if (flat && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat shape has height and width 1");
        }
    }

    public static Shape spatial(int channels, int height, int width) {
        return new Shape(channels, height, width, false);
    }

    public static Shape flat(int size) {
        return new Shape(size, 1, 1, true);
    }

    /** Number of values in one example. */
    public long size() {
        return (long) channels * height * width;
    }

    @Override
    public String toString() {
        return flat ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}

package dev.bitflow.app.viewmodel.stepthrough;

/**
 * How the bits of one receptive field are laid out as tile grids: one grid ("slice") per input channel, each
 * as the input's spatial arrangement.
 *
 * <ul>
 *   <li>{@link Order#TAP_MAJOR}: a conv layer's field, bits ordered (ky, kx, input channel) as
 *       {@link dev.bitflow.engine.api.fusion.StepThrough} orders its taps; one k x k slice per input channel.</li>
 *   <li>{@link Order#CHANNEL_MAJOR}: a dense layer after a flatten of a C x H x W map, bits ordered
 *       (c, y, x); one H x W slice per channel of that map.</li>
 *   <li>{@link Order#FLAT}: a dense layer on a plain vector: one slice, filled row by row.</li>
 * </ul>
 *
 * @param order  the bit order
 * @param slices number of slices
 * @param rows   rows of a slice
 * @param cols   columns of a slice
 * @param bits   total bits (a FLAT slice may have empty trailing tiles)
 */
public record TileLayout(Order order, int slices, int rows, int cols, int bits) {
    public enum Order {
        TAP_MAJOR, CHANNEL_MAJOR, FLAT
    }

    /** A conv layer's k x k field over {@code inChannels} channels. */
    public static TileLayout conv(int kernel, int inChannels) {
        return new TileLayout(Order.TAP_MAJOR, inChannels, kernel, kernel, kernel * kernel * inChannels);
    }

    /** A dense layer's input that was flattened from {@code channels x height x width}. */
    public static TileLayout flattened(int channels, int height, int width) {
        return new TileLayout(Order.CHANNEL_MAJOR, channels, height, width, channels * height * width);
    }

    /** A dense layer's plain input of {@code n} values, as one near-square grid about twice as wide as high. */
    public static TileLayout flat(int n) {
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(2.0 * n)));
        int rows = (n + cols - 1) / cols;
        return new TileLayout(Order.FLAT, 1, rows, cols, n);
    }

    /** The index in the step-through's bit arrays of a tile, or -1 for an empty tile. */
    public int index(int slice, int row, int col) {
        if (slice < 0 || slice >= slices || row < 0 || row >= rows || col < 0 || col >= cols) {
            return -1;
        }
        int i = switch (order) {
            case TAP_MAJOR -> (row * cols + col) * slices + slice;
            case CHANNEL_MAJOR -> (slice * rows + row) * cols + col;
            case FLAT -> row * cols + col;
        };
        return i < bits ? i : -1;
    }
}

package dev.bitflow.engine.spi;

/**
 * Labelled images as a data-set plugin delivers them: unsigned 8-bit pixels, one example after another,
 * each example channel-major (c, y, x), and one label per example in 0..classes-1.
 *
 * @param source   where the data came from (files, resource), for messages and provenance
 * @param sha256   hex SHA-256 over the files read, for provenance
 */
public record RawImages(String source, int count, int channels, int height, int width, byte[] pixels, int[] labels,
                        String sha256) {
    public RawImages {
        long expected = (long) count * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(source + ": " + pixels.length + " pixel bytes, expected " + expected);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(source + ": " + labels.length + " labels, expected " + count);
        }
    }

    /** Pixel {@code i} of the whole array as an int 0..255. */
    public int pixel(int i) {
        return pixels[i] & 0xFF;
    }
}

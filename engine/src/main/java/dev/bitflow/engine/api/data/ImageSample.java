package dev.bitflow.engine.api.data;

import dev.bitflow.engine.api.definition.DatasetRef;

/**
 * One example as stored, for display: raw pixels 0..255 (not normalised), channel-major (c, y, x).
 *
 * @param ref          the data-set view it was taken from (class subset decides the label)
 * @param split        train or test
 * @param index        its index in the view (after the class subset)
 * @param sourceIndex  its index in the published split
 * @param label        its label in the view: for a class subset, the position of its class in
 *                     {@code ref.classes()}
 * @param labelName    the class name of that label
 * @param sourceLabel  its label in the published data set
 */
public record ImageSample(DatasetRef ref, DataSplit split, int index, int sourceIndex, int channels, int height,
                          int width, int[] pixels, int label, String labelName, int sourceLabel) {
    public ImageSample {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + channels + "x" + height + "x" + width);
        }
    }

    /** Pixel at channel {@code c}, row {@code y}, column {@code x}, 0..255. */
    public int pixel(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }
}

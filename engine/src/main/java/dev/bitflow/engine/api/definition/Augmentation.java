package dev.bitflow.engine.api.definition;

/**
 * Random changes to every training example, drawn anew for each example of each epoch from the training seed
 * (same seed, same batches); never applied when evaluating. Applied in this order:
 *
 * @param cropPadding    pad the image with black pixels by this many on every side, then cut a window of the
 *                       input size at a uniformly random offset (so the content moves by -p..p pixels in each
 *                       direction and the uncovered border is black); 0: off
 * @param shift          move the content by a uniformly random -s..s pixels in each direction, filling the
 *                       uncovered border by repeating the edge pixels; 0: off
 * @param horizontalFlip mirror left-right with probability 1/2
 */
public record Augmentation(int cropPadding, int shift, boolean horizontalFlip) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(0, 0, false);

    public Augmentation {
        if (cropPadding < 0 || shift < 0) {
            throw new IllegalArgumentException("crop padding and shift must be >= 0");
        }
    }

    public boolean isNone() {
        return cropPadding == 0 && shift == 0 && !horizontalFlip;
    }
}

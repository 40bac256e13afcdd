package dev.bitflow.engine.api.definition;

/**
 * How images whose size differs from the network's input are brought to it (image folders, 11K Hands).
 * Data sets of one fixed size (IDX, CIFAR-10) are not resized: their size must equal the input.
 */
public enum Resize {
    /** Refuse an image of another size, naming the file. */
    NONE,
    /** Nearest neighbour: output pixel (y, x) takes source pixel (floor((y + 0.5) h / H), floor((x + 0.5) w / W)). */
    NEAREST,
    /**
     * Bilinear, pixel centres aligned: output (y, x) samples the source at ((y + 0.5) h / H - 0.5,
     * (x + 0.5) w / W - 0.5), clamped to the image, weighting the four neighbours; rounded half up to 0..255.
     */
    BILINEAR
}

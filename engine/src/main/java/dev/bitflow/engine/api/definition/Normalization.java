package dev.bitflow.engine.api.definition;

/** How pixel values (0..255) are scaled before the first layer. */
public enum Normalization {
    /** x / 255, in [0, 1]. */
    UNIT,
    /** x / 127.5 - 1, in [-1, 1]. */
    MINUS_ONE_TO_ONE
}

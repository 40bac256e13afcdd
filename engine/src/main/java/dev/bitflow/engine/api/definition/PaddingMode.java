package dev.bitflow.engine.api.definition;

/**
 * How a convolution pads its input. {@link #ZERO} pads with 0: a padded tap contributes nothing to the
 * dot product (the binary kernel masks it and uses the number of valid taps). {@link #PLUS_ONE} and
 * {@link #MINUS_ONE} pad a binary input with +1 or -1, a different model that training uses too.
 */
public enum PaddingMode {
    VALID,
    ZERO,
    PLUS_ONE,
    MINUS_ONE
}

package dev.bitflow.engine.api.definition;

/** Precision of a layer's weights. Binary weights are {@code sign(latent)} in {-1, +1}, stored as bits. */
public enum Precision {
    FLOAT,
    BINARY
}

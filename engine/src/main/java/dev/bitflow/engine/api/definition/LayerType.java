package dev.bitflow.engine.api.definition;

import java.util.Locale;

/**
 * The kinds of layer a network definition can hold, one per {@link LayerSpec} record, in palette order. Each has
 * the name the {@code *.bitflow.json} format writes as a layer's {@code type} ({@link #jsonName()}, also its
 * {@link #toString()}, so messages read "conv2d 'conv2'").
 */
public enum LayerType {
    CONV2D, DENSE, BATCHNORM, SIGN, RELU, MAXPOOL, AVGPOOL, FLATTEN, DROPOUT, SOFTMAX;

    /** The format's name: {@code conv2d}, {@code dense}, {@code batchnorm}, ... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return jsonName();
    }

    /** The type whose {@link #jsonName()} is {@code name}, or null when there is none. */
    public static LayerType ofJsonName(String name) {
        for (LayerType t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}

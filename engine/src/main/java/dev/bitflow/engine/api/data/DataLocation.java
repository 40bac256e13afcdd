package dev.bitflow.engine.api.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a data set's files are: the embedded mini set shipped in sample-models, the provider's standard
 * location (for Fashion-MNIST {@code /usr/share/datasets/fashion-mnist}), or a folder the user gave.
 */
public record DataLocation(Kind kind, Path directory) {
    public enum Kind { EMBEDDED_MINI, STANDARD, DIRECTORY }

    public DataLocation {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.DIRECTORY) != (directory != null)) {
            throw new IllegalArgumentException("a directory is given exactly for DIRECTORY locations");
        }
    }

    public static DataLocation mini() {
        return new DataLocation(Kind.EMBEDDED_MINI, null);
    }

    public static DataLocation standard() {
        return new DataLocation(Kind.STANDARD, null);
    }

    public static DataLocation directory(Path dir) {
        return new DataLocation(Kind.DIRECTORY, dir);
    }

    /** Parses a CLI value: {@code mini}, {@code standard}/{@code default}, or a folder path. */
    public static DataLocation parse(String value) {
        if (value == null || value.isBlank() || value.equals("standard") || value.equals("default")) {
            return standard();
        }
        return value.equals("mini") ? mini() : directory(Path.of(value));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EMBEDDED_MINI -> "mini";
            case STANDARD -> "standard";
            case DIRECTORY -> directory.toString();
        };
    }
}

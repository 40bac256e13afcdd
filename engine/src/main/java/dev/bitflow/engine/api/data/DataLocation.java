package dev.bitflow.engine.api.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a data set's files are: the embedded mini set shipped in sample-models, the provider's standard
 * location (for Fashion-MNIST {@code /usr/share/datasets/fashion-mnist}), or a folder the user gave.
 *
 * <p>A folder may name the kind of data in it ({@code format}, a data-set plugin id such as {@code images},
 * {@code idx}, {@code cifar10}, {@code hands}); without one the engine asks the plugins which one recognises the
 * folder (auto-detection).
 *
 * <p>Where an engine call takes the location of a model's data, null means the model's own: the location its
 * definition names ({@code dataset.location}, stored by training), else the data set's standard location.
 *
 * @param format the data-set plugin id that reads {@code directory}, or null to detect it; only for folders
 */
public record DataLocation(Kind kind, Path directory, String format) {
    public enum Kind { EMBEDDED_MINI, STANDARD, DIRECTORY }

    /** {@code ID:DIR}: a plugin id (lower-case letters, digits, dashes) before the first colon. */
    private static final Pattern WITH_FORMAT = Pattern.compile("([a-z0-9][a-z0-9-]*):(.+)");

    public DataLocation {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.DIRECTORY) != (directory != null)) {
            throw new IllegalArgumentException("a directory is given exactly for DIRECTORY locations");
        }
        if (format != null && (kind != Kind.DIRECTORY || format.isBlank())) {
            throw new IllegalArgumentException("a format is given only for a folder, and not blank");
        }
    }

    public DataLocation(Kind kind, Path directory) {
        this(kind, directory, null);
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

    /** A folder read by the data-set plugin {@code format} (no detection). */
    public static DataLocation directory(String format, Path dir) {
        return new DataLocation(Kind.DIRECTORY, dir, format);
    }

    /**
     * Parses a CLI value: {@code mini}, {@code standard}/{@code default}, {@code ID:DIR} (a folder read by the
     * data-set plugin {@code ID}, for example {@code images:photos}) or a folder path (kind detected). A folder
     * whose name contains a colon can be given as {@code ./name:with:colon}.
     */
    public static DataLocation parse(String value) {
        if (value == null || value.isBlank() || value.equals("standard") || value.equals("default")) {
            return standard();
        }
        if (value.equals("mini")) {
            return mini();
        }
        Matcher m = WITH_FORMAT.matcher(value);
        if (m.matches()) {
            return directory(m.group(1), Path.of(m.group(2)));
        }
        return directory(Path.of(value));
    }

    /** This location with its folder made absolute (for storing with a model). */
    public DataLocation absolute() {
        return kind == Kind.DIRECTORY ? new DataLocation(kind, directory.toAbsolutePath().normalize(), format) : this;
    }

    /** This folder location read by plugin {@code id}. */
    public DataLocation withFormat(String id) {
        return kind == Kind.DIRECTORY ? new DataLocation(kind, directory, id) : this;
    }

    /** The text {@link #parse} reads back: {@code mini}, {@code standard}, {@code ID:DIR} or {@code DIR}. */
    @Override
    public String toString() {
        return switch (kind) {
            case EMBEDDED_MINI -> "mini";
            case STANDARD -> "standard";
            case DIRECTORY -> format == null ? directory.toString() : format + ":" + directory;
        };
    }
}

package dev.bitflow.engine.spi.idx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an {@link IdxDatasetProvider} serves: an image-classification data set published as the four IDX
 * files of MNIST style ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}).
 *
 * @param id                 plugin id used in definitions, for example {@code fashion-mnist}
 * @param displayName        human-readable name
 * @param description        one line: what the data set is, its size and licence
 * @param classNames         class names, index = label; empty when each folder names its own classes (a
 *                           {@code classes.txt} with one name per line, else the label numbers 0..max label)
 * @param rows               image height every file must have, or 0 for any
 * @param cols               image width every file must have, or 0 for any
 * @param standardDir        the system-wide folder (for example a Debian package's), or null if none
 * @param installHint        how to get the files into {@code standardDir} (for example an apt-get command), or
 *                           null
 * @param miniResourceFolder classpath folder of an embedded subset with the same four file names (for example
 *                           {@code dev/bitflow/samples/mini/}), or null if none ships
 * @param labelDigests       SHA-256s (hex) of this data set's label files, decompressed, train then test
 *                           concatenated: a folder whose labels have one of them is recognised as this very data
 *                           set; empty to recognise any folder of IDX files of the spec's size
 */
public record IdxDatasetSpec(String id, String displayName, String description, List<String> classNames, int rows,
                             int cols, Path standardDir, String installHint, String miniResourceFolder,
                             Set<String> labelDigests) {
    public IdxDatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        classNames = List.copyOf(classNames);
        labelDigests = labelDigests == null ? Set.of() : Set.copyOf(labelDigests);
        if (classNames.size() == 1 || classNames.size() > 256) {
            throw new IllegalArgumentException(id + ": 2..256 classes (labels are unsigned bytes), or none");
        }
        if (rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
            throw new IllegalArgumentException(id + ": image size must be positive, or 0x0 for any");
        }
        if (miniResourceFolder != null && !miniResourceFolder.endsWith("/")) {
            miniResourceFolder = miniResourceFolder + "/";
        }
    }

    /** A spec that recognises any folder of IDX files of its size (no label digests). */
    public IdxDatasetSpec(String id, String displayName, String description, List<String> classNames, int rows,
                          int cols, Path standardDir, String installHint, String miniResourceFolder) {
        this(id, displayName, description, classNames, rows, cols, standardDir, installHint, miniResourceFolder,
                Set.of());
    }

    /** Whether images of any size are served. */
    public boolean anySize() {
        return rows == 0;
    }
}

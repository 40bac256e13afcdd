package dev.bitflow.engine.spi.idx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link IdxDatasetProvider} serves: an image-classification data set published as the four IDX
 * files of MNIST style ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}).
 *
 * @param id                 plugin id used in definitions, for example {@code fashion-mnist}
 * @param displayName        human-readable name
 * @param description        one line: what the data set is, its size and licence
 * @param classNames         class names, index = label
 * @param rows               image height every file must have
 * @param cols               image width every file must have
 * @param standardDir        the system-wide folder (for example a Debian package's), or null if none
 * @param installHint        how to get the files into {@code standardDir} (for example an apt-get command), or
 *                           null
 * @param miniResourceFolder classpath folder of an embedded subset with the same four file names (for example
 *                           {@code dev/bitflow/samples/mini/}), or null if none ships
 */
public record IdxDatasetSpec(String id, String displayName, String description, List<String> classNames, int rows,
                             int cols, Path standardDir, String installHint, String miniResourceFolder) {
    public IdxDatasetSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty() || classNames.size() > 256) {
            throw new IllegalArgumentException(id + ": 1..256 classes (labels are unsigned bytes)");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(id + ": image size must be positive");
        }
        if (miniResourceFolder != null && !miniResourceFolder.endsWith("/")) {
            miniResourceFolder = miniResourceFolder + "/";
        }
    }
}

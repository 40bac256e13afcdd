package dev.bitflow.engine.api.data;

import java.util.List;
import java.util.Objects;

/**
 * What data a model was trained on, stored in its provenance: enough to find the data again, to tell two data
 * sets apart and to notice when the files changed.
 *
 * @param id         the data-set plugin that read it, for example {@code images}
 * @param location   where, as {@code --data} takes it ({@code mini}, {@code standard}, {@code images:/abs/dir})
 * @param classNames the task's class names, index = label (after any class subset)
 * @param channels   channels of one example as the network saw it
 * @param height     height of one example
 * @param width      width of one example
 * @param trainCount examples in the training split (before the validation part is taken out)
 * @param testCount  examples in the test split
 * @param files      checksums of the files read, training split first
 */
public record DatasetManifest(String id, String location, List<String> classNames, int channels, int height,
                              int width, int trainCount, int testCount, List<FileDigest> files) {
    public DatasetManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
    }
}

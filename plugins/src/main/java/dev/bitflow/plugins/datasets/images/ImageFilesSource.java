package dev.bitflow.plugins.datasets.images;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A split made of image files, one example per file, decoded on demand by {@link ImageDecoder} at the network's
 * input size. Thread-safe: every read decodes its own file.
 */
public final class ImageFilesSource extends SplitSource {
    private final Path root;
    private final List<Path> files;
    private final Resize resize;
    private final BooleanSupplier changed;

    /**
     * @param root    the folder the files are named relative to in messages
     * @param files   one image file per example
     * @param changed whether the files changed on disk since the scan
     */
    public ImageFilesSource(String source, Path root, List<Path> files, int[] labels, List<String> classNames,
                            int channels, int height, int width, Resize resize, List<FileDigest> digests,
                            BooleanSupplier changed) {
        super(source, channels, height, width, labels, classNames, digests);
        this.root = root;
        this.files = List.copyOf(files);
        this.resize = resize;
        this.changed = changed;
    }

    /** The file of example {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public void read(int index, byte[] dst, int offset) throws IOException {
        Path file = files.get(index);
        String name = root.relativize(file).toString();
        byte[] bytes;
        try {
            if (Files.size(file) > ImageDecoder.MAX_FILE_BYTES) {
                throw new BadInputException(name + ": " + Files.size(file) + " bytes; image files of at most "
                        + (ImageDecoder.MAX_FILE_BYTES >> 20) + " MB are read");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": the file is gone (it was there when " + root + " was scanned)", e);
        }
        ImageDecoder.decode(name, bytes, channels(), height(), width(), resize, dst, offset);
    }

    @Override
    public boolean changedOnDisk() {
        return changed.getAsBoolean();
    }
}

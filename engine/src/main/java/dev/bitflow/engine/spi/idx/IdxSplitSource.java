package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.spi.FileStamps;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** One split of IDX files: images read by position from an {@link IdxImageFile}, labels in memory. */
final class IdxSplitSource extends SplitSource {
    private final IdxImageFile images;
    private final FileStamps stamps;

    /** @param watched the files whose change makes {@link #changedOnDisk()} true (none for resources) */
    IdxSplitSource(String source, IdxImageFile images, int[] labels, List<String> classNames, List<FileDigest> files,
                   List<Path> watched) {
        super(source, 1, images.rows(), images.cols(), labels, classNames, files);
        this.images = images;
        this.stamps = FileStamps.of(watched);
    }

    @Override
    public void read(int index, byte[] dst, int offset) throws IOException {
        images.read(index, dst, offset);
    }

    @Override
    public boolean changedOnDisk() {
        return stamps.changed();
    }

    @Override
    public void close() throws IOException {
        images.close();
    }
}

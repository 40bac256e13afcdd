package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.spi.SplitSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One split of IDX files: images read by position from an {@link IdxImageFile}, labels in memory. */
final class IdxSplitSource extends SplitSource {
    private final IdxImageFile images;
    private final List<Path> watched;
    private final List<String> stamps;

    /** @param watched the files whose change makes {@link #changedOnDisk()} true (none for resources) */
    IdxSplitSource(String source, IdxImageFile images, int[] labels, List<String> classNames, List<FileDigest> files,
                   List<Path> watched) {
        super(source, 1, images.rows(), images.cols(), labels, classNames, files);
        this.images = images;
        this.watched = List.copyOf(watched);
        this.stamps = stamps(this.watched);
    }

    @Override
    public void read(int index, byte[] dst, int offset) throws IOException {
        images.read(index, dst, offset);
    }

    @Override
    public boolean changedOnDisk() {
        return !stamps.equals(stamps(watched));
    }

    @Override
    public void close() throws IOException {
        images.close();
    }

    private static List<String> stamps(List<Path> files) {
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(Files.getLastModifiedTime(f) + "/" + Files.size(f));
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }
}

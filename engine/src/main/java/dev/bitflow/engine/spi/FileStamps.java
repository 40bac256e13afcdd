package dev.bitflow.engine.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last-modified times and sizes of some files and folders, taken when a split is opened, to tell later whether
 * they changed ({@link SplitSource#changedOnDisk()}): a replaced file, or a folder that gained or lost entries
 * (which changes the folder's time). A file's content rewritten in place with the same time and size is not seen.
 */
public final class FileStamps {
    private final List<Path> paths;
    private final List<String> stamps;

    private FileStamps(List<Path> paths) {
        this.paths = List.copyOf(paths);
        this.stamps = read(this.paths);
    }

    /** The stamps of {@code paths} now. */
    public static FileStamps of(List<Path> paths) {
        return new FileStamps(paths);
    }

    /** Whether any of the paths changed (or appeared or vanished) since the stamps were taken. */
    public boolean changed() {
        return !stamps.equals(read(paths));
    }

    private static List<String> read(List<Path> paths) {
        List<String> out = new ArrayList<>();
        for (Path p : paths) {
            try {
                out.add(Files.getLastModifiedTime(p).toMillis() + "/" + Files.size(p));
            } catch (IOException e) {
                out.add("missing");
            }
        }
        return out;
    }
}

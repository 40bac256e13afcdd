package dev.bitflow.engine.io;

/**
 * A format a checksummed archive may carry, as a reader accepts it: the {@code format} name of the
 * manifest and the newest {@code version} this build can read. Files of a newer version are refused
 * with a message asking for a newer BitFlow Workbench; older versions are the reader's job to upgrade.
 */
public record ArchiveFormat(String name, int newestVersion) {
    public ArchiveFormat {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("format name is required");
        }
        if (newestVersion < 1) {
            throw new IllegalArgumentException("format versions start at 1, was " + newestVersion);
        }
    }
}

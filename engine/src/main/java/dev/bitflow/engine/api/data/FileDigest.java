package dev.bitflow.engine.api.data;

import java.util.Objects;

/**
 * The checksum of what a data set read: one file, or a group of files (an image folder's split) summarised by
 * one digest.
 *
 * @param name   the file name, or the group's name (for example {@code train/ (5000 images)})
 * @param files  how many files the entry covers (1 for a single file)
 * @param bytes  their total size in bytes, as stored
 * @param sha256 hex SHA-256: of the file as stored, or for a group the SHA-256 of the lines
 *               {@code "<relative path>\t<file sha256>\n"} in the group's order
 */
public record FileDigest(String name, long files, long bytes, String sha256) {
    public FileDigest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (files < 0 || bytes < 0) {
            throw new IllegalArgumentException(name + ": negative size");
        }
    }
}

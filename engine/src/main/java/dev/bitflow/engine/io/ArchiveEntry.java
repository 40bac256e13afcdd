package dev.bitflow.engine.io;

/**
 * One entry as the manifest of a checksummed archive lists it.
 *
 * @param name   the entry's path inside the zip, for example {@code params/conv1/W.npy}
 * @param size   its length in bytes (uncompressed)
 * @param sha256 the SHA-256 of its bytes, 64 lowercase hex digits
 */
public record ArchiveEntry(String name, long size, String sha256) {
}

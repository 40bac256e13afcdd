/**
 * Versioned, checksummed files of the engine. Every file is written through
 * {@link dev.bitflow.engine.api.io.AtomicFiles}.
 *
 * <ul>
 *   <li>{@link dev.bitflow.engine.io.NpyFiles}: numpy {@code .npy} format 1.0 arrays (little-endian float32,
 *       int16, int32, uint8, int64, uint64), validated on read.</li>
 *   <li>{@link dev.bitflow.engine.io.ArchiveWriter} / {@link dev.bitflow.engine.io.ArchiveReader}: a zip
 *       whose {@code manifest.json} names a format and version and lists every entry with its size and
 *       SHA-256; the reader verifies all of it. Trained ({@code .bfm}) and fused ({@code .bff}) models use it.</li>
 *   <li>{@link dev.bitflow.engine.io.BfmWriter} / {@link dev.bitflow.engine.io.BfmReader}: trained model files
 *       and training checkpoints.</li>
 * </ul>
 * The layout of every file is documented in {@code docs/model-files.md}.
 */
package dev.bitflow.engine.io;

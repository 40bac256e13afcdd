package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files (the inverse of {@link IdxReader}): used to build data subsets such as the embedded mini
 * set, and by tests that need valid or deliberately damaged files. Files are written to a temporary file in
 * the same folder and moved into place, so a reader never sees a half-written file.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** The bytes of an IDX3 unsigned-byte image file: {@code count} images of {@code rows x cols}. */
    public static byte[] imagesBytes(int count, int rows, int cols, byte[] pixels) {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes for " + count + " images of " + rows + "x" + cols);
        }
        ByteBuffer buf = ByteBuffer.allocate(16 + pixels.length);
        buf.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return buf.array();
    }

    /** The bytes of an IDX1 unsigned-byte label file. */
    public static byte[] labelsBytes(byte[] labels) {
        ByteBuffer buf = ByteBuffer.allocate(8 + labels.length);
        buf.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).put(labels);
        return buf.array();
    }

    /** Gzip-compresses {@code bytes} (the gzip header written by Java carries no time stamp). */
    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory gzip failed", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} to {@code file} atomically ({@link AtomicFiles}). */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFiles.writeBytes(file, bytes);
    }
}

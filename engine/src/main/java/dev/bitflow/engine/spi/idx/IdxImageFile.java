package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An IDX images file opened for reading one image at a time: validated in one streaming pass (header, then
 * exactly the data the header announces and nothing more; the SHA-256 of the file as stored on the way), then
 * read by position. A raw file is read in place; a gzipped file or a classpath resource is decompressed once
 * into a temporary file, which {@link #close()} deletes (and, should close never come, the JVM's exit).
 * Memory stays at one buffer whatever the file's size. Reads are thread-safe.
 */
final class IdxImageFile implements Closeable {
    /** The stored bytes of an IDX file: a file or a classpath resource. */
    interface Stored {
        String name();

        InputStream open() throws IOException;

        /** The file, or null for a resource. */
        Path path();
    }

    private final String name;
    private final int count;
    private final int rows;
    private final int cols;
    private final String sha256;
    private final long storedBytes;
    private final RandomAccessFile file;
    private final long dataOffset;
    private final Path temporary;

    private IdxImageFile(String name, int count, int rows, int cols, String sha256, long storedBytes,
                         RandomAccessFile file, long dataOffset, Path temporary) {
        this.name = name;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.sha256 = sha256;
        this.storedBytes = storedBytes;
        this.file = file;
        this.dataOffset = dataOffset;
        this.temporary = temporary;
    }

    /** Validates {@code stored} and opens it for reading by position. */
    static IdxImageFile open(Stored stored) throws IOException {
        String name = stored.name();
        MessageDigest digest = sha256Digest();
        boolean gzip;
        try (InputStream probe = new BufferedInputStream(stored.open(), 2)) {
            probe.mark(2);
            gzip = IdxReader.isGzip(probe.readNBytes(2));
        }
        boolean inPlace = !gzip && stored.path() != null;
        Path temporary = inPlace ? null : Files.createTempFile("bitflow-idx-", ".images");
        temporary = temporary == null ? null : temporary.toAbsolutePath();
        if (temporary != null) {
            temporary.toFile().deleteOnExit();
        }
        try {
            long[] countedStored = new long[1];
            int[] dims;
            try (InputStream raw = stored.open();
                 CountingInputStream counted = new CountingInputStream(new DigestInputStream(raw, digest));
                 IdxReader.Body body = new IdxReader.Body(name, counted, gzip,
                         stored.path() != null ? Files.size(stored.path()) : -1)) {
                ByteBuffer header = body.header(16, IdxReader.IMAGES_MAGIC, 3, "images");
                int n = IdxReader.dimension(name, header.getInt(4), "image count", true);
                int r = IdxReader.dimension(name, header.getInt(8), "rows", false);
                int c = IdxReader.dimension(name, header.getInt(12), "columns", false);
                long expected = (long) n * r * c;
                if ((long) r * c > Integer.MAX_VALUE / 4 || expected / Math.max(1, n) != (long) r * c) {
                    throw new BadInputException(name + ": header says " + n + " images of " + r + "x" + c
                            + ", too large to load");
                }
                String says = "header says " + n + " images of " + r + "x" + c + " (" + expected + " bytes)";
                body.checkStored(16, expected, n + " images of " + r + "x" + c);
                if (temporary != null) {
                    requireTemporarySpace(name, temporary, expected);
                }
                if (temporary == null) {
                    body.transferData(expected, says, OutputStream.nullOutputStream());
                } else {
                    Path target = temporary;
                    AtomicFiles.write(target, out -> body.transferData(expected, says, out));
                }
                counted.transferTo(OutputStream.nullOutputStream()); // hash any bytes after the gzip member
                countedStored[0] = counted.count();
                dims = new int[] {n, r, c};
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path readFrom = inPlace ? stored.path() : temporary;
            RandomAccessFile file = new RandomAccessFile(readFrom.toFile(), "r");
            return new IdxImageFile(name, dims[0], dims[1], dims[2], sha, countedStored[0], file, inPlace ? 16 : 0,
                    temporary);
        } catch (IOException | RuntimeException | Error e) {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
    }

    /**
     * A gzipped file is decompressed to a temporary file for reading by position; refuses, before writing, a header
     * announcing more than the temporary folder can take (keeping 512 MB free), so a small compressed file cannot fill
     * the disk.
     */
    private static void requireTemporarySpace(String name, Path temporary, long expected) throws IOException {
        long usable = Files.getFileStore(temporary).getUsableSpace();
        long keep = 512L << 20;
        if (expected > usable - keep) {
            throw new BadInputException(name + ": the header announces " + expected + " bytes of pixels to decompress,"
                    + " but the temporary folder " + temporary.getParent() + " has only " + usable + " bytes free");
        }
    }

    String name() {
        return name;
    }

    int count() {
        return count;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** SHA-256 of the file as stored (compressed if it was gzipped). */
    String sha256() {
        return sha256;
    }

    long storedBytes() {
        return storedBytes;
    }

    /** Reads image {@code index} ({@code rows * cols} bytes) into {@code dst[offset ..]}. */
    void read(int index, byte[] dst, int offset) throws IOException {
        int size = rows * cols;
        synchronized (file) {
            file.seek(dataOffset + (long) index * size);
            file.readFully(dst, offset, size);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            file.close();
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }

        long count() {
            return count;
        }
    }
}

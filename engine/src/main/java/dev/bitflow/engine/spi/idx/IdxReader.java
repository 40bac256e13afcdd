package dev.bitflow.engine.spi.idx;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.spi.RawImages;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and validates IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.), gzipped or raw.
 *
 * <p>Format (all integers big-endian): a 4-byte magic number {@code 0x00 0x00 TYPE DIMS} where {@code TYPE}
 * 0x08 means unsigned byte and {@code DIMS} is the number of dimensions; then {@code DIMS} 32-bit sizes;
 * then the data, row-major. Images are {@code 0x00000803} (count, rows, cols) and labels {@code 0x00000801}
 * (count). A file whose first two bytes are the gzip magic {@code 1f 8b} is decompressed first, whatever
 * its name.
 *
 * <p>Every defect is a {@link BadInputException} whose message starts with the file name and says exactly
 * what is wrong: too short for a header, wrong magic (including a labels file given for images), a data
 * type other than unsigned byte, non-positive dimensions, truncated data or trailing bytes, a corrupt gzip
 * stream; {@link #combine} adds image/label count mismatch and out-of-range labels. The reader is stateless.
 *
 * <p>Memory ({@link ReadLimits}): a file is read only if it fits the read budget; the data a header announces
 * is allocated only if the stored file can hold it (a raw file: its length; gzip: deflate's largest
 * expansion of the stored bytes) and it fits the read budget together with the float32 copy every data-set
 * view makes (5 bytes per pixel), so a small file claiming millions of images is refused before anything is
 * allocated.
 */
public final class IdxReader {
    /** Magic number of an IDX3 unsigned-byte file (images: count x rows x cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX1 unsigned-byte file (labels: count). */
    public static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * Images from an IDX3 file.
     *
     * @param source file name used in messages
     * @param sha256 hex SHA-256 of the file as stored (compressed if it was gzipped)
     * @param pixels {@code count * rows * cols} unsigned bytes, image after image, row-major
     */
    public record Images(String source, int count, int rows, int cols, byte[] pixels, String sha256) {
    }

    /**
     * Labels from an IDX1 file.
     *
     * @param labels      {@code count} unsigned bytes
     * @param storedBytes the file's size as stored
     */
    public record Labels(String source, int count, byte[] labels, String sha256, long storedBytes) {
    }

    /** Reads and validates an image file (gzipped or raw). */
    public static Images readImages(Path file) throws IOException {
        return parseImages(file.getFileName().toString(), readFile(file));
    }

    /** Reads and validates a label file (gzipped or raw). */
    public static Labels readLabels(Path file) throws IOException {
        return parseLabels(file.getFileName().toString(), readFile(file));
    }

    /** Reads and validates images from a stream (for example a classpath resource), named {@code name}. */
    public static Images readImages(String name, InputStream in) throws IOException {
        return parseImages(name, in.readAllBytes());
    }

    /** Reads and validates labels from a stream (for example a classpath resource), named {@code name}. */
    public static Labels readLabels(String name, InputStream in) throws IOException {
        return parseLabels(name, in.readAllBytes());
    }

    /** Validates and decodes the bytes of an image file as stored (gzipped or raw). */
    public static Images parseImages(String name, byte[] stored) {
        try (Body body = new Body(name, stored)) {
            ByteBuffer buf = body.header(16, IMAGES_MAGIC, 3, "images");
            int count = dimension(name, buf.getInt(4), "image count", true);
            int rows = dimension(name, buf.getInt(8), "rows", false);
            int cols = dimension(name, buf.getInt(12), "columns", false);
            long expected = (long) count * rows; // < 2^62: fits
            if (expected > Long.MAX_VALUE / cols) {
                throw new BadInputException(name + ": header says " + count + " images of " + rows + "x" + cols
                        + ", too large to load");
            }
            expected *= cols;
            body.checkAnnounced(16, expected, count + " images of " + rows + "x" + cols);
            byte[] pixels = body.data(expected,
                    "header says " + count + " images of " + rows + "x" + cols + " (" + expected + " bytes)");
            return new Images(name, count, rows, cols, pixels, sha256(stored));
        }
    }

    /** Validates and decodes the bytes of a label file as stored (gzipped or raw). */
    public static Labels parseLabels(String name, byte[] stored) {
        try (Body body = new Body(name, stored)) {
            ByteBuffer buf = body.header(8, LABELS_MAGIC, 1, "labels");
            int count = dimension(name, buf.getInt(4), "label count", true);
            body.checkAnnounced(8, count, count + " labels");
            byte[] labels = body.data(count, "header says " + count + " labels (" + count + " bytes)");
            return new Labels(name, count, labels, sha256(stored), stored.length);
        }
    }

    /**
     * Pairs images with their labels into the SPI's {@link RawImages} (one channel), checking that the
     * counts agree and every label is in {@code 0..classCount-1}. The provenance checksum is the SHA-256 of
     * the text {@code "<images sha256>\n<labels sha256>\n"}, so it identifies both files as stored.
     */
    public static RawImages combine(Images images, Labels labels, int classCount) {
        if (images.count() != labels.count()) {
            throw new BadInputException(images.source() + " has " + images.count() + " images but "
                    + labels.source() + " has " + labels.count() + " labels; they must be the same split");
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            int label = labels.labels()[i] & 0xFF;
            if (label >= classCount) {
                throw new BadInputException(labels.source() + ": label " + label + " at index " + i
                        + " is outside 0.." + (classCount - 1) + " (" + classCount + " classes)");
            }
            y[i] = label;
        }
        String sha = sha256((images.sha256() + "\n" + labels.sha256() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return new RawImages(images.source() + " + " + labels.source(), images.count(), 1, images.rows(),
                images.cols(), images.pixels(), y, sha);
    }

    /**
     * Reads only the header of an IDX file (decompressing just its start if gzipped) and returns the first
     * dimension: the number of images or labels. Cheap, for listings; does not validate the data length.
     */
    public static int peekCount(Path file) throws IOException {
        return peekDimensions(file)[0];
    }

    /**
     * Reads only the header of an IDX images or labels file (decompressing just its start if gzipped): its
     * dimensions, {@code [count, rows, cols]} for images and {@code [count]} for labels. Cheap; does not validate
     * the data length.
     */
    public static int[] peekDimensions(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] head;
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] first = raw.readNBytes(2);
            InputStream rest = new java.io.SequenceInputStream(new ByteArrayInputStream(first), raw);
            InputStream in = isGzip(first) ? new GZIPInputStream(rest) : rest;
            head = in.readNBytes(16);
        } catch (ZipException | EOFException e) {
            throw new BadInputException(name + ": gzip data is corrupt (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new BadInputException(name + ": file not found: " + file, e);
        }
        if (head.length < 8) {
            throw new BadInputException(name + ": only " + head.length + " bytes, too short for an IDX header");
        }
        ByteBuffer buf = ByteBuffer.wrap(head);
        int magic = buf.getInt(0);
        if (magic != IMAGES_MAGIC && magic != LABELS_MAGIC) {
            throw new BadInputException(name + ": not an IDX file: magic number " + hex(magic) + ", expected "
                    + hex(IMAGES_MAGIC) + " (images) or " + hex(LABELS_MAGIC) + " (labels)");
        }
        if (magic == LABELS_MAGIC) {
            return new int[] {dimension(name, buf.getInt(4), "count", true)};
        }
        if (head.length < 16) {
            throw new BadInputException(name + ": truncated header: " + head.length + " bytes, an IDX images header"
                    + " has 16");
        }
        return new int[] {dimension(name, buf.getInt(4), "count", true), dimension(name, buf.getInt(8), "rows", false),
                dimension(name, buf.getInt(12), "columns", false)};
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B;
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new BadInputException(file.getFileName() + ": file not found: " + file);
        }
        return ReadLimits.readFile(file, ReadLimits.heapBudget(), "an IDX file that fits in memory");
    }

    static int dimension(String name, int value, String what, boolean zeroAllowed) {
        if (value < 0 || (value == 0 && !zeroAllowed)) {
            throw new BadInputException(name + ": invalid " + what + " " + value + " in the header");
        }
        return value;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "0x08 (unsigned byte)";
            case 0x09 -> "0x09 (signed byte)";
            case 0x0B -> "0x0B (short)";
            case 0x0C -> "0x0C (int)";
            case 0x0D -> "0x0D (float)";
            case 0x0E -> "0x0E (double)";
            default -> String.format("0x%02X (unknown)", type);
        };
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    /**
     * The decoded content of one stored file, read as a stream (gzip decompressed on the fly, so a damaged or
     * oversized file is caught without holding its whole decompressed copy): header, then exactly the data
     * the header announces, then a check that nothing follows.
     */
    static final class Body implements AutoCloseable {
        /** Largest array the JVM reliably allocates. */
        private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
        private final String name;
        private final InputStream in;
        private final long storedLength;
        private final boolean gzip;
        private long read;

        Body(String name, byte[] stored) {
            this(name, new ByteArrayInputStream(stored), isGzip(stored), stored.length);
        }

        /**
         * The content of {@code raw} (the file as stored, {@code storedLength} bytes, or -1 when not known in
         * advance), decompressed when {@code gzip}.
         */
        Body(String name, InputStream raw, boolean gzip, long storedLength) {
            this.name = name;
            this.storedLength = storedLength;
            this.gzip = gzip;
            try {
                this.in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            } catch (IOException e) {
                throw gzipError(e);
            }
        }

        ByteBuffer header(int headerBytes, int expectedMagic, int dims, String what) {
            byte[] head = readUpTo(4);
            if (head.length < 4) {
                throw new BadInputException(name + ": only " + head.length + " bytes, too short for an IDX header");
            }
            int magic = ByteBuffer.wrap(head).getInt();
            if (magic != expectedMagic) {
                String found;
                if ((magic >>> 16) != 0) {
                    found = "not an IDX file";
                } else if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
                    found = "this is an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels") + " file";
                } else if (((magic >>> 8) & 0xFF) != UNSIGNED_BYTE) {
                    found = "wrong data type " + typeName((magic >>> 8) & 0xFF)
                            + ", only unsigned byte (0x08) is supported";
                } else {
                    found = "wrong number of dimensions " + (magic & 0xFF) + ", " + what + " have " + dims;
                }
                throw new BadInputException(name + ": " + found + ": magic number " + hex(magic) + ", expected "
                        + hex(expectedMagic) + " (" + what + ")");
            }
            byte[] sizes = readUpTo(headerBytes - 4);
            if (sizes.length < headerBytes - 4) {
                throw new BadInputException(name + ": truncated header: " + (4 + sizes.length) + " bytes, an IDX "
                        + what + " header has " + headerBytes);
            }
            return ByteBuffer.allocate(headerBytes).put(head).put(sizes);
        }

        /**
         * Refuses a header announcing more data than the stored file can hold, or than the read budget,
         * before any of it is allocated.
         */
        void checkAnnounced(int headerBytes, long expected, String what) {
            checkStored(headerBytes, expected, what);
            // the pixels, and the float32 copy every consumer of a data set makes of them
            ReadLimits.requireHeap(name, "the header's " + what + ", with their float32 copy,",
                    Math.multiplyExact(expected, 1 + Float.BYTES));
        }

        /**
         * Refuses a header announcing more data than the stored file can hold (a raw file: its length; gzip:
         * deflate's largest expansion of the stored bytes) before any of it is read; nothing when the stored
         * length is not known.
         */
        void checkStored(int headerBytes, long expected, String what) {
            if (storedLength < 0) {
                return;
            }
            if (gzip) {
                ReadLimits.requireInflatable(name, "the header", expected + headerBytes, storedLength);
            } else if (expected > storedLength - headerBytes) {
                throw new BadInputException(name + ": truncated: header says " + what + " (" + expected
                        + " bytes) but only " + (storedLength - headerBytes) + " bytes follow");
            }
        }

        /** Exactly {@code expected} data bytes, then end of file. */
        byte[] data(long expected, String headerSays) {
            if (expected > MAX_ARRAY) {
                long present = countRest();
                throw new BadInputException(name + ": " + (present < expected
                        ? "truncated: " + headerSays + " but only " + present + " bytes follow"
                        : headerSays + ", too large to load"));
            }
            byte[] data = readUpTo((int) expected);
            if (data.length < expected) {
                throw new BadInputException(name + ": truncated: " + headerSays + " but only " + data.length
                        + " bytes follow");
            }
            long trailing = countRest();
            if (trailing > 0) {
                throw new BadInputException(name + ": " + trailing + " trailing bytes: " + headerSays + " but "
                        + (expected + trailing) + " bytes follow");
            }
            return data;
        }

        /**
         * Copies exactly {@code expected} data bytes to {@code out}, then checks that nothing follows (the
         * streaming twin of {@link #data}, for files larger than an array).
         */
        void transferData(long expected, String headerSays, OutputStream out) throws IOException {
            byte[] buffer = new byte[1 << 16];
            long left = expected;
            while (left > 0) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                } catch (IOException e) {
                    throw gzipError(e);
                }
                if (n < 0) {
                    throw new BadInputException(name + ": truncated: " + headerSays + " but only " + (expected - left)
                            + " bytes follow");
                }
                read += n;
                left -= n;
                out.write(buffer, 0, n);
            }
            long trailing = countRest();
            if (trailing > 0) {
                throw new BadInputException(name + ": " + trailing + " trailing bytes: " + headerSays + " but "
                        + (expected + trailing) + " bytes follow");
            }
        }

        private byte[] readUpTo(int n) {
            try {
                byte[] bytes = in.readNBytes(n);
                read += bytes.length;
                return bytes;
            } catch (IOException e) {
                throw gzipError(e);
            }
        }

        private long countRest() {
            try {
                return in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw gzipError(e);
            }
        }

        private BadInputException gzipError(IOException e) {
            if (e instanceof EOFException) {
                return new BadInputException(name + ": gzip data is truncated (the compressed file ends early after "
                        + read + " decompressed bytes; download it again)", e);
            }
            return new BadInputException(name + ": gzip data is corrupt (" + e.getMessage() + ")", e);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // in-memory streams; nothing to release
            }
        }
    }
}

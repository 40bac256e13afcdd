package dev.bitflow.engine.spi;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.FileDigest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The examples of one split, read on demand: a data-set plugin opens one ({@link DatasetProvider#open}) and the
 * engine reads examples through a bounded cache while it trains or evaluates, so a split never has to fit in
 * memory. Labels, class names and checksums are known when the source is opened; pixels are read per example.
 *
 * <p>An example is {@code channels * height * width} unsigned bytes, channel-major (c, y, x). {@link #read} must be
 * safe to call from several threads at once (the engine's read-ahead thread and its workers).
 */
public abstract class SplitSource implements Closeable {
    private final String source;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final List<String> classNames;
    private final List<FileDigest> files;

    /**
     * @param source     what was opened (files, folder), for messages
     * @param labels     one label per example, each in 0..classNames.size()-1 (the array is kept, not copied)
     * @param classNames class names, index = label
     * @param files      checksums of the files read, for the model's provenance
     * @throws BadInputException when a label is out of range, naming the source and the example
     */
    protected SplitSource(String source, int channels, int height, int width, int[] labels, List<String> classNames,
                          List<FileDigest> files) {
        this.source = Objects.requireNonNull(source, "source");
        if (channels < 1 || height < 1 || width < 1) {
            throw new BadInputException(source + ": invalid image shape " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = Objects.requireNonNull(labels, "labels");
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= this.classNames.size()) {
                throw new BadInputException(source + ": label " + labels[i] + " of example " + i + " is outside 0.."
                        + (this.classNames.size() - 1) + " (" + this.classNames.size() + " classes)");
            }
        }
    }

    /** Reads example {@code index} into {@code dst[offset .. offset + exampleBytes())}; thread-safe. */
    public abstract void read(int index, byte[] dst, int offset) throws IOException;

    /**
     * Whether the files changed since the source was opened (a folder gained or lost images, a file was
     * replaced), so that the engine opens it again. The default says no.
     */
    public boolean changedOnDisk() {
        return false;
    }

    /** Releases files and temporary copies. The default does nothing. */
    @Override
    public void close() throws IOException {
    }

    public final String source() {
        return source;
    }

    public final int count() {
        return labels.length;
    }

    public final int channels() {
        return channels;
    }

    public final int height() {
        return height;
    }

    public final int width() {
        return width;
    }

    /** Bytes per example: {@code channels * height * width}. */
    public final int exampleBytes() {
        return channels * height * width;
    }

    public final int label(int index) {
        return labels[index];
    }

    public final List<String> classNames() {
        return classNames;
    }

    public final List<FileDigest> files() {
        return files;
    }

    /**
     * One checksum for the whole split: the SHA-256 of the text {@code "<sha256 of files[0]>\n<sha256 of
     * files[1]>\n..."}. For IDX data (images, then labels) this is the checksum earlier versions stored.
     */
    public final String sha256() {
        StringBuilder text = new StringBuilder();
        for (FileDigest f : files) {
            text.append(f.sha256()).append('\n');
        }
        return sha256(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Example {@code index} as a new array. */
    public final byte[] read(int index) throws IOException {
        byte[] out = new byte[exampleBytes()];
        read(index, out, 0);
        return out;
    }

    /** A source over labelled images already in memory (what {@link DatasetProvider#load} returns). */
    public static SplitSource inMemory(RawImages raw, List<String> classNames) {
        return new SplitSource(raw.source(), raw.channels(), raw.height(), raw.width(), raw.labels(), classNames,
                List.of(new FileDigest(raw.source(), 1, raw.pixels().length, raw.sha256()))) {
            @Override
            public void read(int index, byte[] dst, int offset) {
                int size = exampleBytes();
                System.arraycopy(raw.pixels(), index * size, dst, offset, size);
            }
        };
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}

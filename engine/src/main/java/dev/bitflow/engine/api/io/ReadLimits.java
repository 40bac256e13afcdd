package dev.bitflow.engine.api.io;

import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much memory a reader may allocate for what an input declares, for every reader of the workbench
 * (definitions, model files, data files, plugins). Two bounds, both checked <em>before</em> allocating:
 * <ul>
 *   <li>the input's real size: a raw file holds at most its length; deflate (zip entries, gzip) expands one
 *       stored byte into at most {@value #DEFLATE_MAX_RATIO} bytes (RFC 1951: a 258-byte match coded in about
 *       two bits), so a declared size beyond {@code stored * 1032} is a lie, refused before inflating;</li>
 *   <li>the Java heap: everything one input declares, added up over its entries (not per entry), is at most
 *       {@link #heapBudget()}, half the heap, since decoding keeps a second copy (bytes, then floats).</li>
 * </ul>
 * Both refusals are {@link BadInputException}s naming the source, what it declares and the bound.
 */
public final class ReadLimits {
    /** Deflate's largest expansion: one compressed byte decodes to at most this many bytes. */
    public static final long DEFLATE_MAX_RATIO = 1032;
    /** Slack for container headers (a gzip or zip header, an empty deflate block) in the deflate bound. */
    private static final long DEFLATE_SLACK = 1024;

    private ReadLimits() {
    }

    /** The most bytes one input may make a reader hold: half the maximum Java heap. */
    public static long heapBudget() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * Refuses an input that declares more than {@link #heapBudget()} bytes in total.
     *
     * @param source   names the input (file and entry)
     * @param declared what the input says it holds, e.g. {@code "5 entries of 10.0 GB in total"}
     * @param bytes    the bytes that would be allocated
     */
    public static void requireHeap(String source, String declared, long bytes) {
        long budget = heapBudget();
        if (bytes > budget) {
            throw new BadInputException(source + ": " + declared + " would need " + format(bytes)
                    + " of memory, more than one file may take (" + format(budget) + ", half the Java heap); "
                    + "if the file is genuine, give Java more memory, e.g. BITFLOW_JAVA_OPTS=-Xmx"
                    + Math.max(2, (bytes * 2 >> 30) + 2) + "g");
        }
    }

    /**
     * Refuses a deflate stream (zip entry, gzip file) that declares more bytes than its stored size can hold.
     *
     * @param stored   the compressed size on disk
     * @param declared the decompressed size the container or content claims
     */
    public static void requireInflatable(String source, String what, long declared, long stored) {
        if (declared > maxInflated(stored)) {
            throw new BadInputException(source + ": " + what + " declares " + format(declared) + " but its "
                    + format(stored) + " of compressed data can hold at most " + format(maxInflated(stored))
                    + "; the file is damaged or forged");
        }
    }

    /** The most bytes {@code stored} bytes of deflate data (with a container header) can decode to. */
    public static long maxInflated(long stored) {
        return stored > (Long.MAX_VALUE - DEFLATE_SLACK) / DEFLATE_MAX_RATIO ? Long.MAX_VALUE
                : stored * DEFLATE_MAX_RATIO + DEFLATE_SLACK;
    }

    /**
     * Reads a whole file of at most {@code maxBytes}, refusing a longer one without reading past the limit.
     * Works for files whose size is unknown in advance (devices, pipes): at most {@code maxBytes + 1} bytes
     * are read.
     *
     * @param what names the kind of file in the message, e.g. {@code "a network definition"}
     */
    public static byte[] readFile(Path file, long maxBytes, String what) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw tooLong(file, maxBytes, what, Files.size(file));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLong(file, maxBytes, what, -1);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file", e);
        }
    }

    private static BadInputException tooLong(Path file, long maxBytes, String what, long size) {
        return new BadInputException(file + ": " + (size < 0 ? "longer than " + format(maxBytes) : format(size))
                + "; " + what + " is at most " + format(maxBytes) + (Files.isRegularFile(file) ? ""
                : " (this is not a regular file)"));
    }

    /** A byte count for messages: {@code 512 bytes}, {@code 3.4 MB}, {@code 10.0 GB} (powers of 1024). */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

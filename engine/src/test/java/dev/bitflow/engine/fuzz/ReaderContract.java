package dev.bitflow.engine.fuzz;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.io.ReadLimits;
import dev.bitflow.engine.reliability.Allocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every reader promises for any input, checked by the fuzz targets: it returns, or throws a
 * {@link BadInputException} (a typed, worded error); anything else (a runtime exception, an Error, an
 * OutOfMemoryError) is a finding. And it allocates at most a bound derived from the input's size:
 * {@code perByte * length + 64 MiB} (perByte covers the copies a reader makes, times deflate's expansion for
 * compressed formats).
 */
public final class ReaderContract {
    /** Fixed allowance for parsers, class initialisation and buffers. */
    public static final long CONSTANT = 64L << 20;
    /** Per input byte, for formats read as they are (JSON, raw IDX). */
    public static final long PLAIN = 64;
    /** Per input byte, for deflate-compressed formats: three copies of the largest expansion. */
    public static final long DEFLATED = 3 * ReadLimits.DEFLATE_MAX_RATIO;

    private ReaderContract() {
    }

    public static void check(byte[] input, long perByte, Allocations.Work read) {
        Allocations.Measured m = Allocations.measure(read);
        if (m.thrown() != null && !(m.thrown() instanceof BadInputException)) {
            throw new AssertionError("a reader let a " + m.thrown().getClass().getName()
                    + " escape instead of a worded BadInputException: " + m.thrown().getMessage(), m.thrown());
        }
        if (m.thrown() != null && (m.thrown().getMessage() == null || m.thrown().getMessage().isBlank())) {
            throw new AssertionError("a BadInputException without a message", m.thrown());
        }
        long bound = perByte * input.length + CONSTANT;
        if (m.bytes() > bound) {
            m = Allocations.measure(read); // the first read in a JVM also initialises classes: measure once more
        }
        if (m.bytes() > bound) {
            throw new AssertionError("reading " + input.length + " bytes allocated " + m.bytes()
                    + " bytes, more than the bound " + bound);
        }
    }

    /** Writes {@code input} to a scratch file (one per target and JVM) for readers that take a path. */
    public static Path scratch(String name, byte[] input) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "bitflow-fuzz-" + ProcessHandle.current().pid());
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

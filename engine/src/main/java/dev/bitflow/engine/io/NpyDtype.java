package dev.bitflow.engine.io;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The numpy element types our {@code .npy} files use, each with its numpy {@code descr} string. All
 * multi-byte types are little-endian ({@code <}); single bytes have no byte order ({@code |}).
 */
public enum NpyDtype {
    /** float32: parameters, BatchNorm statistics, optimiser state. */
    FLOAT32("<f4", 4),
    /** int16: BatchShift integer shifts of fused models. */
    INT16("<i2", 2),
    /** int32: counts, indices. */
    INT32("<i4", 4),
    /** uint8: flags (flip, constant channel), small enums. */
    UINT8("|u1", 1),
    /** int64: packed bits as signed words. */
    INT64("<i8", 8),
    /** uint64: packed bits (bit 1 = +1), 64 channels per word. */
    UINT64("<u8", 8);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The numpy {@code descr} string, for example {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The type with this {@code descr}, if we support it. {@code <u1}/{@code <i1}-style aliases of {@code |u1} are accepted. */
    public static Optional<NpyDtype> fromDescr(String descr) {
        String normalized = descr.equals("<u1") || descr.equals("u1") ? "|u1" : descr;
        return Arrays.stream(values()).filter(t -> t.descr.equals(normalized)).findFirst();
    }

    /** The supported {@code descr} strings, for error messages. */
    public static String supportedList() {
        return Arrays.stream(values()).map(NpyDtype::descr).collect(Collectors.joining(", "));
    }
}

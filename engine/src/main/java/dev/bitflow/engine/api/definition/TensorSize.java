package dev.bitflow.engine.api.definition;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The largest tensor any kernel of the workbench can index, and exact element counts. Every tensor (a
 * layer's weights, one example's activations, a packed bit plane) lives in one Java array indexed by an
 * {@code int}, so it holds at most {@value #MAX_ELEMENTS} elements (the largest array length every JVM
 * allocates). Counts are multiplied exactly ({@link BigInteger}), so a product that does not fit a
 * {@code long} is reported with its true value instead of wrapping around to a small or negative number.
 */
public final class TensorSize {
    /** At most this many elements in one tensor: {@code Integer.MAX_VALUE - 8}, the JVMs' array limit. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;
    private static final BigInteger MAX = BigInteger.valueOf(MAX_ELEMENTS);

    private TensorSize() {
    }

    /** The exact product of {@code dims}. */
    public static BigInteger product(long... dims) {
        BigInteger p = BigInteger.ONE;
        for (long d : dims) {
            p = p.multiply(BigInteger.valueOf(d));
        }
        return p;
    }

    /** Whether a tensor of {@code dims} fits one array ({@code 0 <= product <= MAX_ELEMENTS}). */
    public static boolean fits(long... dims) {
        BigInteger p = product(dims);
        return p.signum() >= 0 && p.compareTo(MAX) <= 0;
    }

    /**
     * The element count of a tensor of {@code dims} as an {@code int}.
     *
     * @param what names the tensor in the message, for example {@code conv2d 'c1' weights}
     * @throws IllegalArgumentException if it does not fit one array, with the exact count
     */
    public static int elements(String what, long... dims) {
        if (!fits(dims)) {
            throw new IllegalArgumentException(tooLarge(what, dims));
        }
        return product(dims).intValueExact();
    }

    /** {@code "<what>: 1024 x 1024 x 4096 = 4,294,967,296 values, more than the 2,147,483,639 one tensor can hold"}. */
    public static String tooLarge(String what, long... dims) {
        String factors = Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(" x "));
        return what + ": " + factors + " = " + String.format(java.util.Locale.ROOT, "%,d", product(dims))
                + " values, more than the " + String.format(java.util.Locale.ROOT, "%,d", MAX_ELEMENTS)
                + " one tensor can hold";
    }
}

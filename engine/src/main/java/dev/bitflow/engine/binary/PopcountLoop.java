package dev.bitflow.engine.binary;

import java.util.Arrays;
import java.util.List;

/**
 * How the fast conv walks the transposed weights; all variants give identical results. The out-channel
 * loop is always innermost with an {@code int} accumulator per out channel; the variants differ in how many
 * input words one pass over the out channels consumes and in which weight layout they read. Whether a
 * variant is fast depends on what HotSpot C2 auto-vectorises (measured numbers in docs/kernels.md):
 * <ul>
 *   <li>{@link #ONE_WORD_PER_PASS}, {@link #FOUR_WORDS_PER_PASS}: the flat
 *       {@code long} layout {@code Wt[k][outChannel]},
 *       {@code acc[m] += bitCount(Wt[k][m] ^ x0) + ... + bitCount(Wt[k+j-1][m] ^ x(j-1))}. From JDK 20 on,
 *       C2 turns {@code Long.bitCount} in such loops into AVX-512 {@code vpopcntq}; JDK 17 cannot
 *       vectorise {@code Long.bitCount} and stays at one scalar {@code popcnt} per word.</li>
 *   <li>{@link #INT_ROWS_FOUR_HALVES_PER_PASS}: each 64-bit weight word split into two 32-bit halves, each
 *       (tap, word, half) row of out channels in its own {@code int[]}, four halves per pass. JDK 17's C2
 *       does vectorise {@code Integer.bitCount} ({@code vpopcntd}), but only when all arrays of the loop are
 *       indexed by the bare loop variable, hence one array per row.</li>
 *   <li>{@link #VECTOR_INT_BLOCKS}: not a pass over an accumulator array but the Vector API kernel
 *       ({@link IntBlockConvKernel}): 32-bit halves, 128 out channels' counts in registers, channel blocks as
 *       the outer loop. Conv only (the dense layers use the flat loops); available only on Java 21+ started
 *       with {@code --add-modules jdk.incubator.vector} on a CPU with 512-bit vectors
 *       ({@link #available()}).</li>
 * </ul>
 */
public enum PopcountLoop {
    ONE_WORD_PER_PASS,
    FOUR_WORDS_PER_PASS,
    INT_ROWS_FOUR_HALVES_PER_PASS,
    VECTOR_INT_BLOCKS;

    /**
     * The variant measured fastest on the running JVM: the Vector API kernel where it is available, else
     * the int rows before JDK 20 (no vectorised {@code Long.bitCount}) and four long words per pass from JDK
     * 20 on.
     */
    public static PopcountLoop forRunningJvm() {
        if (VECTOR_INT_BLOCKS.available()) {
            return VECTOR_INT_BLOCKS;
        }
        return autoVectorisedForRunningJvm();
    }

    /**
     * The fastest of the loops C2 vectorises by itself on the running JVM: the int rows before JDK 20 (no vectorised
     * {@code Long.bitCount}), four long words per pass from JDK 20 on.
     */
    public static PopcountLoop autoVectorisedForRunningJvm() {
        return Runtime.version().feature() >= 20 ? FOUR_WORDS_PER_PASS : INT_ROWS_FOUR_HALVES_PER_PASS;
    }

    /** Whether the running JVM can use this variant (all but {@link #VECTOR_INT_BLOCKS} always can). */
    public boolean available() {
        return this != VECTOR_INT_BLOCKS || VectorKernelLookup.kernel().isPresent();
    }

    /** The variants the running JVM can use. */
    public static List<PopcountLoop> availableValues() {
        return Arrays.stream(values()).filter(PopcountLoop::available).toList();
    }

    /** One line for reports: whether the Vector API kernel is on, and if not, why. */
    public static String vectorKernelStatus() {
        return VectorKernelLookup.status();
    }
}

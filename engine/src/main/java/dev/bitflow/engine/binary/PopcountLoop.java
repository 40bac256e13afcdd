package dev.bitflow.engine.binary;

/**
 * How the fast kernels walk the transposed weights {@code Wt[k][outChannel]}; both give identical results.
 * <ul>
 *   <li>{@link #ONE_WORD_PER_PASS}: {@code acc[m] += bitCount(Wt[k][m] ^ x)}, one input word per pass over
 *       the out channels. HotSpot C2 from JDK 20 on auto-vectorises this loop into AVX-512
 *       {@code vpopcntq}; measured 3.7 ms for a 3x3 256->256 56x56 conv on JDK 25 here, 11.4 ms on JDK 17.</li>
 *   <li>{@link #FOUR_WORDS_PER_PASS}: four input words per pass,
 *       {@code acc[m] += bitCount(Wt[k][m] ^ x0) + ... + bitCount(Wt[k+3][m] ^ x3)}: a quarter of the
 *       accumulator loads/stores; best where popcount stays scalar (JDK 17: 10.2 ms), worse on JDK 25
 *       (4.7 ms) because it is not vectorised as well.</li>
 * </ul>
 */
public enum PopcountLoop {
    ONE_WORD_PER_PASS,
    FOUR_WORDS_PER_PASS;

    /** The faster loop for the running JVM: one word per pass on JDK 20+, four words per pass before. */
    public static PopcountLoop forRunningJvm() {
        return Runtime.version().feature() >= 20 ? ONE_WORD_PER_PASS : FOUR_WORDS_PER_PASS;
    }
}

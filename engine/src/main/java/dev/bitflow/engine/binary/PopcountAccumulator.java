package dev.bitflow.engine.binary;

/**
 * The inner loop shared by the fast conv and dense kernels: for {@code words} consecutive input words
 * {@code x[xBase + w]} and the matching rows of transposed weights {@code wt[wtBase + w * n + m]},
 * {@code acc[m] += popcount(wt[..][m] XOR x[w])} for every output unit {@code m < n}. The out-unit loop is
 * innermost with an {@code int} accumulator, the layout measured fastest here (docs/kernels.md).
 */
final class PopcountAccumulator {
    private PopcountAccumulator() {
    }

    static void accumulate(long[] x, int xBase, int words, long[] wt, int wtBase, int n, int[] acc,
                           PopcountLoop loop) {
        int w = 0;
        if (loop == PopcountLoop.FOUR_WORDS_PER_PASS) {
            for (; w + 4 <= words; w += 4) {
                long x0 = x[xBase + w];
                long x1 = x[xBase + w + 1];
                long x2 = x[xBase + w + 2];
                long x3 = x[xBase + w + 3];
                int b0 = wtBase + w * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                for (int m = 0; m < n; m++) {
                    acc[m] += Long.bitCount(wt[b0 + m] ^ x0) + Long.bitCount(wt[b1 + m] ^ x1)
                            + Long.bitCount(wt[b2 + m] ^ x2) + Long.bitCount(wt[b3 + m] ^ x3);
                }
            }
        }
        for (; w < words; w++) {
            long v = x[xBase + w];
            int b = wtBase + w * n;
            for (int m = 0; m < n; m++) {
                acc[m] += Long.bitCount(wt[b + m] ^ v);
            }
        }
    }

    /** {@code acc[m] += add[base + m]} for {@code m < n}. */
    static void addRow(int[] add, int base, int n, int[] acc) {
        for (int m = 0; m < n; m++) {
            acc[m] += add[base + m];
        }
    }
}

package dev.bitflow.engine.binary;

/**
 * The inner loop shared by the fast conv and dense kernels: for {@code words} consecutive input words
 * {@code x[xBase + w]} and the matching rows of transposed weights {@code wt[wtBase + w * n + m]},
 * {@code acc[m] += popcount(wt[..][m] XOR x[w])} for every output unit {@code m < n}. The out-unit loop is
 * innermost with an {@code int} accumulator, the layout measured fastest here (docs/kernels.md). The
 * {@link PopcountLoop} says how many input words one pass over the out units consumes.
 */
final class PopcountAccumulator {
    private PopcountAccumulator() {
    }

    static void accumulate(long[] x, int xBase, int words, long[] wt, int wtBase, int n, int[] acc,
                           PopcountLoop loop) {
        int w = 0;
        if (loop != PopcountLoop.ONE_WORD_PER_PASS) {
            for (; w + 4 <= words; w += 4) {
                pass4(x, xBase + w, wt, wtBase + w * n, n, acc);
            }
        }
        for (; w < words; w++) {
            pass1(x[xBase + w], wt, wtBase + w * n, n, acc);
        }
    }

    private static void pass1(long v, long[] wt, int b, int n, int[] acc) {
        for (int m = 0; m < n; m++) {
            acc[m] += Long.bitCount(wt[b + m] ^ v);
        }
    }

    private static void pass4(long[] x, int xi, long[] wt, int b0, int n, int[] acc) {
        long x0 = x[xi];
        long x1 = x[xi + 1];
        long x2 = x[xi + 2];
        long x3 = x[xi + 3];
        int b1 = b0 + n;
        int b2 = b1 + n;
        int b3 = b2 + n;
        for (int m = 0; m < n; m++) {
            acc[m] += Long.bitCount(wt[b0 + m] ^ x0) + Long.bitCount(wt[b1 + m] ^ x1)
                    + Long.bitCount(wt[b2 + m] ^ x2) + Long.bitCount(wt[b3 + m] ^ x3);
        }
    }

    /**
     * The int-row layout of transposed weights {@code wt[w * n + m]} ({@code words} rows of {@code n} out units): row
     * {@code 2 * w + h} holds the 32-bit half {@code h} of word {@code w} for every out unit, each row its own array.
     */
    static int[][] halfRows(long[] wt, int words, int n) {
        int[][] rows = new int[2 * words][n];
        for (int r = 0; r < rows.length; r++) {
            int row = r >>> 1;
            int shift = (r & 1) << 5;
            for (int m = 0; m < n; m++) {
                rows[r][m] = (int) (wt[row * n + m] >>> shift);
            }
        }
        return rows;
    }

    /**
     * The same sums from the int-row layout ({@link #halfRows}, {@link PackedConvWeights#halfRows()}): row
     * {@code rowBase + h} holds the 32-bit half {@code h % 2} of word {@code h / 2} for every out unit, at
     * offset 0 of its own array. Four halves per pass. JDK 17's C2 vectorises
     * {@code acc[m] += Integer.bitCount(row[m] ^ v)} (AVX-512 {@code vpopcntd}) only when every array is
     * indexed by the bare loop variable, which is why each row is its own array.
     */
    static void accumulateHalves(long[] x, int xBase, int words, int[][] rows, int rowBase, int n, int[] acc) {
        int halves = 2 * words;
        int h = 0;
        for (; h + 4 <= halves; h += 4) {
            long xa = x[xBase + (h >>> 1)];
            long xb = x[xBase + (h >>> 1) + 1];
            halfPass4(rows[rowBase + h], rows[rowBase + h + 1], rows[rowBase + h + 2], rows[rowBase + h + 3],
                    (int) xa, (int) (xa >>> 32), (int) xb, (int) (xb >>> 32), n, acc);
        }
        for (; h < halves; h++) {
            long xw = x[xBase + (h >>> 1)];
            halfPass1(rows[rowBase + h], (int) (xw >>> ((h & 1) << 5)), n, acc);
        }
    }

    /**
     * For inputs of at most 32 channels, whose words' high halves are 0 in both the input and the weights (so they
     * count nothing): {@code acc[m] += popcount(rows[tapRows[t]][m] ^ tapValues[t])} over the {@code taps} low halves
     * given, four per pass. The taps may come from different kernel rows, so all the inside taps of a pixel (nine for
     * a 3x3 kernel) take three passes over the out units instead of one pass of up to four halves per kernel row.
     */
    static void accumulateLowHalves(int[][] rows, int[] tapRows, int[] tapValues, int taps, int n, int[] acc) {
        int t = 0;
        for (; t + 4 <= taps; t += 4) {
            halfPass4(rows[tapRows[t]], rows[tapRows[t + 1]], rows[tapRows[t + 2]], rows[tapRows[t + 3]],
                    tapValues[t], tapValues[t + 1], tapValues[t + 2], tapValues[t + 3], n, acc);
        }
        for (; t < taps; t++) {
            halfPass1(rows[tapRows[t]], tapValues[t], n, acc);
        }
    }

    private static void halfPass4(int[] r0, int[] r1, int[] r2, int[] r3, int v0, int v1, int v2, int v3, int n,
                                  int[] acc) {
        for (int m = 0; m < n; m++) {
            acc[m] += Integer.bitCount(r0[m] ^ v0) + Integer.bitCount(r1[m] ^ v1) + Integer.bitCount(r2[m] ^ v2)
                    + Integer.bitCount(r3[m] ^ v3);
        }
    }

    private static void halfPass1(int[] r, int v, int n, int[] acc) {
        for (int m = 0; m < n; m++) {
            acc[m] += Integer.bitCount(r[m] ^ v);
        }
    }

    /** {@code acc[m] += add[base + m]} for {@code m < n}. */
    static void addRow(int[] add, int base, int n, int[] acc) {
        for (int m = 0; m < n; m++) {
            acc[m] += add[base + m];
        }
    }
}

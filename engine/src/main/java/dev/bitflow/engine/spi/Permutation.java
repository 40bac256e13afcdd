package dev.bitflow.engine.spi;

import java.util.Random;

/**
 * The seeded permutation every reproducible choice of examples uses (validation parts, shuffles, test parts of data
 * sets without a published split): Fisher-Yates from the last position down, driven by {@link Random}, whose
 * sequence the Java specification fixes, so a seed gives the same order on every JDK.
 */
public final class Permutation {
    private Permutation() {
    }

    /** A permutation of {@code 0..n-1} fixed by {@code seed}. */
    public static int[] of(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

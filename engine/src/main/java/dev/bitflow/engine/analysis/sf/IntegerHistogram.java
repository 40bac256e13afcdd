package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.analysis.SfHistogram;
import java.util.Arrays;

/**
 * Counts of integer values, one bin per integer, growing to the observed range (a dense layer with K = 6272
 * would need 12545 bins per channel if allocated for the whole [-K, K]).
 */
final class IntegerHistogram {
    private long[] counts = new long[0];
    private int min;

    void add(int v) {
        if (counts.length == 0) {
            counts = new long[16];
            min = v - 8;
        }
        int i = v - min;
        if (i < 0 || i >= counts.length) {
            int newMin = Math.min(min, v);
            int newMax = Math.max(min + counts.length - 1, v);
            int span = newMax - newMin + 1;
            int slack = Math.max(8, span / 2);
            long[] grown = new long[span + 2 * slack];
            int lo = newMin - slack;
            System.arraycopy(counts, 0, grown, min - lo, counts.length);
            counts = grown;
            min = lo;
            i = v - min;
        }
        counts[i]++;
    }

    /** The histogram trimmed to the observed range. */
    SfHistogram toReport() {
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        if (first == counts.length) {
            return new SfHistogram(0, new long[0]);
        }
        int last = counts.length - 1;
        while (counts[last] == 0) {
            last--;
        }
        return new SfHistogram(min + first, Arrays.copyOfRange(counts, first, last + 1));
    }
}

package dev.bitflow.engine.fuse;

import java.util.function.LongPredicate;

/**
 * Where a monotone predicate turns from false to true: the exact BatchNorm sign of an integer dot product or of a
 * float32 value is monotone in it (for a fixed sign of gamma), so its threshold is found by bisection with the exact
 * test, in at most 64 evaluations whatever the parameters (a double-precision estimate is tried first and kept when
 * the exact test confirms it, which is the usual case). No walk of unbounded length, even where the estimate is far
 * off (for example after cancellation in {@code mean - beta sigma / gamma}).
 */
final class MonotoneSearch {
    private MonotoneSearch() {
    }

    /**
     * The smallest t in {@code [lo, hi]} with {@code test(t)}, or {@code hi + 1} when there is none; {@code test}
     * must be false up to some point and true after it.
     *
     * @param guess a likely answer (any value; clamped to {@code [lo, hi + 1]})
     */
    static long firstTrue(long lo, long hi, long guess, LongPredicate test) {
        long g = Math.max(lo, Math.min(hi + 1, guess));
        boolean atG = g <= hi && test.test(g);
        boolean beforeG = g > lo && test.test(g - 1);
        if ((g > hi || atG) && !beforeG) {
            return g;
        }
        long a = lo;
        long b = hi + 1; // invariant: test is false below a, true at b (hi + 1 counts as true)
        while (a < b) {
            long m = a + (b - a) / 2;
            if (test.test(m)) {
                b = m;
            } else {
                a = m + 1;
            }
        }
        return a;
    }

    /** A float's position in the order of finite floats (-0 just below +0), as an int; {@link #fromKey} inverts it. */
    static long key(float f) {
        int i = Float.floatToRawIntBits(f);
        return i ^ ((i >> 31) & 0x7fffffff);
    }

    static float fromKey(long key) {
        int k = (int) key;
        return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7fffffff));
    }
}

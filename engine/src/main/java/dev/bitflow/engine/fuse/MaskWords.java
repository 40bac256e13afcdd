package dev.bitflow.engine.fuse;

import dev.bitflow.engine.binary.PackedBits;

/** Per-channel flags as per-word bit masks (channel c = bit c % 64 of word c / 64), the kernels' format. */
final class MaskWords {
    private MaskWords() {
    }

    /** The mask of {@code flags}, or null if no flag is set. */
    static long[] of(boolean[] flags) {
        long[] m = new long[PackedBits.wordsFor(flags.length)];
        boolean any = false;
        for (int c = 0; c < flags.length; c++) {
            if (flags[c]) {
                m[c >>> 6] |= 1L << (c & 63);
                any = true;
            }
        }
        return any ? m : null;
    }

    /** The mask of {@code values} restricted to {@code where}, or null if {@code where} has no flag. */
    static long[] of(boolean[] values, boolean[] where) {
        if (of(where) == null) {
            return null;
        }
        long[] m = new long[PackedBits.wordsFor(values.length)];
        for (int c = 0; c < values.length; c++) {
            if (values[c] && where[c]) {
                m[c >>> 6] |= 1L << (c & 63);
            }
        }
        return m;
    }

    static boolean get(long[] mask, int c) {
        return mask != null && ((mask[c >>> 6] >>> (c & 63)) & 1L) != 0;
    }
}

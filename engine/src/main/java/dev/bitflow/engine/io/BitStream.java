package dev.bitflow.engine.io;

/**
 * Dense bit streams for the .bff file: {@code groups} groups of {@code bitsPerGroup} bits, stored in the
 * kernels' padded layout (each group starts a new 64-bit word, unused high bits 0) in memory and as one
 * continuous stream on disk (bit j of the stream is bit {@code j % 64} of word {@code j / 64}), so the file
 * holds exactly one bit per binary weight plus at most 63 bits of padding per layer.
 */
final class BitStream {
    private BitStream() {
    }

    static long[] pack(long[] padded, int groups, int bitsPerGroup) {
        int wpg = (bitsPerGroup + 63) >>> 6;
        long total = (long) groups * bitsPerGroup;
        long[] out = new long[(int) ((total + 63) >>> 6)];
        long j = 0;
        for (int g = 0; g < groups; g++) {
            for (int b = 0; b < bitsPerGroup; b++, j++) {
                if (((padded[g * wpg + (b >>> 6)] >>> (b & 63)) & 1L) != 0) {
                    out[(int) (j >>> 6)] |= 1L << (j & 63);
                }
            }
        }
        return out;
    }

    static long[] unpack(long[] stream, int groups, int bitsPerGroup) {
        int wpg = (bitsPerGroup + 63) >>> 6;
        long[] out = new long[groups * wpg];
        long j = 0;
        for (int g = 0; g < groups; g++) {
            for (int b = 0; b < bitsPerGroup; b++, j++) {
                if (((stream[(int) (j >>> 6)] >>> (j & 63)) & 1L) != 0) {
                    out[g * wpg + (b >>> 6)] |= 1L << (b & 63);
                }
            }
        }
        return out;
    }

    static int words(long bits) {
        return (int) ((bits + 63) >>> 6);
    }
}

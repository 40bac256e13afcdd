package dev.bitflow.engine.fuse;

/**
 * The fused SF + BatchNorm + sign of one binary layer, per output channel c: the layer's (possibly negated)
 * integer dot product {@code s'} gives {@code +1 iff s' + shift[c] >= 0}. Where {@code flipped[c]} the
 * channel's binary weights are negated ({@code s' = -s}); where {@code constant[c]} the output is
 * {@code constantValue[c]} (true = +1) whatever the input. Only integers and flags: no floats.
 *
 * <p>{@code dotLength} is the full dot-product length K (kernel * kernel * inChannels or dense inputs); every
 * shift satisfies {@code |shift| <= K + 1}, so int16 holds it for K up to 32766.
 */
public record BatchShift(String layer, int dotLength, short[] shift, boolean[] flipped, boolean[] constant,
                         boolean[] constantValue) {
    public BatchShift {
        int n = shift.length;
        if (flipped.length != n || constant.length != n || constantValue.length != n) {
            throw new IllegalArgumentException("BatchShift arrays of layer '" + layer + "' differ in length");
        }
    }

    public int channels() {
        return shift.length;
    }

    /** The output bit of channel {@code c} for the unflipped dot product {@code s} (the slow, obvious rule). */
    public boolean bit(int c, int s) {
        if (constant[c]) {
            return constantValue[c];
        }
        int sPrime = flipped[c] ? -s : s;
        return sPrime + shift[c] >= 0;
    }

    public int flippedCount() {
        int n = 0;
        for (boolean f : flipped) {
            n += f ? 1 : 0;
        }
        return n;
    }

    public int constantCount() {
        int n = 0;
        for (boolean f : constant) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** Smallest shift over non-constant channels (0 if all are constant). */
    public int minShift() {
        int m = Integer.MAX_VALUE;
        for (int c = 0; c < shift.length; c++) {
            if (!constant[c]) {
                m = Math.min(m, shift[c]);
            }
        }
        return m == Integer.MAX_VALUE ? 0 : m;
    }

    /** Largest shift over non-constant channels (0 if all are constant). */
    public int maxShift() {
        int m = Integer.MIN_VALUE;
        for (int c = 0; c < shift.length; c++) {
            if (!constant[c]) {
                m = Math.max(m, shift[c]);
            }
        }
        return m == Integer.MIN_VALUE ? 0 : m;
    }

    /** Bits of a two's-complement integer that holds every shift of this layer (at least 1). */
    public int bitWidth() {
        int lo = minShift();
        int hi = maxShift();
        int bits = 1;
        while (lo < -(1L << (bits - 1)) || hi > (1L << (bits - 1)) - 1) {
            bits++;
        }
        return bits;
    }
}

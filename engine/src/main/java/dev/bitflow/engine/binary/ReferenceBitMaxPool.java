package dev.bitflow.engine.binary;

/**
 * The slow, obvious bit max-pool: per output value, the max (OR channels) or min (AND channels) of the
 * window's ±1 values, one bit at a time. {@link BitMaxPool} is tested against it.
 */
public final class ReferenceBitMaxPool {
    public PackedBits pool(PackedBits in, int size, int stride, long[] andMaskPerWord) {
        BitMaxPool.checkArguments(in, size, stride, andMaskPerWord);
        int outH = (in.height() - size) / stride + 1;
        int outW = (in.width() - size) / stride + 1;
        PackedBits out = PackedBits.zeros(in.channels(), outH, outW);
        for (int c = 0; c < in.channels(); c++) {
            boolean useMin = andMaskPerWord != null && ((andMaskPerWord[c >>> 6] >>> (c & 63)) & 1L) != 0;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    boolean any = false;
                    boolean all = true;
                    for (int ky = 0; ky < size; ky++) {
                        for (int kx = 0; kx < size; kx++) {
                            boolean v = in.get(oy * stride + ky, ox * stride + kx, c);
                            any |= v;
                            all &= v;
                        }
                    }
                    out.set(oy, ox, c, useMin ? all : any);
                }
            }
        }
        return out;
    }
}

package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.BitMaxPoolLayer;

/**
 * A fused conv first layer's first pool taken before the threshold ({@link FirstLayerVectorKernel#thresholdPooled}):
 * each pooled pixel's bits come from one threshold of the extreme value of its 2x2 window, not from four thresholds
 * and an OR or AND of their bits ({@link BitMaxPoolLayer}, what {@link FusedFirstLayer#applyReference} does).
 *
 * <p><b>Why it is exact.</b> Let {@code z = sign * (y + 0)} be the value the kernel thresholds ({@link
 * FirstLayerKernel}: the bit is the clear sign bit of {@code z - sign * t}, which for finite {@code y} is the
 * reference test {@code y >= t}, or {@code y <= t} where {@code sign = -1}). As a real number that test is
 * {@code z >= sign * t}: a step function that does not decrease with {@code z}, whatever {@code t} is (infinite
 * thresholds give a constant). So over a window the OR of the bits is the bit of the largest {@code z} and the AND the
 * bit of the smallest: the pool keeps the largest {@code z} of an OR channel and the smallest of an AND channel. The
 * kernel takes the vector max of {@code keep * z} (with {@code keep} = +1 for an OR channel, -1 for an AND channel,
 * {@link #keepSign}), then multiplies by {@code keep} again; negation is exact, so the result is, bit for bit, the
 * {@code z} of one window pixel whose value is the extreme one, and its threshold gives that pixel's bit. Signed zeros
 * cannot make the max pick a different bit pattern for an equal value: {@code y + 0} is never -0, so all zeros of
 * {@code keep * z} in one channel have the sign of {@code keep * sign}. Constant channels are overwritten after the
 * pool, as the OR or AND of constant bits is that constant. The float sums themselves are the unpooled kernel's.
 *
 * <p>Only 2x2 windows whose stride is at least 2 (they do not overlap, so each pixel is computed once) are taken this
 * way; the output rows and columns that no window covers (the pool's floor division) are not computed at all.
 *
 * @param stride    the pool's stride, in conv output pixels
 * @param outH      pooled rows, {@code (convH - 2) / stride + 1}
 * @param outW      pooled columns
 * @param keepSign  per channel (padded to the plan's {@code paddedC}): +1 where the pool keeps the largest {@code z}
 *                  (an OR channel, and every padded one), -1 where it keeps the smallest (an AND channel)
 * @param valueSign {@code keepSign * sign}: the factor that turns {@code y + 0} into {@code keep * z}
 * @param andMask   per word of the plan's {@code paddedC} channels, the AND channels (where {@code keepSign} is -1)
 */
record FirstLayerPool(int stride, int outH, int outW, float[] keepSign, float[] valueSign, long[] andMask) {
    /**
     * The form of {@code pool} for a conv output of {@code convH x convW} laid out by {@code plan}, or null where it
     * does not apply ({@link BitMaxPoolLayer#disjointTwoByTwoOn}: other window sizes, overlapping windows, or a pool
     * that does not fit the map, which the bit pool rejects with its own message).
     */
    static FirstLayerPool of(BitMaxPoolLayer pool, int convH, int convW, FirstLayerPlan plan) {
        if (!pool.disjointTwoByTwoOn(plan.outC(), convH, convW)) {
            return null;
        }
        float[] sign = plan.sign();
        float[] keep = new float[sign.length];
        float[] value = new float[sign.length];
        long[] andMask = new long[(sign.length + 63) / 64];
        for (int o = 0; o < sign.length; o++) {
            keep[o] = o < plan.outC() && pool.pooledByAnd(o) ? -1f : 1f;
            value[o] = keep[o] * sign[o];
            if (keep[o] < 0) {
                andMask[o >>> 6] |= 1L << (o & 63);
            }
        }
        return new FirstLayerPool(pool.stride(), pool.outSize(convH), pool.outSize(convW), keep, value, andMask);
    }
}

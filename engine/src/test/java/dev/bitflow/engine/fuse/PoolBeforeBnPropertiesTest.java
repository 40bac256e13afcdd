package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.binary.BitMaxPool;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.reference.BnParameters;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;

/**
 * conv -> maxpool -> BN -> sign equals threshold -> OR (gamma &gt; 0) / AND (gamma &lt; 0) with the BatchShift
 * of the layer, for every window of integer dot products: exact, no tolerance.
 */
class PoolBeforeBnPropertiesTest {

    @Property(tries = 800)
    void thresholdThenOrAndEqualsMaxThenBatchNormThenSign(
            @ForAll @Size(4) List<@IntRange(min = -9, max = 9) Integer> window,
            @ForAll @FloatRange(min = -3f, max = 3f) float gamma, @ForAll @FloatRange(min = -2f, max = 2f) float beta,
            @ForAll @FloatRange(min = -6f, max = 6f) float mean, @ForAll @FloatRange(min = 0.01f, max = 20f) float var,
            @ForAll @FloatRange(min = 0.05f, max = 1f) float alpha) {
        BnParameters bn = BnParameters.of("bn", new float[] {gamma}, new float[] {beta}, new float[] {mean},
                new float[] {var}, 1e-5);
        BatchShift shift = new BatchShiftFolder().fold("conv", bn, new float[] {alpha}, null, 9);
        // the fused path: the (flipped) dot products of a 2x2 window, thresholded, then OR/AND pooled
        PackedBits bits = PackedBits.zeros(1, 2, 2);
        for (int i = 0; i < 4; i++) {
            bits.set(i / 2, i % 2, 0, shift.bit(0, window.get(i)));
        }
        long[] andMask = MaskWords.of(shift.flipped());
        boolean fused = BitMaxPool.pool(bits, 2, 2, andMask).get(0, 0, 0);
        // the exact-real float path: max of y = alpha * s, then BN, then sign
        int maxS = window.stream().mapToInt(Integer::intValue).max().orElseThrow();
        boolean expected = gamma == 0 ? beta >= 0
                : new ExactBnSign(gamma, beta, mean, bn.sigma(0)).nonNegative(alpha, maxS, 0.0);
        assertThat(fused).as("window %s shift %d flipped %s", window, shift.shift()[0], shift.flipped()[0])
                .isEqualTo(expected);
    }
}

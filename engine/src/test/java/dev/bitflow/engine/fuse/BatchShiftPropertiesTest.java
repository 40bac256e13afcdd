package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.fused.FloatThreshold;
import dev.bitflow.engine.reference.BnParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * BatchShift against BatchNorm + sign: exactly equal to the exact-real decision for every integer dot product
 * (the float32 edges, and the float path with its ties, are {@link FloatEdgesPropertiesTest}).
 */
class BatchShiftPropertiesTest {

    /** One channel's parameters. */
    record Channel(float gamma, float beta, float mean, float var, double eps, float alpha, float bias) {
    }

    private static final BatchShiftFolder FOLDER = new BatchShiftFolder();

    @Provide
    Arbitrary<Channel> channels() {
        Arbitrary<Float> gamma = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.floats().between(-3f, 3f).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0f, -0f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1e-6f, -1e-6f, 1e4f, -1e4f)));
        Arbitrary<Float> beta = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.floats().between(-5f, 5f).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0f, -0f, 1e5f, -1e5f)));
        Arbitrary<Float> mean = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.floats().between(-60f, 60f).ofScale(6)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-60, 60).map(Integer::floatValue)));
        Arbitrary<Float> var = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.floats().between(0f, 400f).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0f, 1e-30f)));
        Arbitrary<Double> eps = Arbitraries.of(1e-5, 1e-3, 1e-12, 1e-30, 1.0, 1e6, 1e-45);
        Arbitrary<Float> alpha = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1f)),
                net.jqwik.api.Tuple.of(4, Arbitraries.floats().between(1e-4f, 1f).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0.5f, 0.25f, 0.125f)));
        Arbitrary<Float> bias = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0f)),
                net.jqwik.api.Tuple.of(3, Arbitraries.floats().between(-3f, 3f).ofScale(6)));
        return Combinators.combine(gamma, beta, mean, var, eps, alpha, bias).as(Channel::new)
                .filter(c -> bn(c).sigma(0) > 0);
    }

    private static BnParameters bn(Channel c) {
        return BnParameters.of("bn", new float[] {c.gamma()}, new float[] {c.beta()}, new float[] {c.mean()},
                new float[] {c.var()}, c.eps());
    }

    private static ExactBnSign exact(Channel c) {
        return new ExactBnSign(c.gamma(), c.beta(), c.mean(), bn(c).sigma(0));
    }

    @Property(tries = 1500)
    void batchShiftEqualsExactBnSignForEveryDotProduct(@ForAll("channels") Channel c,
                                                       @ForAll @IntRange(min = 1, max = 200) int k) {
        BatchShift shift = FOLDER.fold("conv", bn(c), new float[] {c.alpha()}, new float[] {c.bias()}, k);
        ExactBnSign exact = exact(c);
        assertThat(Math.abs(shift.shift()[0])).isLessThanOrEqualTo(k + 1);
        for (int s = -k; s <= k; s++) {
            boolean expected = c.gamma() == 0 ? c.beta() >= 0 : exact.nonNegative(c.alpha(), s, c.bias());
            assertThat(shift.bit(0, s)).as("s=%d %s shift=%d", s, c, shift.shift()[0]).isEqualTo(expected);
        }
    }

    @Property(tries = 500)
    void thresholdExactlyOnAnIntegerIsInclusive(@ForAll @IntRange(min = -40, max = 40) int t,
                                                @ForAll boolean negativeGamma,
                                                @ForAll @IntRange(min = 0, max = 3) int alphaExponent) {
        // beta = 0, alpha a power of two, bias 0: tau = mean / alpha = t exactly; z(t) = 0 must give +1.
        float alpha = (float) Math.scalb(1.0, -alphaExponent);
        float mean = alpha * t;
        float gamma = negativeGamma ? -1.5f : 1.5f;
        BnParameters bn = BnParameters.of("bn", new float[] {gamma}, new float[] {0f}, new float[] {mean},
                new float[] {0.7f}, 1e-5);
        BatchShift shift = FOLDER.fold("conv", bn, new float[] {alpha}, null, 64);
        assertThat(shift.bit(0, t)).isTrue();
        assertThat(shift.bit(0, t + 1)).isEqualTo(!negativeGamma);
        assertThat(shift.bit(0, t - 1)).isEqualTo(negativeGamma);
        assertThat(shift.flipped()[0]).isEqualTo(negativeGamma);
        assertThat(shift.shift()[0]).isEqualTo((short) (negativeGamma ? t : -t));
    }

    @Example
    void zeroGammaIsAConstantChannelWithSignOfBetaAndSignOfZeroPlusOne() {
        BnParameters bn = BnParameters.of("bn", new float[] {0f, 0f, -0f}, new float[] {0f, -2f, 3f},
                new float[] {1f, 1f, 1f}, new float[] {1f, 1f, 1f}, 1e-5);
        BatchShift shift = FOLDER.fold("conv", bn, null, null, 9);
        assertThat(shift.constant()).containsExactly(true, true, true);
        assertThat(shift.constantValue()).containsExactly(true, false, true);
        assertThat(shift.constantCount()).isEqualTo(3);
    }

    @Example
    void biasIsIncludedInTheShift() {
        // z = y = s + 2.5 (no BN): +1 iff s >= -2.5 iff s >= -2 -> B = 2
        BatchShift shift = FOLDER.fold("dense", BnParameters.identity(1), null, new float[] {2.5f}, 10);
        assertThat(shift.shift()[0]).isEqualTo((short) 2);
        assertThat(shift.bit(0, -2)).isTrue();
        assertThat(shift.bit(0, -3)).isFalse();
    }

    @Example
    void saturatedThresholdsAreClampedToKPlusOne() {
        BnParameters bn = BnParameters.of("bn", new float[] {1f, 1f}, new float[] {0f, 0f},
                new float[] {1e6f, -1e6f}, new float[] {1f, 1f}, 1e-5);
        BatchShift shift = FOLDER.fold("conv", bn, null, null, 9);
        assertThat(shift.shift()).containsExactly((short) -10, (short) 9);
        for (int s = -9; s <= 9; s++) {
            assertThat(shift.bit(0, s)).isFalse();
            assertThat(shift.bit(1, s)).isTrue();
        }
        assertThat(shift.bitWidth()).isEqualTo(5);
    }

    @Example
    void zeroVarianceWithAnEpsilonBelowFloat32IsNotFusable() {
        BnParameters bn = BnParameters.of("bn1", new float[] {1f}, new float[] {0f}, new float[] {0f},
                new float[] {0f}, 1e-50);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FOLDER.fold("conv2", bn, null, null, 9))
                .isInstanceOf(NotFusableException.class)
                .hasMessageContaining("conv2").hasMessageContaining("sigma");
    }

    @Property(tries = 1000)
    void firstLayerThresholdEqualsExactDecisionForEveryFloat(@ForAll("channels") Channel c,
                                                             @ForAll("values") float y) {
        FloatThreshold t = new FirstLayerThresholdFolder().fold("conv1", bn(c));
        boolean expected = c.gamma() == 0 ? c.beta() >= 0 : exact(c).nonNegative(y);
        assertThat(t.bit(0, y)).as("y=%s %s T=%s", y, c, t.threshold()[0]).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Float> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.floats().between(-100f, 100f).ofScale(6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-60, 60).map(Integer::floatValue)));
    }
}

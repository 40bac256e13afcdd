package dev.bitflow.engine.analysis.sf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.BatchShiftFolder;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.LayerParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The identity behind the report, {@code BN(alpha s + b; mu, var, eps) = BN(s + b; (mu-b)/alpha + b, var/alpha^2,
 * eps/alpha^2)}, checked for every integer s in [-K, K] over random channels (gamma positive, negative and zero,
 * tiny and huge alpha, epsilon from 1e-8 to 10, with and without bias) on the float32 path the report runs.
 */
class RescalingPropertiesTest {
    record Channel(float alpha, float bias, float gamma, float beta, float mean, float var, double eps) {
    }

    @Provide
    Arbitrary<Channel> channels() {
        Arbitrary<Float> alpha = Arbitraries.oneOf(Arbitraries.floats().between(1e-3f, 1f).ofScale(7),
                Arbitraries.floats().between(1f, 50f).ofScale(5));
        Arbitrary<Float> bias = Arbitraries.oneOf(Arbitraries.just(0f), Arbitraries.floats().between(-3f, 3f).ofScale(6));
        Arbitrary<Float> gamma = Arbitraries.oneOf(Arbitraries.just(0f), Arbitraries.floats().between(-3f, 3f).ofScale(6));
        Arbitrary<Float> beta = Arbitraries.oneOf(Arbitraries.just(0f), Arbitraries.floats().between(-2f, 2f).ofScale(6));
        Arbitrary<Float> mean = Arbitraries.floats().between(-20f, 20f).ofScale(5);
        Arbitrary<Float> var = Arbitraries.floats().between(1e-4f, 400f).ofScale(6);
        Arbitrary<Double> eps = Arbitraries.of(1e-8, 1e-5, 1e-3, 0.1, 10.0);
        return Combinators.combine(alpha, bias, gamma, beta, mean, var, eps).as(Channel::new);
    }

    private static BinaryLayerSite site(Channel c, int k) {
        LayerParameters lp = new LayerParameters("l", true, new float[k], new float[k], new float[] {c.alpha()},
                c.bias() == 0f ? null : new float[] {c.bias()});
        BnParameters bn = BnParameters.of("bn", new float[] {c.gamma()}, new float[] {c.beta()},
                new float[] {c.mean()}, new float[] {c.var()}, c.eps());
        return new BinaryLayerSite("l", "dense", 0, 1, lp, bn, Shape.flat(k), Shape.flat(1), k);
    }

    private static float z(BinaryLayerSite site, SiteMode mode, float s) {
        return mode.bn().apply(0, y(site, mode, s));
    }

    private static float y(BinaryLayerSite site, SiteMode mode, float s) {
        LayerParameters lp = site.linear();
        float y = mode.alphaApplied()[0] ? lp.alpha()[0] * s : s;
        return lp.bias() == null ? y : y + lp.bias()[0];
    }

    /** Whether z of {@code mode} at s lies within the report's tie margin. */
    private static boolean tie(BinaryLayerSite site, SiteMode mode, int s, float z, float b) {
        return Math.abs((double) z) <= SfCancellationAnalyzer.tieBound(mode.bn(), 0, y(site, mode, s), b);
    }

    @Property(tries = 800)
    void rescaledStatisticsGiveTheSameSignsExceptFloat32Ties(@ForAll("channels") Channel c,
                                                             @ForAll @IntRange(min = 1, max = 400) int k) {
        BinaryLayerSite site = site(c, k);
        SiteMode trained = new SiteMode(new boolean[] {true}, site.bn());
        SiteMode rescaled = SfCancellationAnalyzer.rescale(site, true);
        assertThat(rescaled.alphaApplied()[0]).isFalse();
        float b = c.bias();
        for (int s = -k; s <= k; s++) {
            float za = z(site, trained, s);
            float zb = z(site, rescaled, s);
            if ((za >= 0f) != (zb >= 0f)) {
                boolean tie = tie(site, trained, s, za, b) || tie(site, rescaled, s, zb, b);
                assertThat(tie).as("s = %d: z %s vs %s", s, za, zb).isTrue();
            }
        }
    }

    @Property(tries = 800)
    void exactIntegerThresholdsMoveOnlyAcrossTies(@ForAll("channels") Channel c,
                                                   @ForAll @IntRange(min = 1, max = 400) int k) {
        BinaryLayerSite site = site(c, k);
        SiteMode trained = new SiteMode(new boolean[] {true}, site.bn());
        SiteMode rescaled = SfCancellationAnalyzer.rescale(site, true);
        BatchShiftFolder folder = new BatchShiftFolder();
        BatchShift a = folder.fold("l", trained.bn().channel(0), new float[] {c.alpha()},
                c.bias() == 0f ? null : new float[] {c.bias()}, k);
        BatchShift r = folder.fold("l", rescaled.bn().channel(0), null,
                c.bias() == 0f ? null : new float[] {c.bias()}, k);
        assertThat(r.constant()[0]).isEqualTo(a.constant()[0]);
        if (a.constant()[0]) {
            assertThat(r.constantValue()[0]).isEqualTo(a.constantValue()[0]);
            return;
        }
        assertThat(r.flipped()[0]).isEqualTo(a.flipped()[0]);
        // every s on which the two exact thresholds disagree must be a float32 tie of the trained channel
        for (int s = -k; s <= k; s++) {
            if (a.bit(0, s) != r.bit(0, s)) {
                float za = z(site, trained, s);
                assertThat(tie(site, trained, s, za, c.bias()))
                        .as("s = %d, z = %s", s, za).isTrue();
            }
        }
    }
}

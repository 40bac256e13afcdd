package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.fused.FusedFirstLayer;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.TieBound;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * BatchNorm and scaling-factor parameters from the whole float32 range (subnormals, values near overflow, zero
 * variance, epsilon from 0 to 1, thresholds exactly on reachable integers), fused through the real pipeline in a
 * small network: either fusion refuses with a reason naming the layer, or the fused layer equals the exact-real
 * decision on every reachable input and the float32 layer on every reachable input except sound ties. Soundness
 * itself is checked: for every input, {@code |z - Z| <= E} holds exactly (BigDecimal) for the float network's z,
 * the exact Z and the tie bound E.
 */
class FloatEdgesPropertiesTest {

    /** One channel of a binary layer: scaling factor, bias, BatchNorm. */
    record Channel(float alpha, Float bias, float gamma, float beta, float mean, float var, double eps) {
    }

    /** Any finite float: moderate, every exponent alike (random bit patterns), and the named edges. */
    static Arbitrary<Float> anyFloat() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.floats().between(-3f, 3f).ofScale(6)),
                Tuple.of(3, Arbitraries.integers().map(Float::intBitsToFloat).filter(Float::isFinite)),
                Tuple.of(2, Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 3 * Float.MIN_VALUE,
                        Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-40f, -1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
                        1e38f, -1e38f, 3e38f, 1f, -1f, 0.5f)));
    }

    static Arbitrary<Double> epsilons() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0.0, Double.MIN_VALUE, 1e-50, 1e-46, 7e-46, 1e-45, 3e-45, 1e-40, 1e-38,
                        1e-30, 1e-12, 1e-5, 1e-3, 0.1, 0.5, 1.0)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1)));
    }

    @Provide
    Arbitrary<Channel> channels() {
        Arbitrary<Float> positive = anyFloat().map(Math::abs);
        Arbitrary<Float> var = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0f)), Tuple.of(3, positive));
        Arbitrary<Float> bias = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((Float) null)),
                Tuple.of(1, anyFloat()));
        Arbitrary<Channel> independent = Combinators.combine(positive, bias, anyFloat(), anyFloat(), anyFloat(), var,
                epsilons()).as(Channel::new);
        // a moderate channel with gamma, beta scaled by 2^e and alpha, bias, mean by 2^f, var by 2^2f: the same
        // function in exact arithmetic, pushed towards underflow and overflow in float32
        Arbitrary<Channel> scaled = Combinators.combine(moderate(), Arbitraries.integers().between(-170, 130),
                Arbitraries.integers().between(-150, 125)).as((c, e, f) -> new Channel(scalb(c.alpha(), f),
                c.bias() == null ? null : scalb(c.bias(), f), scalb(c.gamma(), e), scalb(c.beta(), e),
                scalb(c.mean(), f), scalb(c.var(), 2 * f), c.eps()));
        // a model file holds finite parameters only (the reader refuses others)
        return Arbitraries.frequencyOf(Tuple.of(2, independent), Tuple.of(3, scaled), Tuple.of(2, moderate()))
                .filter(c -> Float.isFinite(c.alpha()) && (c.bias() == null || Float.isFinite(c.bias()))
                        && Float.isFinite(c.gamma()) && Float.isFinite(c.beta()) && Float.isFinite(c.mean())
                        && Float.isFinite(c.var()));
    }

    /** Ordinary channels, half of them with the threshold exactly on a reachable integer t (beta = 0). */
    private static Arbitrary<Channel> moderate() {
        Arbitrary<Channel> plain = Combinators.combine(Arbitraries.floats().between(1e-3f, 2f).ofScale(6),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just((Float) null)),
                        Tuple.of(1, Arbitraries.floats().between(-2f, 2f).ofScale(6))),
                Arbitraries.floats().between(-3f, 3f).ofScale(6), Arbitraries.floats().between(-2f, 2f).ofScale(6),
                Arbitraries.floats().between(-20f, 20f).ofScale(5), Arbitraries.floats().between(0f, 50f).ofScale(5),
                epsilons()).as(Channel::new);
        Arbitrary<Channel> onInteger = Combinators.combine(plain, Arbitraries.integers().between(-12, 12))
                .as((c, t) -> new Channel(c.alpha(), c.bias(), c.gamma(), 0f,
                        c.alpha() * t + (c.bias() == null ? 0f : c.bias()), c.var(), c.eps()));
        return Arbitraries.oneOf(plain, onInteger);
    }

    private static float scalb(float v, int e) {
        return (float) Math.scalb((double) v, e);
    }

    /** dense fc0 (float, 1 -> K) + bn0 + sign, dense fc1 (binary, K -> 1, the channel) + bn1 + sign, dense fc2. */
    static TrainedNetwork network(Channel c, int k, long seed) {
        List<LayerSpec> layers = List.of(new DenseSpec("fc0", k, Precision.FLOAT, ScalingFactor.NONE, true),
                new BatchNormSpec("bn0", 1e-5, 0.9, true), new SignSpec("sign0"),
                new DenseSpec("fc1", 1, Precision.BINARY, ScalingFactor.MEAN_ABS, c.bias() != null),
                new BatchNormSpec("bn1", c.eps(), 0.9, true), new SignSpec("sign1"),
                new DenseSpec("fc2", 2, Precision.FLOAT, ScalingFactor.NONE, false));
        Random r = new Random(seed);
        ParameterSet ps = new ParameterSet();
        ps.put("fc0", ParameterSet.WEIGHTS, new Tensor(new int[] {1, k}, gaussian(r, k)));
        ps.put("fc0", ParameterSet.BIAS, new Tensor(new int[] {k}, gaussian(r, k)));
        float[] ones = new float[k];
        java.util.Arrays.fill(ones, 1f);
        ps.put("bn0", ParameterSet.GAMMA, new Tensor(new int[] {k}, ones));
        ps.put("bn0", ParameterSet.BETA, new Tensor(new int[] {k}, new float[k]));
        ps.put("bn0", ParameterSet.MEAN, new Tensor(new int[] {k}, new float[k]));
        ps.put("bn0", ParameterSet.VAR, new Tensor(new int[] {k}, ones.clone()));
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            w[i] = r.nextBoolean() ? c.alpha() : -c.alpha(); // alpha = mean |w| = c.alpha() exactly
        }
        ps.put("fc1", ParameterSet.WEIGHTS, new Tensor(new int[] {k, 1}, w));
        if (c.bias() != null) {
            ps.put("fc1", ParameterSet.BIAS, new Tensor(new int[] {1}, new float[] {c.bias()}));
        }
        bn(ps, "bn1", c.gamma(), c.beta(), c.mean(), c.var());
        ps.put("fc2", ParameterSet.WEIGHTS, new Tensor(new int[] {1, 2}, new float[] {1f, -1f}));
        return new TrainedNetwork(RandomNetworks.definition("edges", Shape.flat(1), layers), ps, null);
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void bn(ParameterSet ps, String name, float gamma, float beta, float mean, float var) {
        ps.put(name, ParameterSet.GAMMA, new Tensor(new int[] {1}, new float[] {gamma}));
        ps.put(name, ParameterSet.BETA, new Tensor(new int[] {1}, new float[] {beta}));
        ps.put(name, ParameterSet.MEAN, new Tensor(new int[] {1}, new float[] {mean}));
        ps.put(name, ParameterSet.VAR, new Tensor(new int[] {1}, new float[] {var}));
    }

    /** Whether the float network's steps for this channel stay finite for every s in [-K, K]. */
    private static boolean floatFinite(Channel c, BnParameters bn, int k) {
        if (!(bn.sigma(0) > 0) || !Float.isFinite(bn.sigma(0))) {
            return false;
        }
        for (int s = -k; s <= k; s++) {
            float y = value(c, s);
            float d = bn.centred(0, y);
            float n = bn.scaled(0, d);
            float q = BnParameters.normalised(n, bn.sigma(0));
            if (!Float.isFinite(c.alpha() * (float) s) || !Float.isFinite(y) || !Float.isFinite(d)
                    || !Float.isFinite(n) || !Float.isFinite(q) || !Float.isFinite(bn.shifted(0, q))) {
                return false;
            }
        }
        return true;
    }

    /** The float network's value of fc1 for the dot product s: fl(fl(alpha * s) + b). */
    private static float value(Channel c, int s) {
        return FloatOps.scaleAndShift(s, new float[] {c.alpha()}, c.bias() == null ? null : new float[] {c.bias()}, 0);
    }

    @Property(tries = 2500)
    void fusionRefusesWithAReasonOrEqualsTheFloatLayerExceptSoundTies(@ForAll("channels") Channel c,
                                                                      @ForAll @IntRange(min = 1, max = 160) int k) {
        TrainedNetwork net = network(c, k, k);
        BnParameters bn = BnParameters.of("bn1", new float[] {c.gamma()}, new float[] {c.beta()},
                new float[] {c.mean()}, new float[] {c.var()}, c.eps());
        FusionPipeline.Result fused;
        try {
            fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        } catch (NotFusableException e) {
            Statistics.label("binary layer").collect("refused");
            // refused exactly when the float network leaves the finite range for some reachable s
            assertThat(floatFinite(c, bn, k)).as("refused although finite: %s", e.getMessage()).isFalse();
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.layer()).isIn("fc1", "bn1"));
            return;
        }
        assertThat(floatFinite(c, bn, k)).as("fused although not finite").isTrue();
        BatchShift shift = fused.state().shift(1);
        float sigma = bn.sigma(0);
        ExactBnSign exact = new ExactBnSign(c.gamma(), c.beta(), c.mean(), sigma);
        double bias = c.bias() == null ? 0 : c.bias();
        int ties = 0;
        int flips = 0;
        for (int s = -k; s <= k; s++) {
            boolean fusedBit = shift.bit(0, s);
            assertThat(fusedBit).as("fused vs exact at s = %d, %s", s, c).isEqualTo(exact.nonNegative(c.alpha(), s, bias));
            float y = value(c, s);
            float z = bn.apply(0, y);
            double bound = TieBound.bound(TieBound.Source.BINARY_LAYER, true, c.bias() == null ? 0f : c.bias(), bn, 0, y);
            // soundness: |z - Z| <= E exactly, i.e. |z sigma - (gamma (alpha s + b - mean) + beta sigma)| <= E sigma
            BigDecimal sig = new BigDecimal(sigma);
            BigDecimal exactTimesSigma = new BigDecimal(c.gamma()).multiply(new BigDecimal(c.alpha())
                    .multiply(BigDecimal.valueOf(s)).add(new BigDecimal(bias)).subtract(new BigDecimal(c.mean())))
                    .add(new BigDecimal(c.beta()).multiply(sig));
            assertThat(new BigDecimal(z).multiply(sig).subtract(exactTimesSigma).abs()
                    .compareTo(new BigDecimal(bound).multiply(sig))).as("|z - Z| <= E at s = %d, z = %s, E = %s, %s",
                    s, z, bound, c).isLessThanOrEqualTo(0);
            ties += TieBound.isTie(z, bound) ? 1 : 0;
            if ((z >= 0f) != fusedBit) {
                flips++;
                assertThat(TieBound.isTie(z, bound)).as("mismatch outside a tie at s = %d z = %s E = %s %s", s, z,
                        bound, c).isTrue();
            }
        }
        Statistics.label("binary layer").collect(shift.constant()[0] ? "fused, constant"
                : flips > 0 ? "fused, float32 flips at ties" : ties > 0 ? "fused, ties that did not flip" : "fused");
    }

    @Property(tries = 1500)
    void theFirstLayerThresholdEqualsTheFloatLayerExceptSoundTiesOrIsRefused(
            @ForAll("channels") Channel c, @ForAll("anyFloats") float weight, @ForAll("anyFloats") float bias0) {
        // fc0: y = fl(fl(w x) + b0) for inputs x in [-1, 1]; bn0 takes the channel's BatchNorm
        List<LayerSpec> layers = List.of(new DenseSpec("fc0", 1, Precision.FLOAT, ScalingFactor.NONE, true),
                new BatchNormSpec("bn0", c.eps(), 0.9, true), new SignSpec("sign0"),
                new DenseSpec("fc1", 2, Precision.BINARY, ScalingFactor.NONE, false),
                new BatchNormSpec("bn1", 1e-5, 0.9, true), new SignSpec("sign1"),
                new DenseSpec("fc2", 2, Precision.FLOAT, ScalingFactor.NONE, false));
        ParameterSet ps = new ParameterSet();
        ps.put("fc0", ParameterSet.WEIGHTS, new Tensor(new int[] {1, 1}, new float[] {weight}));
        ps.put("fc0", ParameterSet.BIAS, new Tensor(new int[] {1}, new float[] {bias0}));
        bn(ps, "bn0", c.gamma(), c.beta(), c.mean(), c.var());
        ps.put("fc1", ParameterSet.WEIGHTS, new Tensor(new int[] {1, 2}, new float[] {1f, -1f}));
        ps.put("bn1", ParameterSet.GAMMA, new Tensor(new int[] {2}, new float[] {1f, 1f}));
        ps.put("bn1", ParameterSet.BETA, new Tensor(new int[] {2}, new float[2]));
        ps.put("bn1", ParameterSet.MEAN, new Tensor(new int[] {2}, new float[2]));
        ps.put("bn1", ParameterSet.VAR, new Tensor(new int[] {2}, new float[] {1f, 1f}));
        ps.put("fc2", ParameterSet.WEIGHTS, new Tensor(new int[] {2, 2}, new float[] {1f, -1f, 1f, 1f}));
        TrainedNetwork net = new TrainedNetwork(RandomNetworks.definition("edges", Shape.flat(1), layers), ps, null);
        BnParameters bn = BnParameters.of("bn0", new float[] {c.gamma()}, new float[] {c.beta()},
                new float[] {c.mean()}, new float[] {c.var()}, c.eps());
        float[] inputs = {-1f, 1f, 0f, -0f, 0.5f, -0.25f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 0.999f, -0.7f,
            0.123f, 1f / 127.5f - 1f, 200f / 127.5f - 1f};
        FusionPipeline.Result fused;
        try {
            fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        } catch (NotFusableException e) {
            Statistics.label("first layer").collect("refused");
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.layer()).isIn("fc0", "bn0"));
            return;
        }
        Statistics.label("first layer").collect("fused");
        FusedFirstLayer first = fused.network().first();
        for (float x : inputs) {
            float y = first.preThreshold(new float[] {x})[0];
            float z = bn.apply(0, y);
            assertThat(Float.isFinite(y) && Float.isFinite(z)).as("fused, but not finite at x = %s", x).isTrue();
            boolean fusedBit = first.threshold().bit(0, y);
            boolean exact = new ExactBnSign(c.gamma(), c.beta(), c.mean(), bn.sigma(0)).nonNegative(y);
            assertThat(fusedBit).as("threshold vs exact at y = %s, %s", y, c).isEqualTo(exact);
            if ((z >= 0f) != fusedBit) {
                double bound = TieBound.bound(TieBound.Source.FIRST_LAYER, false, 0f, bn, 0, y);
                assertThat(TieBound.isTie(z, bound)).as("mismatch outside a tie at y = %s z = %s", y, z).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Float> anyFloats() {
        return anyFloat();
    }
}

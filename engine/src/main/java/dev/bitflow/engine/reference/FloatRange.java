package dev.bitflow.engine.reference;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.fuse.BatchShift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Proves that the float network ({@link FloatReferenceForward}) computes only finite values, for every input the
 * model can receive, or names where it cannot: a value that may overflow float32 (and then become infinite or,
 * through {@code 0 * Inf} or {@code Inf - Inf}, NaN) or a BatchNorm whose float32 sigma is not positive (a
 * division by zero: an epsilon below float32's smallest value adds nothing to a zero variance).
 *
 * <h2>How</h2>
 * Every layer's output gets, per channel (per element for flat shapes), an interval {@code [lo, hi]} of float32
 * values that contains every value the float network can compute there:
 * <ul>
 *   <li>input: {@code [-1, 1]}, which contains both normalisations ({@code p / 255} and {@code p / 127.5 - 1});</li>
 *   <li>a binary-weight conv/dense on values that are all ±1 (after a sign; max pools, dropout and flatten keep
 *       that; ±1 padding too): its sum is an exact integer s in {@code [-K, K]}, both ends reachable;</li>
 *   <li>any other conv/dense: {@code |sum| <= A (1 + 2 (n + 1) u)} with {@code A = sum |w| max(|lo|, |hi|)} over
 *       the n taps, since every partial sum of n rounded products is within that factor of the exact sum of
 *       magnitudes ({@code (1 + u)^(n+1) <= 1 + 2 (n + 1) u} while {@code (n + 1) u <= 1/2}); if that is below
 *       float32's largest value no partial sum can overflow;</li>
 *   <li>then {@code alpha * sum} and {@code + b}, and a BatchNorm's four steps ({@link BnParameters}): each is a
 *       monotone function of its input (multiplying by alpha &gt;= 0 or dividing by sigma &gt; 0 keeps the order,
 *       multiplying by gamma keeps or reverses it, and IEEE rounding is monotone), so over an interval every
 *       intermediate value lies between its values at the two ends: evaluating the float32 steps at both ends
 *       and finding them finite proves them finite everywhere;</li>
 *   <li>sign: {@code [-1, 1]}; relu: {@code [max(0, lo), max(0, hi)]}; max pool, dropout, flatten: unchanged;
 *       average pool: within {@code max(|lo|, |hi|) (1 + 2 (k + 1) u)} for a k-value window.</li>
 * </ul>
 * NaN needs an infinite operand or {@code 0 / 0}; with every value finite and every sigma positive, neither
 * occurs. The check is exact for the BatchShift layers (s = ±K are reachable) and conservative elsewhere (it
 * may refuse parameters whose worst case overflows although real data would not reach it).
 */
public final class FloatRange {
    /** u = 2^-24, the unit roundoff of float32. */
    private static final double U = 0x1p-24;

    private final List<FusionProblem> problems = new ArrayList<>();

    private FloatRange() {
    }

    /** Every reason the float network of {@code ref} may compute a non-finite value, at most one per layer. */
    public static List<FusionProblem> problems(FloatReferenceForward ref) {
        FloatRange r = new FloatRange();
        r.run(ref);
        return List.copyOf(r.problems);
    }

    /**
     * Why BatchNorm channel c of {@code bn} is not finite in float32 for inputs y in {@code [yLo, yHi]}, or null
     * when it is (sigma positive and finite, every step finite at both ends, hence everywhere between).
     */
    public static String batchNormProblem(BnParameters bn, int c, float yLo, float yHi) {
        float sigma = bn.sigma(c);
        if (!(sigma > 0) || !Float.isFinite(sigma)) {
            return String.format(Locale.ROOT, "sigma = sqrt(var + eps) is %s in float32 (var %s; eps %s in float32%s):"
                    + " the float network divides by it", sigma, bn.var()[c], bn.epsilon()[c], bn.epsilon()[c] == 0f
                    ? ", as is any epsilon below 1.4e-45" : "");
        }
        for (float y : new float[] {yLo, yHi}) {
            float centred = bn.centred(c, y);
            float scaled = bn.scaled(c, centred);
            float normalised = BnParameters.normalised(scaled, sigma);
            float z = bn.shifted(c, normalised);
            String step = !Float.isFinite(centred) ? "y - mean" : !Float.isFinite(scaled) ? "gamma * (y - mean)"
                    : !Float.isFinite(normalised) ? "gamma * (y - mean) / sigma" : !Float.isFinite(z) ? "+ beta" : null;
            if (step != null) {
                return String.format(Locale.ROOT, "%s overflows float32 at y = %.3g (gamma %.3g, mean %.3g, sigma %.3g,"
                        + " beta %.3g)", step, y, bn.gamma()[c], bn.mean()[c], sigma, bn.beta()[c]);
            }
        }
        return null;
    }

    /** Per-channel (per-element when flat) intervals of one layer's output. */
    private record Values(Shape shape, float[] lo, float[] hi, boolean signs) {
        static Values uniform(Shape shape, float lo, float hi, boolean signs) {
            int n = groups(shape);
            float[] l = new float[n];
            float[] h = new float[n];
            Arrays.fill(l, lo);
            Arrays.fill(h, hi);
            return new Values(shape, l, h, signs);
        }

        static int groups(Shape shape) {
            return shape.flat() ? (int) shape.size() : shape.channels();
        }

        /** The group of element e of the flattened (CHW) values. */
        int groupOfElement(int e) {
            return shape.flat() ? e : e / (shape.height() * shape.width());
        }

        double magnitude(int g) {
            return Math.max(Math.abs((double) lo[g]), Math.abs((double) hi[g]));
        }
    }

    /** The first problem of one layer and how many channels have one. */
    private final class LayerProblems {
        private final String layer;
        private String first;
        private int count;

        LayerProblems(String layer) {
            this.layer = layer;
        }

        void add(int channel, String reason) {
            if (first == null) {
                first = "channel " + channel + ": " + reason;
            }
            count++;
        }

        void report(int channels) {
            if (first != null) {
                problems.add(new FusionProblem(layer, first + (channels > 1 ? " (" + count + " of " + channels
                        + " channels)" : "")));
            }
        }
    }

    private void run(FloatReferenceForward ref) {
        NetworkDefinition def = ref.definition();
        Values v = Values.uniform(def.input(), -1f, 1f, false);
        for (int i = 0; i < def.layers().size(); i++) {
            LayerSpec l = def.layers().get(i);
            Shape out = ref.outputShape(i);
            if (l instanceof Conv2dSpec c) {
                v = linear(c.name(), v, out, (LayerParameters) ref.prepared(i), c);
            } else if (l instanceof DenseSpec d) {
                v = linear(d.name(), v, out, (LayerParameters) ref.prepared(i), null);
            } else if (l instanceof BatchNormSpec) {
                v = batchNorm(v, (BnParameters) ref.prepared(i));
            } else if (l instanceof SignSpec) {
                v = Values.uniform(out, -1f, 1f, true);
            } else if (l instanceof ReluSpec) {
                float[] lo = v.lo().clone();
                float[] hi = v.hi().clone();
                for (int g = 0; g < lo.length; g++) {
                    lo[g] = Math.max(0f, lo[g]);
                    hi[g] = Math.max(0f, hi[g]);
                }
                v = new Values(out, lo, hi, false);
            } else if (l instanceof AvgPoolSpec p) {
                v = averagePool(p, v, out);
            } else if (l instanceof FlattenSpec && !v.shape().flat()) {
                int plane = v.shape().height() * v.shape().width();
                float[] lo = new float[(int) v.shape().size()];
                float[] hi = new float[lo.length];
                for (int e = 0; e < lo.length; e++) {
                    lo[e] = v.lo()[e / plane];
                    hi[e] = v.hi()[e / plane];
                }
                v = new Values(out, lo, hi, v.signs());
            } else if (l instanceof MaxPoolSpec) {
                v = new Values(out, v.lo(), v.hi(), v.signs());
            }
            // dropout (identity at inference) and softmax (in double, after the last finite scores) change nothing
        }
    }

    private Values averagePool(AvgPoolSpec p, Values in, Shape out) {
        float[] lo = new float[in.lo().length];
        float[] hi = new float[lo.length];
        int k = p.size() * p.size();
        LayerProblems found = new LayerProblems(p.name());
        for (int g = 0; g < lo.length; g++) {
            double bound = in.magnitude(g) * (1 + 2 * (k + 1) * U);
            if (!(bound <= Float.MAX_VALUE)) {
                found.add(g, String.format(Locale.ROOT, "the window sum may reach %.3g, beyond float32's largest"
                        + " value %.4g", bound, Float.MAX_VALUE));
                continue;
            }
            hi[g] = upToFloat(bound);
            lo[g] = -hi[g];
        }
        found.report(lo.length);
        return new Values(out, lo, hi, false);
    }

    /** conv2d ({@code conv != null}) or dense: the sum, then alpha, then the bias. */
    private Values linear(String layer, Values in, Shape out, LayerParameters lp, Conv2dSpec conv) {
        int channels = Values.groups(out);
        float[] lo = new float[channels];
        float[] hi = new float[channels];
        double padMagnitude = conv == null || conv.padding().mode() == PaddingMode.ZERO
                || conv.padding().mode() == PaddingMode.VALID ? 0 : 1;
        boolean exact = lp.binary() && in.signs();
        float[] w = lp.effectiveWeights();
        int fanIn = w.length / channels;
        LayerProblems found = new LayerProblems(layer);
        for (int o = 0; o < channels; o++) {
            float sumHi;
            if (exact) {
                sumHi = fanIn; // |s| <= K, an exact integer below 2^24
            } else {
                double a = 0;
                for (int t = 0; t < fanIn; t++) {
                    int index = conv != null ? o * fanIn + t : t * channels + o;
                    int group = conv != null ? t / (conv.kernel() * conv.kernel()) : in.groupOfElement(t);
                    a += Math.abs((double) w[index]) * Math.max(in.magnitude(group), padMagnitude);
                }
                double bound = a * (1 + 2 * (fanIn + 1) * U);
                if (!(bound <= Float.MAX_VALUE)) {
                    found.add(o, String.format(Locale.ROOT, "the sum of w * x over %d inputs may reach %.3g, beyond"
                            + " float32's largest value %.4g", fanIn, bound, Float.MAX_VALUE));
                    continue;
                }
                sumHi = upToFloat(bound);
            }
            float yLo = FloatOps.scaleAndShift(-sumHi, lp.alpha(), lp.bias(), o);
            float yHi = FloatOps.scaleAndShift(sumHi, lp.alpha(), lp.bias(), o);
            if (!Float.isFinite(yLo) || !Float.isFinite(yHi)) {
                found.add(o, affineProblem(lp, o, sumHi, exact));
                continue;
            }
            lo[o] = yLo;
            hi[o] = yHi;
        }
        found.report(channels);
        return new Values(out, lo, hi, false);
    }

    private static String affineProblem(LayerParameters lp, int o, float sumHi, boolean exact) {
        String what = exact ? "s = ±" + (long) sumHi : String.format(Locale.ROOT, "a sum of ±%.3g", sumHi);
        float a = lp.alpha() == null ? 1f : lp.alpha()[o];
        if (lp.alpha() != null && !Float.isFinite(a * sumHi)) {
            return String.format(Locale.ROOT, "alpha * s overflows float32 at %s (alpha %.3g)", what, a);
        }
        return String.format(Locale.ROOT, "adding the bias %.3g overflows float32 at %s", lp.bias()[o], what);
    }

    private Values batchNorm(Values in, BnParameters bn) {
        float[] lo = new float[in.lo().length];
        float[] hi = new float[lo.length];
        LayerProblems found = new LayerProblems(bn.layer());
        for (int c = 0; c < lo.length; c++) {
            String problem = batchNormProblem(bn, c, in.lo()[c], in.hi()[c]);
            if (problem != null) {
                found.add(c, problem);
                continue;
            }
            float zLo = bn.apply(c, in.lo()[c]);
            float zHi = bn.apply(c, in.hi()[c]);
            lo[c] = Math.min(zLo, zHi);
            hi[c] = Math.max(zLo, zHi);
        }
        found.report(lo.length);
        return new Values(in.shape(), lo, hi, false);
    }

    /** The smallest float32 at or above {@code d} (d finite, at most Float.MAX_VALUE). */
    private static float upToFloat(double d) {
        float f = (float) d;
        return f < d ? Math.nextUp(f) : f;
    }
}

package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.ChannelAgreement;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.Mismatch;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedFirstLayer;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedLayer;
import dev.bitflow.engine.fused.FusedOutputLayer;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.ExampleRanges;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import dev.bitflow.engine.reference.TieBound;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the float reference path ({@link FloatReferenceForward}) and the fused network over a data set and
 * compares them.
 *
 * <ul>
 *   <li><b>Per layer, locally:</b> every fused layer is run on the float path's own input to that layer
 *       (the float image for the first layer, the float path's ±1 activations packed to bits for the others)
 *       and its output bits are compared with the float path's sign outputs (after the block's pools). A tie
 *       in one layer therefore cannot cascade into the next and be miscounted there.</li>
 *   <li><b>Ties:</b> a mismatching bit is a tie when its float pre-sign value z (BatchNorm output, or the sign
 *       input without BatchNorm) is finite and satisfies {@code |z| <= TieBound.bound(...)}; with a max pool after
 *       the BatchNorm, when a value of the pooled window on the float bit's side does. Anything else is a bug,
 *       counted in {@code mismatchesOutsideTies}. NaN or infinite float values are counted apart.</li>
 *   <li><b>Output:</b> the fused class scores on the float path's input bits must be bit-identical to the
 *       float path's (counted in {@code outputScoreMismatches}).</li>
 *   <li><b>End to end:</b> the fused network runs alone on the image; its prediction is compared with the
 *       float path's.</li>
 * </ul>
 */
public final class EquivalenceVerifier {
    /** How many mismatches the report lists (all counts stay exact). */
    public static final int MISMATCH_LIMIT = 1000;

    public static final String TIE_DEFINITION = "a mismatching bit is a float32 rounding tie when the float network's"
            + " pre-sign value z behind it (with max pools after BatchNorm: a value of the window on the float bit's"
            + " side) is finite and |z| <= E, E the proven bound of |z - exact z| over the float network's roundings"
            + " (2^-24 relative per operation, plus 2^-150 absolute per product or quotient for underflow), computed"
            + " from its own values; only there can float32 rounding alone put the bit on the other side";

    private final FusedKernels kernels;
    private final int threads;

    /** One thread. */
    public EquivalenceVerifier(FusedKernels kernels) {
        this(kernels, 1);
    }

    /**
     * @param kernels the fused kernels (shared by the workers; single-threaded kernels are immutable)
     * @param threads examples are split into this many contiguous ranges, each on its own worker thread
     *                (created and shut down per call); results are merged in example order
     */
    public EquivalenceVerifier(FusedKernels kernels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.kernels = kernels;
        this.threads = threads;
    }

    private static final class LayerCounts {
        final long[] bits;
        final long[] agree;
        final long[] mismatches;
        final long[] ties;
        long nearTies;
        long nonFinite;

        LayerCounts(int channels) {
            bits = new long[channels];
            agree = new long[channels];
            mismatches = new long[channels];
            ties = new long[channels];
        }
    }

    /**
     * Verifies {@code fused} (from {@code net}) on the first {@code limit} examples of {@code data}
     * ({@code limit <= 0}: all).
     */
    public VerificationReport verify(TrainedNetwork net, FusionPipeline.Result fused, LabeledData data, int limit,
                                     TaskMonitor monitor) {
        data.checkFits(net.definition());
        FloatReferenceForward ref = new FloatReferenceForward(net);
        List<FusionBlock> blocks = fused.state().blocks();
        int n = limit <= 0 ? data.count() : Math.min(limit, data.count());
        LayerCounts[] counts = new LayerCounts[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            counts[i] = new LayerCounts(blocks.get(i).output().channels());
        }
        Partial total = new Partial(counts);
        AtomicInteger done = new AtomicInteger();
        int workers = threads == 1 || n < 2 * threads ? 1 : threads;
        for (Partial p : ExampleRanges.run(n, workers, (from, to) -> {
            LayerCounts[] own = new LayerCounts[blocks.size()];
            for (int i = 0; i < blocks.size(); i++) {
                own[i] = new LayerCounts(blocks.get(i).output().channels());
            }
            Partial part = new Partial(own);
            runRange(from, to, net, fused, data, ref, part, done, n, monitor);
            return part;
        })) {
            total.add(p);
        }
        List<Mismatch> mismatches = total.mismatches;
        long mismatchTotal = total.mismatchTotal;
        int agreeingPredictions = total.agreeingPredictions;
        int floatCorrect = total.floatCorrect;
        int fusedCorrect = total.fusedCorrect;
        int scoreMismatches = total.scoreMismatches;
        monitor.progress(1.0, "verified " + n + " examples");
        List<LayerAgreement> agreements = new ArrayList<>();
        long outside = 0;
        long nonFinite = total.nonFiniteScores;
        for (int i = 0; i < blocks.size(); i++) {
            FusionBlock b = blocks.get(i);
            LayerCounts c = counts[i];
            List<ChannelAgreement> channels = new ArrayList<>();
            long bits = 0;
            long agree = 0;
            long mism = 0;
            long ties = 0;
            if (b.kind() == FusionBlock.Kind.OUTPUT) {
                agreements.add(new LayerAgreement(b.name(), "output", (long) n * b.output().channels(),
                        (long) (n - scoreMismatches) * b.output().channels(), n == 0 ? 1.0 : (double) (n - scoreMismatches) / n,
                        0, 0, 0, List.of()));
                continue;
            }
            for (int ch = 0; ch < c.bits.length; ch++) {
                channels.add(new ChannelAgreement(ch, c.bits[ch], c.agree[ch], c.mismatches[ch], c.ties[ch]));
                bits += c.bits[ch];
                agree += c.agree[ch];
                mism += c.mismatches[ch];
                ties += c.ties[ch];
            }
            outside += mism - ties;
            nonFinite += c.nonFinite;
            agreements.add(new LayerAgreement(b.name(), b.kind() == FusionBlock.Kind.FIRST ? "first" : "binary", bits, agree,
                    bits == 0 ? 1.0 : (double) agree / bits, mism, ties, c.nearTies, channels));
        }
        return new VerificationReport(net.definition().name(), data.name() + ", " + n + " examples", n,
                n == 0 ? 1.0 : (double) agreeingPredictions / n, agreeingPredictions,
                n == 0 ? 0 : (double) floatCorrect / n, n == 0 ? 0 : (double) fusedCorrect / n, scoreMismatches,
                outside, nonFinite, agreements, mismatches, mismatchTotal > mismatches.size(), TIE_DEFINITION);
    }

    /** Counts of one range of examples; merged in example order. */
    private static final class Partial {
        final LayerCounts[] counts;
        final List<Mismatch> mismatches = new ArrayList<>();
        long mismatchTotal;
        int agreeingPredictions;
        int floatCorrect;
        int fusedCorrect;
        int scoreMismatches;
        long nonFiniteScores;

        Partial(LayerCounts[] counts) {
            this.counts = counts;
        }

        void add(Partial o) {
            for (int i = 0; i < counts.length; i++) {
                LayerCounts a = counts[i];
                LayerCounts b = o.counts[i];
                for (int c = 0; c < a.bits.length; c++) {
                    a.bits[c] += b.bits[c];
                    a.agree[c] += b.agree[c];
                    a.mismatches[c] += b.mismatches[c];
                    a.ties[c] += b.ties[c];
                }
                a.nearTies += b.nearTies;
                a.nonFinite += b.nonFinite;
            }
            for (Mismatch m : o.mismatches) {
                if (mismatches.size() < MISMATCH_LIMIT) {
                    mismatches.add(m);
                }
            }
            mismatchTotal += o.mismatchTotal;
            agreeingPredictions += o.agreeingPredictions;
            floatCorrect += o.floatCorrect;
            fusedCorrect += o.fusedCorrect;
            scoreMismatches += o.scoreMismatches;
            nonFiniteScores += o.nonFiniteScores;
        }
    }

    private void runRange(int from, int to, TrainedNetwork net, FusionPipeline.Result fused, LabeledData data,
                          FloatReferenceForward ref, Partial p, AtomicInteger done, int n, TaskMonitor monitor) {
        List<FusionBlock> blocks = fused.state().blocks();
        List<FusedLayer> layers = fused.network().layers();
        for (int e = from; e < to; e++) {
            int d = done.getAndIncrement();
            if (d % 50 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) d / n, "verifying example " + d + " of " + n);
            }
            float[] x = data.example(e);
            FloatReferenceForward.Trace t = ref.forward(x);
            int fusedPrediction = fused.network().predict(x, kernels);
            p.agreeingPredictions += fusedPrediction == t.prediction() ? 1 : 0;
            p.floatCorrect += t.prediction() == data.y()[e] ? 1 : 0;
            p.fusedCorrect += fusedPrediction == data.y()[e] ? 1 : 0;
            for (int i = 0; i < blocks.size(); i++) {
                FusionBlock b = blocks.get(i);
                FusedLayer layer = layers.get(i);
                PackedBits input = i == 0 ? null : toBits(t.outputs()[blocks.get(i - 1).lastIndex()],
                        blocks.get(i - 1).output());
                if (layer instanceof FusedOutputLayer o) {
                    float[] scores = o.apply(input);
                    float[] expected = t.outputs()[b.lastIndex()];
                    boolean same = scores.length == expected.length;
                    for (int j = 0; same && j < scores.length; j++) {
                        same = Float.floatToIntBits(scores[j]) == Float.floatToIntBits(expected[j]);
                    }
                    for (float v : expected) {
                        p.nonFiniteScores += Float.isFinite(v) ? 0 : 1;
                    }
                    p.scoreMismatches += same ? 0 : 1;
                    continue;
                }
                PackedBits out = layer instanceof FusedFirstLayer f ? f.apply(x)
                        : ((FusedBinaryLayer) layer).apply(input, kernels.conv(), kernels.dense());
                p.mismatchTotal += compare(e, b, fused.state(), i, t, out, p.counts[i], p.mismatches);
            }
        }
    }

    static PackedBits toBits(float[] values, Shape shape) {
        if (shape.flat()) {
            return PackedBits.fromSignsVector(values);
        }
        return PackedBits.fromSignsChw(values, shape.channels(), shape.height(), shape.width());
    }

    /**
     * Compares one block's output bits; returns the number of mismatching bits. A mismatch is a tie when a
     * thresholded value behind it (the one value, or with max pools after BatchNorm a value of the pooled window)
     * lies on the float bit's side of 0 and within its {@link TieBound}: only such a value can have put the float
     * bit where it is while the exact value is on the other side (the pooled float bit is the OR of the window's
     * float bits, the fused one the OR of the exact ones).
     */
    private static long compare(int example, FusionBlock b, FusionState state, int blockIndex,
                                FloatReferenceForward.Trace t, PackedBits out, LayerCounts counts,
                                List<Mismatch> mismatches) {
        Shape os = b.output();
        float[] expected = t.outputs()[b.lastIndex()];
        BnParameters bn = state.batchNorm(blockIndex);
        LayerParameters lp = state.linear(blockIndex);
        TieBound.Source source = b.kind() == FusionBlock.Kind.FIRST ? TieBound.Source.FIRST_LAYER
                : TieBound.Source.BINARY_LAYER;
        int zIndex = b.bnIndex() >= 0 ? b.bnIndex() : b.signIndex() - 1;
        float[] z = t.outputs()[zIndex];
        float[] y = b.bnIndex() >= 0 ? t.outputs()[b.bnIndex() - 1] : z;
        Shape ts = b.thresholdOut();
        int tPlane = ts.height() * ts.width();
        double[] bound = new double[z.length];
        for (int c = 0; c < ts.channels(); c++) {
            float bc = lp.bias() == null ? 0f : lp.bias()[c];
            for (int p = 0; p < tPlane; p++) {
                int idx = c * tPlane + p;
                bound[idx] = TieBound.bound(source, lp.alpha() != null, bc, bn, c, y[idx]);
                if (TieBound.isTie(z[idx], bound[idx])) {
                    counts.nearTies++;
                }
                if (!Float.isFinite(z[idx])) {
                    counts.nonFinite++;
                }
            }
        }
        long found = 0;
        int h = os.height();
        int w = os.width();
        for (int c = 0; c < os.channels(); c++) {
            for (int oy = 0; oy < h; oy++) {
                for (int ox = 0; ox < w; ox++) {
                    boolean floatBit = expected[(c * h + oy) * w + ox] >= 0f;
                    boolean fusedBit = out.get(oy, ox, c);
                    counts.bits[c]++;
                    if (floatBit == fusedBit) {
                        counts.agree[c]++;
                        continue;
                    }
                    found++;
                    counts.mismatches[c]++;
                    // the window of thresholded positions behind (oy, ox), through the pools after BN
                    int y0 = oy;
                    int y1 = oy;
                    int x0 = ox;
                    int x1 = ox;
                    List<MaxPoolSpec> post = b.postPools();
                    for (int k = post.size() - 1; k >= 0; k--) {
                        MaxPoolSpec pool = post.get(k);
                        y0 = y0 * pool.stride();
                        y1 = y1 * pool.stride() + pool.size() - 1;
                        x0 = x0 * pool.stride();
                        x1 = x1 * pool.stride() + pool.size() - 1;
                    }
                    // the value nearest to a tie among those on the float bit's side (any value if none is)
                    int best = -1;
                    boolean bestOnSide = false;
                    double bestRatio = Double.POSITIVE_INFINITY;
                    for (int yy = y0; yy <= y1; yy++) {
                        for (int xx = x0; xx <= x1; xx++) {
                            int idx = (c * ts.height() + yy) * ts.width() + xx;
                            boolean onSide = (z[idx] >= 0f) == floatBit;
                            double ratio = Math.abs((double) z[idx]) / bound[idx];
                            if (Double.isNaN(ratio)) {
                                ratio = Double.POSITIVE_INFINITY;
                            }
                            if (best < 0 || (onSide && !bestOnSide) || (onSide == bestOnSide && ratio < bestRatio)) {
                                best = idx;
                                bestOnSide = onSide;
                                bestRatio = ratio;
                            }
                        }
                    }
                    boolean tie = bestOnSide && TieBound.isTie(z[best], bound[best]);
                    if (tie) {
                        counts.ties[c]++;
                    }
                    if (mismatches.size() < MISMATCH_LIMIT) {
                        mismatches.add(new Mismatch(b.name(), example, c, oy, ox, floatBit, z[best], bound[best], tie));
                    }
                }
            }
        }
        return found;
    }
}

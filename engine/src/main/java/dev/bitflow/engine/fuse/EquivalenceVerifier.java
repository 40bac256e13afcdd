package dev.bitflow.engine.fuse;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.fusion.ChannelAgreement;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.Mismatch;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 *       input without BatchNorm) satisfies {@code |z| <= TieBound.bound(...)}; with a max pool after the
 *       BatchNorm, when some value of the pooled window does. Anything else is a bug, counted in
 *       {@code mismatchesOutsideTies}.</li>
 *   <li><b>Output:</b> the fused class scores on the float path's input bits must be bit-identical to the
 *       float path's (counted in {@code outputScoreMismatches}).</li>
 *   <li><b>End to end:</b> the fused network runs alone on the image; its prediction is compared with the
 *       float path's.</li>
 * </ul>
 */
public final class EquivalenceVerifier {
    /** How many mismatches the report lists (all counts stay exact). */
    public static final int MISMATCH_LIMIT = 1000;

    public static final String TIE_DEFINITION = "a mismatching bit is a float32 rounding tie when its float pre-sign"
            + " value z satisfies |z| <= 16 * 2^-24 * (|gamma|/sigma * (|y| + 2|b| + |mu|) + |beta|)"
            + " (y: pre-BatchNorm value, b: bias; without BatchNorm |y| + 2|b|), twice the forward error bound"
            + " of the float path's roundings";

    private final FusedKernels kernels;

    public EquivalenceVerifier(FusedKernels kernels) {
        this.kernels = kernels;
    }

    private static final class LayerCounts {
        final long[] bits;
        final long[] agree;
        final long[] mismatches;
        final long[] ties;
        long nearTies;

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
        Shape in = net.definition().input();
        if (data.exampleShape().size() != in.size() || data.exampleShape().channels() != in.channels()) {
            throw new BadInputException("data set '" + data.name() + "' has examples of shape " + data.exampleShape()
                    + " but model '" + net.definition().name() + "' expects " + in);
        }
        FloatReferenceForward ref = new FloatReferenceForward(net);
        List<Block> blocks = fused.state().blocks();
        List<FusedLayer> layers = fused.network().layers();
        int n = limit <= 0 ? data.count() : Math.min(limit, data.count());
        int size = (int) in.size();
        LayerCounts[] counts = new LayerCounts[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            counts[i] = new LayerCounts(blocks.get(i).output().channels());
        }
        List<Mismatch> mismatches = new ArrayList<>();
        long mismatchTotal = 0;
        int agreeingPredictions = 0;
        int floatCorrect = 0;
        int fusedCorrect = 0;
        int scoreMismatches = 0;
        for (int e = 0; e < n; e++) {
            if (e % 50 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / n, "verifying example " + e + " of " + n);
            }
            float[] x = Arrays.copyOfRange(data.x(), e * size, (e + 1) * size);
            FloatReferenceForward.Trace t = ref.forward(x);
            int fusedPrediction = fused.network().predict(x, kernels);
            agreeingPredictions += fusedPrediction == t.prediction() ? 1 : 0;
            floatCorrect += t.prediction() == data.y()[e] ? 1 : 0;
            fusedCorrect += fusedPrediction == data.y()[e] ? 1 : 0;
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
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
                    scoreMismatches += same ? 0 : 1;
                    counts[i].bits[0] += 0;
                    continue;
                }
                PackedBits out = layer instanceof FusedFirstLayer f ? f.apply(x)
                        : ((FusedBinaryLayer) layer).apply(input, kernels.conv(), kernels.dense());
                mismatchTotal += compare(e, b, fused.state(), i, t, out, counts[i], mismatches, ref);
            }
        }
        monitor.progress(1.0, "verified " + n + " examples");
        List<LayerAgreement> agreements = new ArrayList<>();
        long outside = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            LayerCounts c = counts[i];
            List<ChannelAgreement> channels = new ArrayList<>();
            long bits = 0;
            long agree = 0;
            long mism = 0;
            long ties = 0;
            if (b.kind() == Block.Kind.OUTPUT) {
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
            agreements.add(new LayerAgreement(b.name(), b.kind() == Block.Kind.FIRST ? "first" : "binary", bits, agree,
                    bits == 0 ? 1.0 : (double) agree / bits, mism, ties, c.nearTies, channels));
        }
        return new VerificationReport(net.definition().name(), data.name() + ", " + n + " examples", n,
                n == 0 ? 1.0 : (double) agreeingPredictions / n, agreeingPredictions,
                n == 0 ? 0 : (double) floatCorrect / n, n == 0 ? 0 : (double) fusedCorrect / n, scoreMismatches,
                outside, agreements, mismatches, mismatchTotal > mismatches.size(), TIE_DEFINITION);
    }

    static PackedBits toBits(float[] values, Shape shape) {
        if (shape.flat()) {
            return PackedBits.fromSignsVector(values);
        }
        return PackedBits.fromSignsChw(values, shape.channels(), shape.height(), shape.width());
    }

    /** Compares one block's output bits; returns the number of mismatching bits. */
    private static long compare(int example, Block b, FusionState state, int blockIndex,
                                FloatReferenceForward.Trace t, PackedBits out, LayerCounts counts,
                                List<Mismatch> mismatches, FloatReferenceForward ref) {
        Shape os = b.output();
        float[] expected = t.outputs()[b.lastIndex()];
        BnParameters bn = state.batchNorm(blockIndex);
        float[] bias = state.linear(blockIndex).bias();
        int zIndex = b.bnIndex() >= 0 ? b.bnIndex() : signIndex(ref, b) - 1;
        float[] z = t.outputs()[zIndex];
        float[] y = b.bnIndex() >= 0 ? t.outputs()[b.bnIndex() - 1] : z;
        Shape ts = b.thresholdOut();
        int tPlane = ts.height() * ts.width();
        for (int c = 0; c < ts.channels(); c++) {
            float bc = bias == null ? 0f : bias[c];
            for (int p = 0; p < tPlane; p++) {
                int idx = c * tPlane + p;
                if (TieBound.isTie(z[idx], TieBound.bound(bn, c, y[idx], bc))) {
                    counts.nearTies++;
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
                    float bestZ = Float.NaN;
                    double bestBound = 0;
                    double bestRatio = Double.POSITIVE_INFINITY;
                    float bc = bias == null ? 0f : bias[c];
                    for (int yy = y0; yy <= y1; yy++) {
                        for (int xx = x0; xx <= x1; xx++) {
                            int idx = (c * ts.height() + yy) * ts.width() + xx;
                            double bound = TieBound.bound(bn, c, y[idx], bc);
                            double ratio = Math.abs((double) z[idx]) / bound;
                            if (Double.isNaN(bestZ) || ratio < bestRatio) {
                                bestRatio = ratio;
                                bestZ = z[idx];
                                bestBound = bound;
                            }
                        }
                    }
                    boolean tie = TieBound.isTie(bestZ, bestBound);
                    if (tie) {
                        counts.ties[c]++;
                    }
                    if (mismatches.size() < MISMATCH_LIMIT) {
                        mismatches.add(new Mismatch(b.name(), example, c, oy, ox, floatBit, bestZ, bestBound, tie));
                    }
                }
            }
        }
        return found;
    }

    private static int signIndex(FloatReferenceForward ref, Block b) {
        for (int j = b.firstIndex(); j <= b.lastIndex(); j++) {
            if (ref.definition().layers().get(j) instanceof SignSpec) {
                return j;
            }
        }
        throw new IllegalStateException("block " + b.name() + " has no sign");
    }
}

package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.SfAgreement;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.analysis.SfVariantResult;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.BatchShift;
import dev.bitflow.engine.fuse.BatchShiftFolder;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.FloatRange;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shows on a trained model that the XNOR-Net scaling factor is cancelled by BatchNorm at inference
 * (BitFlow-Net, IEEE Access 2019; docs/sf-report.md).
 *
 * <h2>Derivation</h2>
 * A binary layer's channel computes the integer dot product s, {@code y = alpha s + b} (alpha = mean|W_c| &gt; 0,
 * b the bias or 0) and {@code z = gamma (y - mu) / sqrt(var + eps) + beta}. Dividing numerator and denominator
 * by alpha:
 * <pre>
 *   z = gamma (s + b - mu') / sqrt(var' + eps') + beta     with  mu' = (mu - b)/alpha + b,
 *                                                               var' = var/alpha^2,  eps' = eps/alpha^2
 * </pre>
 * (since {@code alpha s + b - mu = alpha (s + b - mu')} and {@code sqrt(var + eps) = alpha sqrt(var' + eps')}).
 * So the layer without alpha, {@code y' = s + b}, followed by BatchNorm with the rescaled statistics gives the
 * same z for every s: the same signs, exactly ({@link SfVariant#RESCALED}). Keeping eps unchanged instead
 * changes sigma' by the factor {@code sqrt(1 + eps (1 - alpha^2) / (var + eps))}: "exact up to eps"
 * ({@link SfVariant#RESCALED_EPS_KEPT}). And since the statistics BatchNorm collects on {@code alpha s + b} are
 * exactly the rescaled statistics of {@code s + b} (the mean of alpha s + b is alpha mean(s) + b; the variance
 * scales by alpha^2), a network trained without alpha would have learned them: re-estimating mean and variance
 * on training data with alpha removed ({@link SfVariant#REESTIMATED}) tests that empirically, up to the
 * difference between training-time running averages and one pass of the final weights.
 *
 * <h2>What is measured</h2>
 * On the float reference path ({@link SfForward}, bit-identical to {@link FloatReferenceForward} for the
 * trained model): the four variants' end-to-end predictions; per site and channel the histogram of s, the
 * thresholds and the agreement of sign outputs, locally (the variant's BatchNorm on the trained model's own s)
 * and cascaded (each variant run on its own from the image). A local disagreement is a <em>tie</em> when either
 * pre-sign value lies within {@link #tieBound} of 0: the float32 rounding of the evaluation (and of the rescaled
 * parameters) can then decide the sign.
 *
 * <p>A channel with alpha == 0 (all latent weights 0) has {@code y = b} whatever s is; alpha cannot be divided
 * out, so every variant keeps alpha and the trained statistics there (counted as {@code zeroAlpha}), and so does a
 * channel whose alpha is too small to divide out in float32 (the rescaled statistics would overflow).
 *
 * <p>The report runs on exactly the models {@code fuse} accepts: the constructor runs the fusion first and refuses
 * with its reasons, so the trained variant's integer thresholds are the fused BatchShifts.
 */
public final class SfCancellationAnalyzer {
    public static final String TIE_DEFINITION = "a local disagreement is a float32 rounding tie when the trained or the"
            + " variant's pre-sign value z satisfies |z| <= 16 * 2^-24 * (|gamma|/sigma * (|y| + 2|b| + |mu|) + |beta|)"
            + " with that model's BatchNorm parameters (y: value entering BatchNorm, b: bias)";

    private static final SfVariant[] OTHERS = {SfVariant.RESCALED, SfVariant.RESCALED_EPS_KEPT, SfVariant.REESTIMATED};

    private final TrainedNetwork net;
    private final SfForward forward;
    private final List<BinaryLayerSite> sites;
    private final SiteMode[] trained;
    private final SiteMode[] rescaled;
    private final SiteMode[] epsKept;

    /** Memory the re-estimation may use to keep every training example's input to the first binary layer. */
    public static final long DEFAULT_PREFIX_CACHE_BYTES = 256L << 20;

    private final long prefixCacheBytes;

    /**
     * @throws BadInputException if the model cannot be fused exactly (the fusion's own refusal), has no analysable
     *                           layer or bad parameters
     */
    public SfCancellationAnalyzer(TrainedNetwork net) {
        this(net, DEFAULT_PREFIX_CACHE_BYTES);
    }

    /**
     * @param prefixCacheBytes up to this many bytes, the re-estimation packs each training example's input to the
     *                         first binary layer (±1 values, one bit each) once instead of recomputing the float
     *                         layers before it for every binary layer; 0 disables the cache (same results)
     */
    SfCancellationAnalyzer(TrainedNetwork net, long prefixCacheBytes) {
        this.net = net;
        this.prefixCacheBytes = prefixCacheBytes;
        new FusionPipeline().run(net, TaskMonitor.NONE); // refuses what fuse refuses, with the same reasons
        FloatReferenceForward ref = new FloatReferenceForward(net);
        this.sites = BinaryLayerSite.find(ref);
        if (sites.isEmpty()) {
            throw new BadInputException("model '" + net.definition().name() + "' has no binary layer (binary weights on"
                    + " ±1 input) followed by batchnorm and sign; the SF report has nothing to analyse");
        }
        this.forward = new SfForward(ref, sites, true);
        int n = sites.size();
        trained = new SiteMode[n];
        rescaled = new SiteMode[n];
        epsKept = new SiteMode[n];
        for (int k = 0; k < n; k++) {
            BinaryLayerSite site = sites.get(k);
            boolean[] all = new boolean[site.channels()];
            Arrays.fill(all, true);
            trained[k] = new SiteMode(all, site.bn());
            rescaled[k] = rescale(site, true);
            epsKept[k] = rescale(site, false);
        }
    }

    private static double alpha(BinaryLayerSite site, int c) {
        float[] a = site.linear().alpha();
        return a == null ? 1.0 : a[c];
    }

    private static double bias(BinaryLayerSite site, int c) {
        float[] b = site.linear().bias();
        return b == null ? 0.0 : b[c];
    }

    /** Variant (b) (eps rescaled) or (b') (eps kept) of one site. */
    static SiteMode rescale(BinaryLayerSite site, boolean rescaleEps) {
        BnParameters bn = site.bn();
        int n = site.channels();
        boolean[] applied = new boolean[n];
        float[] mean = bn.mean().clone();
        float[] var = bn.var().clone();
        float[] eps = bn.epsilon().clone();
        for (int c = 0; c < n; c++) {
            double a = alpha(site, c);
            if (site.linear().alpha() == null) {
                continue; // no SF: nothing to remove
            }
            if (a == 0.0) {
                applied[c] = true;
                continue;
            }
            double b = bias(site, c);
            float m = (float) ((bn.mean()[c] - b) / a + b);
            float v = (float) (bn.var()[c] / (a * a));
            float e = rescaleEps ? (float) (bn.epsilon()[c] / (a * a)) : eps[c];
            if (!finiteWithoutAlpha(site, c, m, v, e)) {
                applied[c] = true; // alpha too small to divide out in float32: keep it and the trained statistics
                continue;
            }
            mean[c] = m;
            var[c] = v;
            eps[c] = e;
        }
        return new SiteMode(applied, new BnParameters(bn.layer(), bn.gamma(), bn.beta(), mean, var, eps, true));
    }

    /**
     * Whether channel c with the statistics {@code mean, var, eps} (and the trained gamma and beta), fed
     * {@code y = s + b} for every s in [-K, K], is a finite float32 BatchNorm ({@link FloatRange}). A variant whose
     * statistics are not (alpha so small that dividing by it overflows, or a zero variance with an epsilon that is 0
     * in float32) keeps alpha and the trained statistics on that channel, as for alpha == 0: the report's variants
     * are float networks too, and the SF report runs on every model that fuses.
     */
    private static boolean finiteWithoutAlpha(BinaryLayerSite site, int c, float mean, float var, float eps) {
        if (!Float.isFinite(mean) || !Float.isFinite(var) || !Float.isFinite(eps)) {
            return false;
        }
        BnParameters bn = site.bn();
        BnParameters channel = new BnParameters(bn.layer(), new float[] {bn.gamma()[c]}, new float[] {bn.beta()[c]},
                new float[] {mean}, new float[] {var}, new float[] {eps}, true);
        float[] bias = site.linear().bias();
        float k = site.fanIn();
        return FloatRange.batchNormProblem(channel, 0, FloatOps.scaleAndShift(-k, null, bias, c),
                FloatOps.scaleAndShift(k, null, bias, c)) == null;
    }

    /**
     * Runs the analysis.
     *
     * @param test      test examples (the first {@code testLimit} are used; {@code <= 0}: all)
     * @param train     the training examples that re-estimate the BatchNorm statistics (all of them are used)
     * @param monitor   progress and cancellation
     */
    public SfReport analyze(LabeledData test, int testLimit, LabeledData train, TaskMonitor monitor) {
        test.checkFits(net.definition());
        train.checkFits(net.definition());
        int nTest = testLimit <= 0 ? test.count() : Math.min(testLimit, test.count());
        int nTrain = train.count();
        double total = (double) nTrain * sites.size() + 4.0 * nTest;
        Progress progress = new Progress(monitor, total);

        // (c): re-estimate the statistics site by site, earlier sites already without alpha and re-estimated
        SiteMode[] reestimated = new SiteMode[sites.size()];
        BatchNormStatistics[] stats = new BatchNormStatistics[sites.size()];
        Shape prefixShape = sites.get(0).input();
        long prefixBytes = (long) nTrain * PackedBits.wordsFor(prefixShape.channels()) * prefixShape.height()
                * prefixShape.width() * Long.BYTES;
        PackedBits[] prefixCache = sites.size() > 1 && prefixBytes <= prefixCacheBytes ? new PackedBits[nTrain] : null;
        for (int k = 0; k < sites.size(); k++) {
            BinaryLayerSite site = sites.get(k);
            stats[k] = new BatchNormStatistics(site.channels());
            for (int e = 0; e < nTrain; e++) {
                progress.at((double) nTrain * k + e, "re-estimating " + site.bn().layer() + " without alpha: example "
                        + e + " of " + nTrain);
                float[] pre;
                if (prefixCache != null && prefixCache[e] != null) {
                    pre = prefixCache[e].toPlusMinusOneChw();
                } else {
                    pre = forward.prefix(train.example(e));
                    if (prefixCache != null) {
                        prefixCache[e] = pack(pre, prefixShape);
                    }
                }
                SfForward.Result r = forward.run(pre, reestimated, k);
                stats[k].add(r.s()[k], site.positions());
            }
            reestimated[k] = reestimatedMode(site, stats[k]);
        }

        SiteMode[][] modes = {trained, rescaled, epsKept, reestimated};
        Counts[] counts = new Counts[sites.size()];
        for (int k = 0; k < sites.size(); k++) {
            counts[k] = new Counts(sites.get(k));
        }
        int[] correct = new int[4];
        int[] agreeing = new int[4];
        double base = (double) nTrain * sites.size();
        for (int e = 0; e < nTest; e++) {
            progress.at(base + 4.0 * e, "comparing variants on test example " + e + " of " + nTest);
            float[] pre = forward.prefix(test.example(e));
            SfForward.Result[] runs = new SfForward.Result[4];
            for (int v = 0; v < 4; v++) {
                runs[v] = forward.run(pre, modes[v], -1);
                correct[v] += runs[v].prediction() == test.y()[e] ? 1 : 0;
                agreeing[v] += runs[v].prediction() == runs[0].prediction() ? 1 : 0;
            }
            for (int k = 0; k < sites.size(); k++) {
                compare(k, runs, modes, counts[k]);
            }
        }
        monitor.progress(1.0, "SF report: " + nTest + " test examples");

        List<SfVariantResult> results = new ArrayList<>();
        SfVariant[] all = SfVariant.values();
        for (int v = 0; v < 4; v++) {
            results.add(new SfVariantResult(all[v], all[v].description(), nTest, correct[v],
                    nTest == 0 ? 0 : (double) correct[v] / nTest, agreeing[v],
                    nTest == 0 ? 1.0 : (double) agreeing[v] / nTest));
        }
        List<SfLayerReport> layers = new ArrayList<>();
        for (int k = 0; k < sites.size(); k++) {
            layers.add(layerReport(k, reestimated[k], stats[k], counts[k]));
        }
        return new SfReport(net.definition().name(), test.name() + ", " + nTest + " examples",
                train.name() + ", " + nTrain + " examples", nTest, nTrain, results, layers, TIE_DEFINITION);
    }

    /** The prefix output (exactly ±1: it is the input of the first binary layer) as packed bits. */
    private static PackedBits pack(float[] values, Shape shape) {
        return shape.flat() ? PackedBits.fromSignsVector(values)
                : PackedBits.fromSignsChw(values, shape.channels(), shape.height(), shape.width());
    }

    private static SiteMode reestimatedMode(BinaryLayerSite site, BatchNormStatistics stats) {
        BnParameters bn = site.bn();
        int n = site.channels();
        boolean[] applied = new boolean[n];
        float[] mean = bn.mean().clone();
        float[] var = bn.var().clone();
        for (int c = 0; c < n; c++) {
            float m = (float) stats.mean(c, bias(site, c));
            float v = (float) stats.variance(c);
            if ((site.linear().alpha() != null && alpha(site, c) == 0.0)
                    || !finiteWithoutAlpha(site, c, m, v, bn.epsilon()[c])) {
                // alpha == 0: y = b whatever s is; or statistics that are no finite float32 BatchNorm: keep alpha
                // and the trained statistics
                applied[c] = site.linear().alpha() != null;
                continue;
            }
            mean[c] = m;
            var[c] = v;
        }
        return new SiteMode(applied, new BnParameters(bn.layer(), bn.gamma(), bn.beta(), mean, var, bn.epsilon(), true));
    }

    /** Per site: histograms and, per variant (b, b', c) and channel, local agreement, ties, cascaded agreement. */
    private static final class Counts {
        final IntegerHistogram[] histograms;
        final long[][] agree = new long[3][];
        final long[][] ties = new long[3][];
        final long[][] cascaded = new long[3][];
        long examples;

        Counts(BinaryLayerSite site) {
            histograms = new IntegerHistogram[site.channels()];
            for (int c = 0; c < histograms.length; c++) {
                histograms[c] = new IntegerHistogram();
            }
            for (int v = 0; v < 3; v++) {
                agree[v] = new long[site.channels()];
                ties[v] = new long[site.channels()];
                cascaded[v] = new long[site.channels()];
            }
        }
    }

    private void compare(int k, SfForward.Result[] runs, SiteMode[][] modes, Counts counts) {
        BinaryLayerSite site = sites.get(k);
        int plane = site.positions();
        float[] s = runs[0].s()[k];
        float[] za = runs[0].z()[k];
        counts.examples++;
        for (int c = 0; c < site.channels(); c++) {
            IntegerHistogram h = counts.histograms[c];
            for (int p = 0; p < plane; p++) {
                h.add((int) s[c * plane + p]);
            }
        }
        float bias0 = 0f;
        for (int v = 1; v < 4; v++) {
            SiteMode mode = modes[v][k];
            float[] zLocal = forward.preSign(k, mode, s);
            float[] zOwn = runs[v].z()[k];
            long[] agree = counts.agree[v - 1];
            long[] ties = counts.ties[v - 1];
            long[] cascaded = counts.cascaded[v - 1];
            for (int c = 0; c < site.channels(); c++) {
                float b = site.linear().bias() == null ? bias0 : site.linear().bias()[c];
                for (int p = 0; p < plane; p++) {
                    int idx = c * plane + p;
                    boolean bitA = za[idx] >= 0f;
                    if ((zLocal[idx] >= 0f) == bitA) {
                        agree[c]++;
                    } else {
                        float yA = forward.y(k, modes[0][k], c, s[idx]);
                        float yV = forward.y(k, mode, c, s[idx]);
                        if (Math.abs((double) za[idx]) <= tieBound(modes[0][k].bn(), c, yA, b)
                                || Math.abs((double) zLocal[idx]) <= tieBound(mode.bn(), c, yV, b)) {
                            ties[c]++;
                        }
                    }
                    if ((zOwn[idx] >= 0f) == bitA) {
                        cascaded[c]++;
                    }
                }
            }
        }
    }

    private SfLayerReport layerReport(int k, SiteMode reest, BatchNormStatistics stats, Counts counts) {
        BinaryLayerSite site = sites.get(k);
        BnParameters bn = site.bn();
        LayerParameters lp = site.linear();
        BatchShiftFolder folder = new BatchShiftFolder();
        int n = site.channels();
        long bitsPerChannel = counts.examples * site.positions();
        List<SfChannelReport> channels = new ArrayList<>(n);
        int flipped = 0;
        int constant = 0;
        int zeroAlpha = 0;
        int[] changes = new int[3];
        SiteMode[] variants = {rescaled[k], epsKept[k], reest};
        for (int c = 0; c < n; c++) {
            double a = alpha(site, c);
            double b = bias(site, c);
            double gamma = bn.gamma()[c];
            BnParameters trainedBn = trained[k].bn();
            BatchShift shift = fold(folder, site, trained[k], c);
            boolean isConstant = shift.constant()[0];
            boolean isFlipped = !isConstant && gamma < 0;
            flipped += isFlipped ? 1 : 0;
            constant += isConstant ? 1 : 0;
            zeroAlpha += lp.alpha() != null && rescaled[k].alphaApplied()[c] ? 1 : 0;
            int t = intThreshold(shift);
            int[] tv = new int[3];
            for (int v = 0; v < 3; v++) {
                tv[v] = intThreshold(fold(folder, site, variants[v], c));
                changes[v] += !isConstant && tv[v] != t ? 1 : 0;
            }
            double thresholdY = trainedBn.threshold(c);
            double tauWith = gamma == 0 || a == 0 ? Double.NaN : (thresholdY - b) / a;
            double mu = bn.mean()[c];
            double var = bn.var()[c];
            double eps = bn.epsilon()[c];
            double tauWithout = Double.NaN;
            double tauEpsKept = Double.NaN;
            double tauRe = Double.NaN;
            if (gamma != 0 && a != 0) {
                double muPrime = (mu - b) / a + b;
                double beta = bn.beta()[c];
                tauWithout = muPrime - beta * (trainedBn.sigma(c) / a) / gamma - b; // sigma' = sigma / alpha
                tauEpsKept = muPrime - beta * Math.sqrt(var / (a * a) + eps) / gamma - b;
                tauRe = stats.mean(c, b) - beta * Math.sqrt(stats.variance(c) + eps) / gamma - b;
            }
            List<SfAgreement> agreement = new ArrayList<>(3);
            for (int v = 0; v < 3; v++) {
                agreement.add(new SfAgreement(OTHERS[v], bitsPerChannel, counts.agree[v][c], counts.ties[v][c],
                        counts.cascaded[v][c]));
            }
            BnParameters r = rescaled[k].bn();
            channels.add(new SfChannelReport(c, a, gamma, bn.beta()[c], mu, var, eps, b, isFlipped, isConstant,
                    shift.constantValue()[0], thresholdY, tauWith, tauWithout, tauEpsKept, tauRe, t, tv[0], tv[1], tv[2],
                    r.mean()[c], r.var()[c], r.epsilon()[c], stats.mean(c, b), stats.variance(c),
                    counts.histograms[c].toReport(), agreement));
        }
        List<SfAgreement> layerAgreement = new ArrayList<>(3);
        for (int v = 0; v < 3; v++) {
            long agree = 0;
            long ties = 0;
            long cascaded = 0;
            for (int c = 0; c < n; c++) {
                agree += counts.agree[v][c];
                ties += counts.ties[v][c];
                cascaded += counts.cascaded[v][c];
            }
            layerAgreement.add(new SfAgreement(OTHERS[v], bitsPerChannel * n, agree, ties, cascaded));
        }
        return new SfLayerReport(site.name(), site.kind(), bn.layer(), site.fanIn(), n, site.positions(),
                lp.alpha() != null, flipped, constant, zeroAlpha, List.of(changes[0], changes[1], changes[2]),
                layerAgreement, channels);
    }

    /** The exact integer BatchShift of channel c in {@code mode}, on the float32 parameters the mode uses. */
    private static BatchShift fold(BatchShiftFolder folder, BinaryLayerSite site, SiteMode mode, int c) {
        LayerParameters lp = site.linear();
        float[] alpha = lp.alpha() != null && mode.alphaApplied()[c] ? new float[] {lp.alpha()[c]} : null;
        float[] bias = lp.bias() == null ? null : new float[] {lp.bias()[c]};
        return folder.fold(site.name(), mode.bn().channel(c), alpha, bias, site.fanIn());
    }

    /** +1 iff s >= t (not flipped) or s <= t (flipped); 0 for a constant channel. */
    private static int intThreshold(BatchShift shift) {
        if (shift.constant()[0]) {
            return 0;
        }
        return shift.flipped()[0] ? shift.shift()[0] : -shift.shift()[0];
    }

    /**
     * The report's tie margin for a pre-sign value of channel c at input y (bias b):
     * {@code 16 u (|gamma|/sigma (|y| + 2|b| + |mu|) + |beta|)}, u = 2^-24. Two variants differ by their own
     * float32 roundings and by the rounding of the rescaled parameters (mu', var', eps' are float32), a few units of
     * u relative to these magnitudes; 16 leaves room for both. (verify's ties are the proven bound of one float
     * network against the exact value, {@code fuse.TieBound}; this margin compares two float networks.)
     */
    static double tieBound(BnParameters bn, int c, float y, float b) {
        double m = Math.abs((double) bn.gamma()[c]) / bn.sigma(c)
                * (Math.abs((double) y) + 2 * Math.abs((double) b) + Math.abs((double) bn.mean()[c]))
                + Math.abs((double) bn.beta()[c]);
        return 16 * 0x1p-24 * m;
    }

    /** Progress every few examples, with the cancellation check. */
    private static final class Progress {
        private final TaskMonitor monitor;
        private final double total;
        private long calls;

        Progress(TaskMonitor monitor, double total) {
            this.monitor = monitor;
            this.total = total;
        }

        void at(double done, String message) {
            if (calls++ % 25 == 0) {
                monitor.checkCancelled();
                monitor.progress(total <= 0 ? 1.0 : done / total, message);
            }
        }
    }
}

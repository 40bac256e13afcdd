package dev.bitflow.engine.analysis.sf;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.reference.BinaryDotProducts;
import dev.bitflow.engine.reference.BnParameters;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.reference.LayerParameters;
import java.util.Arrays;
import java.util.List;

/**
 * The float reference forward pass ({@link FloatOps}, the same operations in the same order as
 * {@link FloatReferenceForward}) with a {@link SiteMode} per {@link BinaryLayerSite}: at a site the linear layer
 * first computes the integer dot product s (float32 sums of ±1 products, exact), any max pools before
 * BatchNorm pool s, and then {@code y = alpha * s + b} or {@code y = s + b} is formed per channel and
 * normalised by the mode's BatchNorm.
 *
 * <p>Pooling s before applying alpha and the bias is bit-identical to pooling y: {@code fl(fl(alpha * s) + b)}
 * is a non-decreasing function of s (float32 rounding is monotone), so the max of the window maps to the max.
 * With every mode as trained, every output is therefore bit-identical to {@link FloatReferenceForward}.
 */
final class SfForward {
    private final FloatReferenceForward ref;
    private final NetworkDefinition def;
    private final List<BinaryLayerSite> sites;
    private final int[] siteAtLinear;
    private final int[] siteAtBn;
    private final BinaryDotProducts[] xnorSites;

    /** One run: per site the (pooled) integer pre-activations s and the pre-sign values z; null past a stop. */
    record Result(float[][] s, float[][] z, float[] logits, int prediction) {
    }

    /**
     * @param xnorKernels compute the sites' dot products with the XNOR-popcount kernels on packed bits
     *                    ({@link BinaryDotProducts}) instead of the float32 loops of {@link FloatOps}:
     *                    the same integers (the input of a site is exactly ±1 and every float32 partial sum of ±1
     *                    products is an exact integer), many times faster; tests check both agree bit for bit
     */
    SfForward(FloatReferenceForward ref, List<BinaryLayerSite> sites, boolean xnorKernels) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no binary layer sites");
        }
        this.ref = ref;
        this.def = ref.definition();
        this.sites = sites;
        int n = def.layers().size();
        siteAtLinear = new int[n];
        siteAtBn = new int[n];
        Arrays.fill(siteAtLinear, -1);
        Arrays.fill(siteAtBn, -1);
        for (int k = 0; k < sites.size(); k++) {
            siteAtLinear[sites.get(k).linearIndex()] = k;
            siteAtBn[sites.get(k).bnIndex()] = k;
        }
        this.xnorSites = xnorKernels
                ? sites.stream().map(site -> BinaryDotProducts.of(def.layers().get(site.linearIndex()), site.linear(),
                        site.input())).toArray(BinaryDotProducts[]::new)
                : null;
    }

    List<BinaryLayerSite> sites() {
        return sites;
    }

    /** Runs the layers before the first site (the same in every variant); its result feeds {@link #run}. */
    float[] prefix(float[] x) {
        float[] cur = x;
        int end = sites.get(0).linearIndex();
        for (int i = 0; i < end; i++) {
            if (!(def.layers().get(i) instanceof SoftmaxSpec)) {
                cur = ref.layer(i, cur);
            }
        }
        return cur;
    }

    /**
     * Runs from the first site on, with {@code modes[k]} at site k. With {@code stopAtSite >= 0}, stops once that
     * site's s is known (its z, later sites and the logits are null).
     */
    Result run(float[] prefixOutput, SiteMode[] modes, int stopAtSite) {
        List<LayerSpec> layers = def.layers();
        int start = sites.get(0).linearIndex();
        float[] cur = prefixOutput;
        Shape shape = start == 0 ? def.input() : ref.outputShape(start - 1);
        float[][] s = new float[sites.size()][];
        float[][] z = new float[sites.size()][];
        float[] logits = null;
        for (int i = start; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            int linearSite = siteAtLinear[i];
            int bnSite = siteAtBn[i];
            if (linearSite >= 0) {
                cur = xnorSites != null ? xnorSites[linearSite].apply(cur)
                        : dotProducts(sites.get(linearSite), l, cur, shape);
            } else if (bnSite >= 0) {
                s[bnSite] = cur;
                if (bnSite == stopAtSite) {
                    return new Result(s, z, null, -1);
                }
                cur = preSign(bnSite, modes[bnSite], cur);
                z[bnSite] = cur;
            } else if (l instanceof SoftmaxSpec) {
                logits = cur;
            } else {
                cur = ref.layer(i, cur); // a layer that is not part of a site, as the float network runs it
            }
            shape = ref.outputShape(i);
        }
        if (logits == null) {
            logits = cur;
        }
        return new Result(s, z, logits, FloatOps.argmax(logits));
    }

    /** The value {@code y} BatchNorm sees in channel c for the integer pre-activation {@code s}. */
    float y(int site, SiteMode mode, int c, float s) {
        LayerParameters lp = sites.get(site).linear();
        return FloatOps.scaleAndShift(s, mode.alphaApplied()[c] ? lp.alpha() : null, lp.bias(), c);
    }

    /** The pre-sign values z of site {@code site} in {@code mode} for its integer pre-activations {@code s}. */
    float[] preSign(int site, SiteMode mode, float[] s) {
        BinaryLayerSite b = sites.get(site);
        int plane = b.positions();
        float[] z = new float[s.length];
        BnParameters bn = mode.bn();
        for (int c = 0; c < b.channels(); c++) {
            float sigma = bn.sigma(c);
            for (int p = 0; p < plane; p++) {
                int idx = c * plane + p;
                z[idx] = bn.apply(c, sigma, y(site, mode, c, s[idx]));
            }
        }
        return z;
    }

    private static float[] dotProducts(BinaryLayerSite site, LayerSpec l, float[] x, Shape in) {
        LayerParameters lp = site.linear();
        if (l instanceof Conv2dSpec c) {
            return FloatOps.conv2d(x, in.channels(), in.height(), in.width(), lp.effectiveWeights(), c.filters(),
                    c.kernel(), c.stride(), c.padding(), null, null);
        }
        DenseSpec d = (DenseSpec) l;
        return FloatOps.dense(x, lp.effectiveWeights(), (int) in.size(), d.units(), null, null);
    }
}

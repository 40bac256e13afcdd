package dev.bitflow.engine.analysis.activations;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.data.LabeledData;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary activations of one trained model on test data: one image's maps ({@link #trace}) and the per-channel
 * +1 rates over many images ({@link #rates}). The bits come from an {@link ActivationProbe}.
 *
 * <p>The +1 rate of channel c of a layer with output {@code C x H x W} over N images is
 * {@code r_c = (number of +1 bits of channel c over all N*H*W positions) / (N*H*W)}. A channel with
 * {@code r_c = 0} or {@code 1} is constant (dead: its sign never changes, so the next layer could fold it into a
 * bias); one with {@code r_c <= t} or {@code >= 1 - t} is nearly constant.
 */
public final class ActivationAnalyzer {
    private final NetworkDefinition definition;
    private final ActivationProbe probe;

    /** The activations of the network {@code definition} describes, as {@code probe} computes them. */
    public ActivationAnalyzer(NetworkDefinition definition, ActivationProbe probe) {
        this.definition = definition;
        this.probe = probe;
    }

    /** The maps of test example {@code index} of {@code test}; {@code image} is the same example as stored. */
    public ActivationTrace trace(LabeledData test, int index, ImageSample image) {
        test.checkFits(definition);
        test.checkTestExample(index);
        ActivationProbe.Output out = probe.run(test.example(index));
        List<String> names = test.classNames();
        String predictionName = out.prediction() < names.size() ? names.get(out.prediction()) : "class " + out.prediction();
        return new ActivationTrace(definition.name(), image, out.prediction(), predictionName, probe.path(),
                probe.maps(out));
    }

    /** Rates over the first {@code options.examples()} examples of {@code test} (all when {@code <= 0}). */
    public ActivationRates rates(LabeledData test, ActivationRateOptions options, TaskMonitor monitor) {
        test.checkFits(definition);
        int n = options.examples() <= 0 ? test.count() : Math.min(options.examples(), test.count());
        List<ActivationProbe.Site> sites = probe.sites();
        long[][] ones = new long[sites.size()][];
        for (int s = 0; s < sites.size(); s++) {
            ones[s] = new long[sites.get(s).shape().channels()];
        }
        for (int e = 0; e < n; e++) {
            if (e % 25 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) e / n, "activations of test image " + e + " of " + n);
            }
            ActivationProbe.Output out = probe.run(test.example(e));
            for (int s = 0; s < sites.size(); s++) {
                countOnes(out.bits().get(s), sites.get(s).shape(), ones[s]);
            }
        }
        monitor.progress(1.0, "counted activations of " + n + " test images");
        List<LayerActivationRates> layers = new ArrayList<>();
        for (int s = 0; s < sites.size(); s++) {
            ActivationProbe.Site site = sites.get(s);
            Shape sh = site.shape();
            long perChannel = (long) n * sh.height() * sh.width();
            double[] rates = new double[sh.channels()];
            int constant = 0;
            int near = 0;
            for (int c = 0; c < rates.length; c++) {
                rates[c] = perChannel == 0 ? 0.0 : (double) ones[s][c] / perChannel;
                constant += ones[s][c] == 0 || ones[s][c] == perChannel ? 1 : 0;
                near += LayerActivationRates.isNearlyConstant(rates[c], options.threshold()) ? 1 : 0;
            }
            layers.add(new LayerActivationRates(site.layer(), site.block(), sh.height(), sh.width(), perChannel, rates,
                    constant, near));
        }
        return new ActivationRates(definition.name(), test.name() + ", first " + n + " test images", n,
                options.threshold(), probe.path(), layers);
    }

    private static void countOnes(long[] words, Shape shape, long[] ones) {
        int plane = shape.height() * shape.width();
        for (int c = 0; c < ones.length; c++) {
            int from = c * plane;
            int to = from + plane;
            long count = 0;
            int i = from;
            while (i < to) {
                int word = i >>> 6;
                int bit = i & 63;
                int take = Math.min(64 - bit, to - i);
                long mask = take == 64 ? -1L : ((1L << take) - 1) << bit;
                count += Long.bitCount(words[word] & mask);
                i += take;
            }
            ones[c] += count;
        }
    }
}

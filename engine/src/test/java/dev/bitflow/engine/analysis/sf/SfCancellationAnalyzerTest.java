package dev.bitflow.engine.analysis.sf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.SfAgreement;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfHistogram;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatReferenceForward;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class SfCancellationAnalyzerTest {
    private static final Shape INPUT = Shape.spatial(1, 12, 12);

    private static TrainedNetwork network(NetworkDefinition def, long seed) {
        return TrainedLikeNetworks.create(def, TrainedLikeNetworks.randomData(def.input(), 60, seed + 1000), seed);
    }

    @Test
    void theTrainedVariantIsBitIdenticalToTheFloatReferencePathWithEitherKernel() {
        for (long seed = 1; seed <= 3; seed++) {
            TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), seed);
            FloatReferenceForward ref = new FloatReferenceForward(net);
            List<BinaryLayerSite> sites = BinaryLayerSite.find(ref);
            assertThat(sites).extracting(BinaryLayerSite::name).containsExactly("conv2", "conv3", "fc1");
            SfForward f = new SfForward(ref, sites, true);
            SfForward slow = new SfForward(ref, sites, false);
            SiteMode[] trained = new SiteMode[sites.size()];
            for (int k = 0; k < sites.size(); k++) {
                boolean[] all = new boolean[sites.get(k).channels()];
                Arrays.fill(all, true);
                trained[k] = new SiteMode(all, sites.get(k).bn());
            }
            LabeledData data = TrainedLikeNetworks.randomData(INPUT, 20, seed);
            for (int e = 0; e < data.count(); e++) {
                float[] x = data.example(e);
                FloatReferenceForward.Trace t = ref.forward(x);
                SfForward.Result r = f.run(f.prefix(x), trained, -1);
                SfForward.Result rSlow = slow.run(slow.prefix(x), trained, -1);
                assertThat(bits(rSlow.logits())).isEqualTo(bits(t.logits()));
                assertThat(bits(r.logits())).isEqualTo(bits(t.logits()));
                assertThat(r.prediction()).isEqualTo(t.prediction());
                for (int k = 0; k < sites.size(); k++) {
                    assertThat(bits(r.z()[k])).isEqualTo(bits(t.outputs()[sites.get(k).bnIndex()]));
                    assertThat(bits(r.s()[k])).isEqualTo(bits(rSlow.s()[k]));
                    for (float s : r.s()[k]) {
                        assertThat(Math.abs(s)).isLessThanOrEqualTo(sites.get(k).fanIn());
                        assertThat(s).isEqualTo((float) Math.rint(s));
                    }
                }
            }
        }
    }

    @Test
    void xnorAndFloatDotProductsAgreeOverPaddingsStridesAndChannelCounts() {
        int checked = 0;
        for (PaddingMode mode : PaddingMode.values()) {
            for (int stride = 1; stride <= 2; stride++) {
                for (int filters : new int[] {5, 70}) {
                    Padding padding = mode == PaddingMode.VALID ? Padding.VALID : new Padding(mode, 1);
                    NetworkDefinition def = TrainedLikeNetworks.definition("grid", Shape.spatial(2, 9, 9), List.of(
                            new Conv2dSpec("conv1", 66, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                            TrainedLikeNetworks.bn("bn1"), new SignSpec("sign1"),
                            new Conv2dSpec("conv2", filters, 3, stride, padding, Precision.BINARY, ScalingFactor.MEAN_ABS, true),
                            TrainedLikeNetworks.bn("bn2"), new SignSpec("sign2"), new FlattenSpec("flatten"),
                            new DenseSpec("fc1", 7, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                            TrainedLikeNetworks.bn("bn3"), new SignSpec("sign3"),
                            new DenseSpec("fc2", 3, Precision.FLOAT, ScalingFactor.NONE, true)));
                    LabeledData data = TrainedLikeNetworks.randomData(def.input(), 6, stride * 31L + filters);
                    TrainedNetwork net = TrainedLikeNetworks.create(def, data, filters + stride);
                    FloatReferenceForward ref = new FloatReferenceForward(net);
                    List<BinaryLayerSite> sites = BinaryLayerSite.find(ref);
                    assertThat(sites).hasSize(2);
                    SfForward fast = new SfForward(ref, sites, true);
                    SfForward slow = new SfForward(ref, sites, false);
                    SiteMode[] modes = new SiteMode[2];
                    for (int k = 0; k < 2; k++) {
                        modes[k] = SfCancellationAnalyzer.rescale(sites.get(k), true);
                    }
                    for (int e = 0; e < data.count(); e++) {
                        float[] x = data.example(e);
                        SfForward.Result a = fast.run(fast.prefix(x), modes, -1);
                        SfForward.Result b = slow.run(slow.prefix(x), modes, -1);
                        for (int k = 0; k < 2; k++) {
                            assertThat(bits(a.s()[k])).as("%s stride %d filters %d", mode, stride, filters)
                                    .isEqualTo(bits(b.s()[k]));
                        }
                        assertThat(bits(a.logits())).isEqualTo(bits(b.logits()));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 2 * 2 * 6);
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToIntBits(v[i]);
        }
        return b;
    }

    @Test
    void rescaledStatisticsAgreeExceptCountedTiesAndThresholdsMatch() {
        for (long seed = 1; seed <= 3; seed++) {
            NetworkDefinition def = TrainedLikeNetworks.smallBcnn(INPUT);
            LabeledData calibration = TrainedLikeNetworks.randomData(INPUT, 60, seed + 1000);
            TrainedNetwork net = TrainedLikeNetworks.create(def, calibration, seed);
            LabeledData test = TrainedLikeNetworks.randomData(INPUT, 40, seed);
            SfReport r = new SfCancellationAnalyzer(net).analyze(test, 0, calibration, TaskMonitor.NONE);
            assertThat(r.testExamples()).isEqualTo(40);
            assertThat(r.trainExamples()).isEqualTo(60);
            assertThat(r.layers()).extracting(SfLayerReport::name).containsExactly("conv2", "conv3", "fc1");
            long ties = 0;
            for (SfLayerReport l : r.layers()) {
                SfAgreement b = l.agreement(SfVariant.RESCALED);
                assertThat(b.bits()).isEqualTo(40L * l.positions() * l.channelCount());
                assertThat(b.disagreeingOutsideTies()).as(l.name()).isZero();
                ties += b.ties();
                assertThat(l.thresholdChanges().get(0)).as("integer thresholds changed by rescaling").isZero();
                for (SfChannelReport c : l.channels()) {
                    assertThat(c.agreement(SfVariant.RESCALED).disagreeingOutsideTies()).isZero();
                    assertThat(c.intThresholdRescaled()).isEqualTo(c.intThreshold());
                    if (!c.constant()) {
                        double scale = Math.abs(c.tauWithAlpha()) + 1;
                        assertThat(c.tauWithoutAlpha()).isCloseTo(c.tauWithAlpha(), org.assertj.core.data.Offset.offset(1e-12 * scale));
                        assertThat(c.alpha() * c.tauWithAlpha() + c.bias())
                                .isCloseTo(c.thresholdY(), org.assertj.core.data.Offset.offset(1e-12 * (Math.abs(c.thresholdY()) + 1)));
                        assertThat(c.rescaledMean()).isEqualTo((double) (float) ((c.mean() - c.bias()) / c.alpha() + c.bias()));
                        assertThat(c.rescaledVar()).isEqualTo((double) (float) (c.var() / (c.alpha() * c.alpha())));
                        assertThat(c.rescaledEpsilon()).isEqualTo((double) (float) (c.epsilon() / (c.alpha() * c.alpha())));
                    }
                    assertThat(c.flipped()).isEqualTo(c.gamma() < 0);
                    assertThat(c.constant()).isEqualTo(c.gamma() == 0);
                }
                assertThat(l.flipped()).isEqualTo((int) l.channels().stream().filter(SfChannelReport::flipped).count());
                assertThat(l.constant()).isEqualTo((int) l.channels().stream().filter(SfChannelReport::constant).count());
            }
            if (ties == 0) {
                assertThat(r.variant(SfVariant.RESCALED).predictionAgreement()).isEqualTo(1.0);
                assertThat(r.variant(SfVariant.RESCALED).correct()).isEqualTo(r.variant(SfVariant.TRAINED).correct());
                for (SfLayerReport l : r.layers()) {
                    assertThat(l.agreement(SfVariant.RESCALED).cascadedAgreeing()).isEqualTo(l.agreement(SfVariant.RESCALED).bits());
                }
            }
        }
    }

    @Test
    void theIntegerThresholdSplitsTheHistogramAsTheTrainedSignsDo() {
        TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), 7);
        SfReport r = new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 30, 7), 0,
                TrainedLikeNetworks.randomData(INPUT, 30, 8), TaskMonitor.NONE);
        int checked = 0;
        for (SfLayerReport l : r.layers()) {
            for (SfChannelReport c : l.channels()) {
                if (c.constant()) {
                    continue;
                }
                double sigma = Math.sqrt(c.var() + c.epsilon());
                for (int s = -l.fanIn(); s <= l.fanIn(); s++) {
                    double z = c.gamma() * (c.alpha() * s + c.bias() - c.mean()) / sigma + c.beta();
                    if (Math.abs(z) < 1e-9) {
                        continue;
                    }
                    boolean byThreshold = c.flipped() ? s <= c.intThreshold() : s >= c.intThreshold();
                    assertThat(byThreshold).as("%s channel %d s=%d", l.name(), c.channel(), s).isEqualTo(z >= 0);
                    checked++;
                }
                if (c.gamma() > 0) {
                    assertThat((double) c.intThreshold()).isEqualTo(Math.max(-l.fanIn(), Math.min(l.fanIn() + 1,
                            Math.ceil(c.tauWithAlpha()))));
                } else {
                    assertThat((double) c.intThreshold()).isEqualTo(Math.max(-l.fanIn() - 1, Math.min(l.fanIn(),
                            Math.floor(c.tauWithAlpha()))));
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void histogramsCountEveryPositionOfEveryExampleWithinTheFanIn() {
        TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), 11);
        SfReport r = new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 50, 3), 25,
                TrainedLikeNetworks.randomData(INPUT, 20, 4), TaskMonitor.NONE);
        assertThat(r.testExamples()).isEqualTo(25);
        for (SfLayerReport l : r.layers()) {
            long layerTotal = 0;
            for (SfChannelReport c : l.channels()) {
                SfHistogram h = c.histogram();
                assertThat(h.total()).isEqualTo(25L * l.positions());
                assertThat(h.min()).isGreaterThanOrEqualTo(-l.fanIn());
                assertThat(h.max()).isLessThanOrEqualTo(l.fanIn());
                assertThat(h.counts()[0]).isPositive();
                assertThat(h.counts()[h.counts().length - 1]).isPositive();
                if (!l.name().equals("conv2")) { // no zero padding: every s has the parity of K
                    for (int s = h.min(); s <= h.max(); s++) {
                        if (Math.floorMod(s - l.fanIn(), 2) != 0) {
                            assertThat(h.count(s)).isZero();
                        }
                    }
                }
                layerTotal += h.total();
            }
            assertThat(layerTotal).isEqualTo(l.agreement(SfVariant.RESCALED).bits());
        }
        assertThat(r.layers().get(0).positions()).isEqualTo(9); // conv2 6x6 -> 3x3 after the pool before BN
        assertThat(r.layers().get(0).fanIn()).isEqualTo(8 * 9);
        assertThat(r.layers().get(1).fanIn()).isEqualTo(16 * 9);
        assertThat(r.layers().get(1).positions()).isEqualTo(1);
        assertThat(r.layers().get(2).fanIn()).isEqualTo(16);
    }

    @Test
    void reestimatingOnTheCalibrationDataRecoversTheRescaledStatistics() {
        NetworkDefinition def = TrainedLikeNetworks.smallBcnn(INPUT);
        LabeledData calibration = TrainedLikeNetworks.randomData(INPUT, 80, 21);
        TrainedNetwork net = TrainedLikeNetworks.create(def, calibration, 21);
        SfReport r = new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 40, 22), 0,
                calibration, TaskMonitor.NONE);
        SfLayerReport first = r.layers().get(0);
        for (SfChannelReport c : first.channels()) {
            assertThat(c.reestimatedMean()).isCloseTo(c.rescaledMean(), org.assertj.core.data.Offset.offset(
                    1e-4 * (Math.abs(c.rescaledMean()) + 1)));
            if (c.var() > 1e-3) {
                assertThat(c.reestimatedVar()).isCloseTo(c.rescaledVar(), org.assertj.core.data.Offset.offset(
                        1e-4 * c.rescaledVar()));
            }
        }
        for (SfLayerReport l : r.layers()) {
            assertThat(l.agreement(SfVariant.REESTIMATED).agreement()).as(l.name()).isGreaterThan(0.99);
        }
        assertThat(first.agreement(SfVariant.REESTIMATED).agreement()).isGreaterThan(0.999);
    }

    @Test
    void thePrefixCacheChangesNothing() {
        NetworkDefinition def = TrainedLikeNetworks.smallBcnn(INPUT);
        LabeledData calibration = TrainedLikeNetworks.randomData(INPUT, 40, 31);
        TrainedNetwork net = TrainedLikeNetworks.create(def, calibration, 31);
        LabeledData test = TrainedLikeNetworks.randomData(INPUT, 20, 32);
        SfReport cached = new SfCancellationAnalyzer(net, Long.MAX_VALUE).analyze(test, 0, calibration, TaskMonitor.NONE);
        SfReport uncached = new SfCancellationAnalyzer(net, 0).analyze(test, 0, calibration, TaskMonitor.NONE);
        assertThat(cached.layers()).hasSize(3).hasSameSizeAs(uncached.layers());
        for (int k = 0; k < cached.layers().size(); k++) {
            SfLayerReport a = cached.layers().get(k);
            SfLayerReport b = uncached.layers().get(k);
            assertThat(a.agreement()).isEqualTo(b.agreement());
            for (int c = 0; c < a.channelCount(); c++) {
                assertThat(a.channels().get(c).reestimatedMean()).isEqualTo(b.channels().get(c).reestimatedMean());
                assertThat(a.channels().get(c).reestimatedVar()).isEqualTo(b.channels().get(c).reestimatedVar());
            }
        }
        assertThat(cached.variants()).isEqualTo(uncached.variants());
    }

    @Test
    void keepingEpsilonMovesThresholdsWhenEpsilonIsLargeButRescalingItDoesNot() {
        List<LayerSpec> layers = new ArrayList<>(TrainedLikeNetworks.smallBcnn(INPUT).layers());
        layers.replaceAll(l -> l instanceof BatchNormSpec b ? new BatchNormSpec(b.name(), 5.0, 0.9, true) : l);
        NetworkDefinition def = TrainedLikeNetworks.definition("big-eps", INPUT, layers);
        TrainedNetwork net = network(def, 5);
        SfReport r = new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 30, 5), 0,
                TrainedLikeNetworks.randomData(INPUT, 30, 6), TaskMonitor.NONE);
        double maxExactDiff = 0;
        double maxEpsKeptDiff = 0;
        for (SfLayerReport l : r.layers()) {
            assertThat(l.agreement(SfVariant.RESCALED).disagreeingOutsideTies()).isZero();
            for (SfChannelReport c : l.channels()) {
                if (!c.constant() && c.beta() != 0) {
                    maxExactDiff = Math.max(maxExactDiff, Math.abs(c.tauWithoutAlpha() - c.tauWithAlpha()));
                    maxEpsKeptDiff = Math.max(maxEpsKeptDiff, Math.abs(c.tauWithoutAlphaEpsKept() - c.tauWithAlpha()));
                }
            }
        }
        assertThat(maxExactDiff).isLessThan(1e-9);
        assertThat(maxEpsKeptDiff).isGreaterThan(1e-3);
    }

    @Test
    void withoutScalingFactorEveryRescaledVariantIsTheTrainedModel() {
        List<LayerSpec> layers = new ArrayList<>(TrainedLikeNetworks.smallBcnn(INPUT).layers());
        layers.replaceAll(l -> l instanceof Conv2dSpec c && c.weights() == Precision.BINARY
                ? new Conv2dSpec(c.name(), c.filters(), c.kernel(), c.stride(), c.padding(), c.weights(), ScalingFactor.NONE, c.bias())
                : l instanceof DenseSpec d && d.weights() == Precision.BINARY
                ? new DenseSpec(d.name(), d.units(), d.weights(), ScalingFactor.NONE, d.bias()) : l);
        TrainedNetwork net = network(TrainedLikeNetworks.definition("no-sf", INPUT, layers), 9);
        SfReport r = new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 20, 9), 0,
                TrainedLikeNetworks.randomData(INPUT, 20, 10), TaskMonitor.NONE);
        for (SfLayerReport l : r.layers()) {
            assertThat(l.scalingFactor()).isFalse();
            for (SfVariant v : List.of(SfVariant.RESCALED, SfVariant.RESCALED_EPS_KEPT)) {
                assertThat(l.agreement(v).agreeing()).isEqualTo(l.agreement(v).bits());
                assertThat(l.agreement(v).cascadedAgreeing()).isEqualTo(l.agreement(v).bits());
            }
            assertThat(l.channels()).allSatisfy(c -> assertThat(c.alpha()).isEqualTo(1.0));
        }
        assertThat(r.variant(SfVariant.RESCALED).predictionAgreement()).isEqualTo(1.0);
    }

    @Test
    void cancellationStopsTheAnalysis() {
        TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), 3);
        List<Double> seen = new ArrayList<>();
        TaskMonitor cancelAfterFirst = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
                seen.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return !seen.isEmpty();
            }
        };
        assertThatThrownBy(() -> new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 200, 1), 0,
                TrainedLikeNetworks.randomData(INPUT, 200, 2), cancelAfterFirst)).isInstanceOf(CancelledException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void progressRisesToOne() {
        TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), 3);
        List<Double> seen = new ArrayList<>();
        TaskMonitor m = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
                seen.add(fraction);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        new SfCancellationAnalyzer(net).analyze(TrainedLikeNetworks.randomData(INPUT, 60, 1), 0,
                TrainedLikeNetworks.randomData(INPUT, 60, 2), m);
        assertThat(seen).isSorted().last().isEqualTo(1.0);
        assertThat(seen.size()).isGreaterThan(3);
    }

    @Test
    void aModelWithoutBinaryLayersBeforeBatchNormAndSignIsRefused() {
        NetworkDefinition def = TrainedLikeNetworks.definition("float-only", INPUT, List.of(
                new Conv2dSpec("conv1", 4, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                TrainedLikeNetworks.bn("bn1"), new SignSpec("sign1"), new FlattenSpec("flatten"),
                new DenseSpec("fc", 10, Precision.BINARY, ScalingFactor.MEAN_ABS, true)));
        TrainedNetwork net = network(def, 1);
        assertThatThrownBy(() -> new SfCancellationAnalyzer(net)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("float-only").hasMessageContaining("no binary layer");
    }

    @Test
    void dataOfTheWrongShapeIsRefused() {
        TrainedNetwork net = network(TrainedLikeNetworks.smallBcnn(INPUT), 1);
        LabeledData wrong = TrainedLikeNetworks.randomData(Shape.spatial(1, 10, 10), 5, 1);
        assertThatThrownBy(() -> new SfCancellationAnalyzer(net).analyze(wrong, 0, wrong, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expects 1x12x12");
    }
}

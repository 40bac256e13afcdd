package dev.bitflow.engine.analysis.activations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.analysis.sf.DefaultAnalysisService;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.analysis.ActivationPath;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.analysis.LayerActivationRates;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.spi.Split;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import java.util.List;

/** Binary activations of the bundled trained fashion-bcnn on the embedded mini test set. */
class ActivationAnalyzerTest {
    private static final Path MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm");
    private final DefaultAnalysisService service = new DefaultAnalysisService(TestDatasets.service());

    private static TrainedNetwork model() throws Exception {
        return BfmReader.read(MODEL).model();
    }

    @Test
    void oneImageGivesEverySignLayerAsFusedBitsEqualToTheFloatPath() throws Exception {
        TrainedNetwork net = model();
        ActivationTrace t = service.activations(net, DataLocation.mini(), 7, TaskMonitor.NONE);
        assertThat(t.path()).isEqualTo(ActivationPath.FUSED_BITS);
        assertThat(t.image().index()).isEqualTo(7);
        assertThat(t.layers()).extracting(ActivationMap::layer).containsExactly("sign1", "sign2", "sign3", "sign4");
        assertThat(t.layers()).extracting(ActivationMap::block).containsExactly("conv1", "conv2", "conv3", "fc1");
        assertThat(t.layers()).extracting(m -> m.channels() + "x" + m.height() + "x" + m.width())
                .containsExactly("32x14x14", "64x7x7", "128x7x7", "256x1x1");

        LabeledData test = TestDatasets.service().load(net.definition().dataset(), DataLocation.mini(), Split.TEST);
        int size = test.exampleSize();
        FloatReferenceForward.Trace f = new FloatReferenceForward(net)
                .forward(test.example(7));
        assertThat(t.prediction()).isEqualTo(f.prediction());
        List<LayerSpec> layers = net.definition().layers();
        long differing = 0;
        long ones = 0;
        for (ActivationMap m : t.layers()) {
            int index = indexOf(layers, m.layer());
            float[] signs = f.outputs()[index];
            assertThat(signs).hasSize(m.channels() * m.height() * m.width());
            for (int c = 0; c < m.channels(); c++) {
                for (int y = 0; y < m.height(); y++) {
                    for (int x = 0; x < m.width(); x++) {
                        boolean expected = signs[(c * m.height() + y) * m.width() + x] >= 0f;
                        differing += expected == m.plusOne(c, y, x) ? 0 : 1;
                        ones += m.plusOne(c, y, x) ? 1 : 0;
                    }
                }
            }
        }
        assertThat(differing).as("fused bits equal the float path's sign outputs").isZero();
        assertThat(ones).as("a real mix of +1 and -1").isBetween(1000L, 15000L);
    }

    @Test
    void ratesCountPlusOnesPerChannelAndFindConstantChannels() throws Exception {
        TrainedNetwork net = model();
        // bn2 channel 5: gamma 0, beta > 0 -> sign2 channel 5 is always +1; channel 6: beta < 0 -> always -1
        ParameterSet ps = net.parameters();
        float[] gamma = ps.get("bn2", ParameterSet.GAMMA).data().clone();
        float[] beta = ps.get("bn2", ParameterSet.BETA).data().clone();
        gamma[5] = 0f;
        beta[5] = 0.7f;
        gamma[6] = 0f;
        beta[6] = -0.3f;
        ps.put("bn2", ParameterSet.GAMMA, new Tensor(new int[] {gamma.length}, gamma));
        ps.put("bn2", ParameterSet.BETA, new Tensor(new int[] {beta.length}, beta));

        int n = 20;
        ActivationRates r = service.activationRates(net, DataLocation.mini(),
                new ActivationRateOptions(n, 0.01), TaskMonitor.NONE);
        assertThat(r.examples()).isEqualTo(n);
        assertThat(r.path()).isEqualTo(ActivationPath.FUSED_BITS);
        LayerActivationRates sign2 = r.layers().get(1);
        assertThat(sign2.layer()).isEqualTo("sign2");
        assertThat(sign2.bitsPerChannel()).isEqualTo(n * 7L * 7L);
        assertThat(sign2.rate(5)).isEqualTo(1.0);
        assertThat(sign2.rate(6)).isEqualTo(0.0);
        assertThat(sign2.isConstant(5)).isTrue();
        assertThat(sign2.constant()).isGreaterThanOrEqualTo(2);
        assertThat(sign2.nearlyConstant()).isGreaterThanOrEqualTo(sign2.constant());
        assertThat(r.constantChannels()).isEqualTo(r.layers().stream().mapToInt(LayerActivationRates::constant).sum());

        // the rates are the +1 bits of the single-image maps, summed
        for (int li = 0; li < r.layers().size(); li++) {
            LayerActivationRates layer = r.layers().get(li);
            long[] counted = new long[layer.channels()];
            for (int e = 0; e < n; e++) {
                ActivationMap m = service.activations(net, DataLocation.mini(), e, TaskMonitor.NONE).layers().get(li);
                for (int c = 0; c < m.channels(); c++) {
                    counted[c] += m.plusOnes(c);
                }
            }
            int constant = 0;
            int near = 0;
            for (int c = 0; c < layer.channels(); c++) {
                assertThat(layer.rate(c)).as(layer.layer() + " channel " + c)
                        .isEqualTo((double) counted[c] / layer.bitsPerChannel());
                constant += counted[c] == 0 || counted[c] == layer.bitsPerChannel() ? 1 : 0;
                double rate = (double) counted[c] / layer.bitsPerChannel();
                near += rate <= 0.01 || rate >= 0.99 ? 1 : 0;
            }
            assertThat(layer.constant()).isEqualTo(constant);
            assertThat(layer.nearlyConstant()).isEqualTo(near);
        }
    }

    @Test
    void aModelThatCannotBeFusedRunsOnTheFloatPathOneMapPerSignLayer() throws Exception {
        TrainedNetwork trained = model();
        NetworkDefinition d = trained.definition();
        // an average pool between conv2 and bn2 cannot be fused exactly (the mean of popcounts is not integer)
        List<LayerSpec> layers = d.layers().stream()
                .map(l -> l.name().equals("pool2") ? (LayerSpec) new AvgPoolSpec("pool2", 2, 2) : l).toList();
        TrainedNetwork net = new TrainedNetwork(new NetworkDefinition(d.formatVersion(), d.name(), d.description(),
                d.input(), layers, d.training(), d.dataset()), trained.parameters(), trained.provenance());
        ActivationTrace t = service.activations(net, DataLocation.mini(), 2, TaskMonitor.NONE);
        assertThat(t.path()).isEqualTo(ActivationPath.FLOAT_REFERENCE);
        assertThat(t.layers()).extracting(ActivationMap::layer).containsExactly("sign1", "sign2", "sign3", "sign4");
        assertThat(t.layers()).extracting(ActivationMap::block).containsExactly("conv1", "conv2", "conv3", "fc1");
        LabeledData test = TestDatasets.service().load(d.dataset(), DataLocation.mini(), Split.TEST);
        int size = test.exampleSize();
        float[] sign2 = new FloatReferenceForward(net).forward(test.example(2))
                .outputs()[indexOf(layers, "sign2")];
        ActivationMap m = t.layers().get(1);
        for (int c = 0; c < m.channels(); c++) {
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    assertThat(m.plusOne(c, y, x)).isEqualTo(sign2[(c * m.height() + y) * m.width() + x] >= 0f);
                }
            }
        }
        ActivationRates r = service.activationRates(net, DataLocation.mini(), new ActivationRateOptions(5, 0.01),
                TaskMonitor.NONE);
        assertThat(r.path()).isEqualTo(ActivationPath.FLOAT_REFERENCE);
        assertThat(r.layers()).hasSize(4);
    }

    @Test
    void badIndexAndCancelAreReported() throws Exception {
        TrainedNetwork net = model();
        assertThatThrownBy(() -> service.activations(net, DataLocation.mini(), 1000, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("outside the test set (0..999)");
        assertThatThrownBy(() -> new ActivationRateOptions(500, 0.5)).isInstanceOf(BadInputException.class);
        TaskMonitor cancelled = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> service.activationRates(net, DataLocation.mini(), ActivationRateOptions.defaults(),
                cancelled)).isInstanceOf(CancelledException.class);
    }

    private static int indexOf(List<LayerSpec> layers, String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }
}

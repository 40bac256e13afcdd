package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.TieBound;
import org.junit.jupiter.api.Test;
import java.util.Arrays;

class StepThroughBuilderTest {
    private final NetworkDefinition def = RandomNetworks.convNet(PaddingMode.ZERO);
    private final TrainedNetwork net = RandomNetworks.randomize(def, 21);
    private final FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
    private final float[] image = RandomNetworks.randomData(def.input(), 1, 10, 4).example(0);

    @Test
    void cornerOfAZeroPaddedConvCountsOnlyValidTaps() {
        StepThrough s = new StepThroughBuilder(net, fused).build(image, 0, "conv2", 5, 0, 0);
        assertThat(s.kernel()).isEqualTo(3);
        assertThat(s.inChannels()).isEqualTo(16);
        assertThat(s.kEff()).isEqualTo(4 * 16); // 2x2 of the 3x3 taps lie inside at the corner
        assertThat(s.dotProduct()).isEqualTo(2 * s.popcount() - s.kEff());
        assertThat(s.outputBit()).isEqualTo(s.constant() ? s.outputBit() : s.dotProduct() + s.batchShift() >= 0);
    }

    @Test
    void everyPositionAgreesWithTheFloatPathAndWithTheFusedLayer() {
        StepThroughBuilder b = new StepThroughBuilder(net, fused);
        int agree = 0;
        for (String layer : new String[] {"conv2", "conv3", "fc4"}) {
            for (int c = 0; c < 8; c++) {
                int y = layer.equals("fc4") ? 0 : c % 2;
                int x = layer.equals("fc4") ? 0 : (c / 2) % 2;
                StepThrough s = b.build(image, 0, layer, c, y, x);
                assertThat(s.xnorBits()).hasSameSizeAs(s.inputBits());
                float bias = layer.equals("conv3") ? net.parameters().get("conv3", "b").data()[c] : 0f;
                double bound = TieBound.bound(TieBound.Source.BINARY_LAYER, true, bias,
                        fused.state().batchNorm(indexOf(layer)), c, s.floatPreActivation());
                if (!TieBound.isTie(s.floatBatchNorm(), bound)) {
                    assertThat(s.outputBit()).as("%s channel %d", layer, c).isEqualTo(s.floatSign());
                    agree++;
                }
                // the float pre-activation is alpha * s + b with the unflipped s
                int s0 = s.flipped() ? -s.dotProduct() : s.dotProduct();
                assertThat(s.floatPreActivation()).isEqualTo(s.alpha() * (float) s0
                        + (layer.equals("conv3") ? net.parameters().get("conv3", "b").data()[c] : 0f));
            }
        }
        assertThat(agree).isGreaterThan(20);
    }

    @Test
    void theMapHoldsEveryPositionsOutputBitOfTheChannelAndEveryUnitOfADenseLayer() {
        StepThroughBuilder b = new StepThroughBuilder(net, fused);
        StepThrough first = b.build(image, 0, "conv2", 3, 0, 0);
        var grid = fused.state().blocks().get(indexOf("conv2")).linearOut();
        assertThat(first.mapRows()).isEqualTo(grid.height());
        assertThat(first.mapCols()).isEqualTo(grid.width());
        int ones = 0;
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                StepThrough s = b.build(image, 0, "conv2", 3, y, x);
                assertThat(first.mapBit(y, x)).as("(%d, %d)", y, x).isEqualTo(s.outputBit());
                assertThat(s.mapBits()).isEqualTo(first.mapBits());
                ones += s.outputBit() ? 1 : 0;
            }
        }
        assertThat(ones).as("a random channel is neither all +1 nor all -1").isBetween(1, grid.height() * grid.width() - 1);
        StepThrough fc = b.build(image, 0, "fc4", 2, 0, 0);
        assertThat(fc.mapRows()).isEqualTo(1);
        assertThat(fc.mapCols()).isEqualTo(fused.state().blocks().get(indexOf("fc4")).linearOut().channels());
        for (int u = 0; u < fc.mapCols(); u++) {
            assertThat(fc.mapBit(0, u)).isEqualTo(b.build(image, 0, "fc4", u, 0, 0).outputBit());
        }
    }

    @Test
    void aFirstLayerOrUnknownLayerIsRefused() {
        StepThroughBuilder b = new StepThroughBuilder(net, fused);
        assertThatThrownBy(() -> b.build(image, 0, "conv1", 0, 0, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("conv1");
        assertThatThrownBy(() -> b.build(image, 0, "conv2", 70, 0, 0)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("outside");
    }

    private int indexOf(String layer) {
        for (int i = 0; i < fused.state().blocks().size(); i++) {
            if (fused.state().blocks().get(i).name().equals(layer)) {
                return i;
            }
        }
        throw new IllegalArgumentException(layer);
    }
}

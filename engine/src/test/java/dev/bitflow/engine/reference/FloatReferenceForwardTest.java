package dev.bitflow.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.RandomNetworks;
import dev.bitflow.engine.model.TrainedNetwork;
import org.junit.jupiter.api.Test;
import java.util.Arrays;

/**
 * The float network with the binary layers' dot products by XNOR-popcount equals the slow, obvious float32 loops
 * bit for bit, on every layer's output (paddings of every mode, strides, channel counts across 64-bit words, pools,
 * flatten, a binarized MLP).
 */
class FloatReferenceForwardTest {
    @Test
    void xnorDotProductsEqualTheFloatLoopsBitForBit() {
        for (NetworkDefinition def : new NetworkDefinition[] {RandomNetworks.convNet(PaddingMode.ZERO),
            RandomNetworks.convNet(PaddingMode.PLUS_ONE), RandomNetworks.convNet(PaddingMode.MINUS_ONE),
            RandomNetworks.mlp()}) {
            for (long seed = 1; seed <= 2; seed++) {
                TrainedNetwork net = RandomNetworks.randomize(def, seed);
                FloatReferenceForward fast = new FloatReferenceForward(net, true);
                FloatReferenceForward slow = new FloatReferenceForward(net, false);
                LabeledData data = RandomNetworks.randomData(def.input(), 8, 10, seed);
                for (int e = 0; e < data.count(); e++) {
                    float[] x = data.example(e);
                    FloatReferenceForward.Trace a = fast.forward(x);
                    FloatReferenceForward.Trace b = slow.forward(x);
                    for (int i = 0; i < def.layers().size(); i++) {
                        assertThat(bits(a.outputs()[i])).as("%s layer %s example %d", def.name(),
                                def.layers().get(i).name(), e).isEqualTo(bits(b.outputs()[i]));
                    }
                    assertThat(a.prediction()).isEqualTo(b.prediction());
                }
            }
        }
    }

    private static int[] bits(float[] v) {
        return Arrays.stream(toDoubles(v)).mapToInt(d -> Float.floatToIntBits((float) d)).toArray();
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}

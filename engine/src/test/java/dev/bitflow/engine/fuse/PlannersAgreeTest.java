package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.FusionBlock;
import dev.bitflow.engine.model.FusionPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ledger's planner ({@link FusionPlanner}, model package) and the fusion's ({@link BlockPlanner}) must fuse
 * the same layers, or the ledger's "after fusion" numbers would describe a network {@code bitflow fuse} does
 * not build (decision 0053).
 */
class PlannersAgreeTest {
    private final NetworkDefinition bcnn = new DefaultDefinitionService().sample("fashion-bcnn");

    private NetworkDefinition edit(UnaryOperator<List<LayerSpec>> change) {
        return bcnn.withLayers(change.apply(new ArrayList<>(bcnn.layers())));
    }

    private static int index(List<LayerSpec> layers, String name) {
        return IntStream.range(0, layers.size()).filter(i -> layers.get(i).name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertSameFusedLayers(NetworkDefinition d) {
        List<Block> fused = new BlockPlanner().plan(d);
        List<FusionBlock> ledger = FusionPlanner.plan(d, null);
        // every block but the output one ends in a sign: its layers are exactly a ledger block's range
        List<int[]> fromFusion = fused.stream().filter(b -> b.kind() != Block.Kind.OUTPUT)
                .map(b -> new int[] {b.linearIndex(), lastSignIndex(d, b)}).toList();
        assertThat(ledger).hasSameSizeAs(fromFusion);
        for (int i = 0; i < ledger.size(); i++) {
            assertThat(ledger.get(i).weightLayer()).isEqualTo(fromFusion.get(i)[0]);
            assertThat(ledger.get(i).signLayer()).isEqualTo(fromFusion.get(i)[1]);
        }
    }

    private static int lastSignIndex(NetworkDefinition d, Block b) {
        int sign = -1;
        for (int i = b.linearIndex(); i <= b.lastIndex(); i++) {
            if (d.layers().get(i) instanceof dev.bitflow.engine.api.definition.SignSpec) {
                sign = i;
            }
        }
        return sign;
    }

    @Test
    void theSamplesAndEveryAcceptedOrderAreFusedAlike() {
        DefaultDefinitionService definitions = new DefaultDefinitionService();
        for (String name : List.of("fashion-bcnn", "fashion-bcnn-2class", "bitflow-alexnet", "bitflow-alexnet-hands")) {
            assertSameFusedLayers(definitions.sample(name));
        }
        assertSameFusedLayers(edit(l -> { // dropout between BN and sign
            l.add(index(l, "sign2"), new DropoutSpec("drop", 0.2));
            return l;
        }));
        assertSameFusedLayers(edit(l -> { // max pool after BN: conv2 -> bn2 -> pool2 -> sign2
            int pool = index(l, "pool2");
            LayerSpec p = l.remove(pool);
            l.add(index(l, "sign2"), p);
            return l;
        }));
        assertSameFusedLayers(edit(l -> { // no BN at all: conv3 -> sign3
            l.remove(index(l, "bn3"));
            return l;
        }));
        assertSameFusedLayers(edit(l -> { // two pools before BN
            l.add(index(l, "bn2"), new MaxPoolSpec("pool2b", 1, 1));
            return l;
        }));
    }

    @Test
    void anOrderNeitherFusesIsReportedByBoth() {
        NetworkDefinition twoBn = edit(l -> {
            l.add(index(l, "bn3"), new BatchNormSpec("bn3b", 1e-5, 0.9, true));
            return l;
        });
        assertThatThrownBy(() -> new BlockPlanner().plan(twoBn)).hasMessageContaining("bn3")
                .hasMessageContaining("a second batchnorm between 'conv3' and its sign");
        List<DesignIssue> issues = new ArrayList<>();
        FusionPlanner.plan(twoBn, issues);
        assertThat(issues).extracting(DesignIssue::layer).containsExactly("conv3");
    }
}

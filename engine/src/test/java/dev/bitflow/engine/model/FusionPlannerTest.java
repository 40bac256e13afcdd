package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.fusion.FusionProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one fusion grammar: the blocks fuse builds and the ledger counts, and every problem with its layer. */
class FusionPlannerTest {
    private final NetworkDefinition bcnn = new DefaultDefinitionService().sample("fashion-bcnn");

    private NetworkDefinition edit(UnaryOperator<List<LayerSpec>> change) {
        return bcnn.withLayers(change.apply(new ArrayList<>(bcnn.layers())));
    }

    private static int index(List<LayerSpec> layers, String name) {
        return IntStream.range(0, layers.size()).filter(i -> layers.get(i).name().equals(name)).findFirst().orElseThrow();
    }

    private static FusionPlanner.Plan fusable(NetworkDefinition d) {
        FusionPlanner.Plan plan = FusionPlanner.plan(d);
        assertThat(plan.problems()).as(d.name()).isEmpty();
        return plan;
    }

    @Test
    void theSampleBcnnIsFirstThreeBinaryAndOutputBlocks() {
        List<FusionBlock> blocks = fusable(bcnn).blocks();
        assertThat(blocks).extracting(FusionBlock::name).containsExactly("conv1", "conv2", "conv3", "fc1", "fc2");
        assertThat(blocks).extracting(FusionBlock::kind).containsExactly(FusionBlock.Kind.FIRST,
                FusionBlock.Kind.BINARY, FusionBlock.Kind.BINARY, FusionBlock.Kind.BINARY, FusionBlock.Kind.OUTPUT);
        assertThat(blocks.get(0).preBnPools()).hasSize(1); // conv1 -> pool1 -> bn1: threshold then OR/AND
        assertThat(blocks.get(3).flattenedInput()).isTrue();
        assertThat(blocks.get(3).input().toString()).isEqualTo("128x7x7");
        // conv2 -> pool2 -> bn2 -> sign2: the ledger counts layers 4..7 as one block
        assertThat(blocks.get(1).signIndex()).isEqualTo(7);
        assertThat(IntStream.rangeClosed(0, 9).filter(blocks.get(1)::contains)).containsExactly(4, 5, 6, 7);
    }

    @Test
    void everySampleBcnnAndEveryAcceptedOrderFuses() {
        DefaultDefinitionService definitions = new DefaultDefinitionService();
        for (String name : List.of("fashion-bcnn", "fashion-bcnn-2class", "bitflow-alexnet", "bitflow-alexnet-hands")) {
            fusable(definitions.sample(name));
        }
        fusable(edit(l -> { // dropout between BN and sign
            l.add(index(l, "sign2"), new DropoutSpec("drop", 0.2));
            return l;
        }));
        FusionPlanner.Plan afterBn = fusable(edit(l -> { // max pool after BN: conv2 -> bn2 -> pool2 -> sign2
            LayerSpec p = l.remove(index(l, "pool2"));
            l.add(index(l, "sign2"), p);
            return l;
        }));
        assertThat(afterBn.blocks().get(1).postPools()).hasSize(1);
        FusionPlanner.Plan noBn = fusable(edit(l -> { // no BN at all: conv3 -> sign3
            l.remove(index(l, "bn3"));
            return l;
        }));
        assertThat(noBn.blocks().get(2).bn()).isNull();
        fusable(edit(l -> { // two pools before BN
            l.add(index(l, "bn2"), new MaxPoolSpec("pool2b", 1, 1));
            return l;
        }));
        FusionPlanner.Plan drop = fusable(edit(l -> { // dropout after a sign
            l.add(index(l, "sign1") + 1, new DropoutSpec("drop1", 0.3));
            return l;
        }));
        assertThat(drop.blocks()).hasSize(5);
    }

    @Test
    void aFloatTwinHasNoThresholdBlocks() {
        FusionPlanner.Plan plan = FusionPlanner.plan(new DefaultDefinitionService().sample("fashion-fp"));
        assertThat(plan.blocks()).extracting(FusionBlock::kind).doesNotContain(FusionBlock.Kind.FIRST,
                FusionBlock.Kind.BINARY);
        assertThat(plan.fusable()).isFalse();
    }

    @Test
    void averagePoolingBeforeBatchNormIsRefusedWithTheLayer() {
        NetworkDefinition def = edit(l -> {
            l.set(index(l, "pool2"), new AvgPoolSpec("pool2", 2, 2)); // before bn2
            return l;
        });
        FusionPlanner.Plan plan = FusionPlanner.plan(def);
        assertThat(plan.problems()).extracting(FusionProblem::layer).containsExactly("pool2");
        assertThat(plan.problems().get(0).reason()).contains("average pooling");
        // the other blocks are still found: the ledger counts them
        assertThat(plan.blocks()).extracting(FusionBlock::name).containsExactly("conv1", "conv3", "fc1", "fc2");
    }

    @Test
    void floatWeightsInTheMiddleAndReluAreRefusedTogether() {
        NetworkDefinition def = edit(l -> {
            l.set(index(l, "conv3"), new Conv2dSpec("conv3", 128, 3, 1, Padding.zero(1), Precision.FLOAT,
                    ScalingFactor.NONE, false));
            l.set(index(l, "sign3"), new ReluSpec("relu3"));
            return l;
        });
        FusionPlanner.Plan plan = FusionPlanner.plan(def);
        assertThat(plan.problems()).extracting(FusionProblem::layer).contains("conv3", "relu3");
        assertThat(plan.problems().get(0).reason()).contains("float weights on a binary input");
        assertThat(plan.blocks()).extracting(FusionBlock::name).doesNotContain("conv3");
    }

    @Test
    void aMissingSignBetweenLinearLayersIsRefused() {
        NetworkDefinition def = edit(l -> {
            l.set(index(l, "sign4"), new DropoutSpec("drop4", 0.2)); // fc1 output stays float
            return l;
        });
        assertThat(FusionPlanner.plan(def).problems()).singleElement().satisfies(p -> {
            assertThat(p.layer()).isEqualTo("fc1");
            assertThat(p.reason()).contains("without a sign");
        });
    }

    @Test
    void twoBatchNormsInOneBlockAreRefused() {
        NetworkDefinition def = edit(l -> {
            l.add(index(l, "bn3"), new BatchNormSpec("bn3b", 1e-5, 0.9, true));
            return l;
        });
        assertThat(FusionPlanner.plan(def).problems()).singleElement().satisfies(p -> {
            assertThat(p.layer()).isEqualTo("bn3");
            assertThat(p.reason()).contains("a second batchnorm between 'conv3' and its sign");
        });
    }

    @Test
    void aNetworkEndingWithASignHasNoOutputLayer() {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers().subList(0, index(bcnn.layers(), "sign4") + 1));
        layers.add(new DenseSpec("fc2", 10, Precision.BINARY, ScalingFactor.NONE, false));
        layers.add(new SignSpec("sign5"));
        assertThat(FusionPlanner.plan(bcnn.withLayers(layers)).problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("ends with a sign"));
    }
}

package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPlannerTest {
    private final NetworkDefinition bcnn = new DefaultDefinitionService().sample("fashion-bcnn");

    private NetworkDefinition with(int index, LayerSpec replacement) {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers());
        layers.set(index, replacement);
        return bcnn.withLayers(layers);
    }

    @Test
    void theSampleBcnnIsFirstThreeBinaryAndOutputBlocks() {
        List<Block> blocks = new BlockPlanner().plan(bcnn);
        assertThat(blocks).extracting(Block::name).containsExactly("conv1", "conv2", "conv3", "fc1", "fc2");
        assertThat(blocks).extracting(Block::kind).containsExactly(Block.Kind.FIRST, Block.Kind.BINARY,
                Block.Kind.BINARY, Block.Kind.BINARY, Block.Kind.OUTPUT);
        assertThat(blocks.get(0).preBnPools()).hasSize(1); // conv1 -> pool1 -> bn1: threshold then OR/AND
        assertThat(blocks.get(3).flattenedInput()).isTrue();
        assertThat(blocks.get(3).input().toString()).isEqualTo("128x7x7");
    }

    @Test
    void everyUnfusableLayerIsReportedWithItsReason() {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers());
        layers.set(5, new AvgPoolSpec("pool2", 2, 2)); // before bn2
        NetworkDefinition def = bcnn.withLayers(layers);
        assertThatThrownBy(() -> new BlockPlanner().plan(def)).isInstanceOf(NotFusableException.class)
                .hasMessageContaining("pool2").hasMessageContaining("average pooling");
    }

    @Test
    void floatWeightsInTheMiddleAndReluAreRefusedTogether() {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers());
        layers.set(8, new Conv2dSpec("conv3", 128, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false));
        layers.set(10, new ReluSpec("relu3"));
        NetworkDefinition def = bcnn.withLayers(layers);
        NotFusableException e = org.junit.jupiter.api.Assertions.assertThrows(NotFusableException.class,
                () -> new BlockPlanner().plan(def));
        assertThat(e.problems()).extracting(FusionProblem::layer).contains("conv3", "relu3");
        assertThat(e.getMessage()).contains("float weights on a binary input");
    }

    @Test
    void aMissingSignBetweenLinearLayersIsRefused() {
        NetworkDefinition def = with(14, new DropoutSpec("drop4", 0.2)); // sign4 -> dropout: fc1 output stays float
        assertThatThrownBy(() -> new BlockPlanner().plan(def)).isInstanceOf(NotFusableException.class)
                .hasMessageContaining("fc1").hasMessageContaining("without a sign");
    }

    @Test
    void dropoutInsideABlockIsTheIdentity() {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers());
        layers.add(4, new DropoutSpec("drop1", 0.3)); // after sign1
        assertThat(new BlockPlanner().plan(bcnn.withLayers(layers))).hasSize(5);
    }

    @Test
    void aNetworkEndingWithASignHasNoOutputLayer() {
        List<LayerSpec> layers = new ArrayList<>(bcnn.layers().subList(0, 15)); // up to sign4
        layers.add(new DenseSpec("fc2", 10, Precision.BINARY, ScalingFactor.NONE, false));
        layers.add(new SignSpec("sign5"));
        assertThatThrownBy(() -> new BlockPlanner().plan(bcnn.withLayers(layers)))
                .isInstanceOf(NotFusableException.class).hasMessageContaining("ends with a sign");
    }
}

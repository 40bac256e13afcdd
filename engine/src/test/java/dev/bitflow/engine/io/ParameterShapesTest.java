package dev.bitflow.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterShapesTest {
    private static NetworkDefinition def(Shape input, LayerSpec... layers) {
        NetworkDefinition t = TinyModels.definition();
        return new NetworkDefinition(1, "t", "", input, List.of(layers), t.training(), t.dataset());
    }

    @Test
    void tinyModelShapes() {
        Map<String, Map<String, ParameterShapes.Expected>> s = ParameterShapes.of(TinyModels.definition());
        assertThat(s.keySet()).containsExactly("conv1", "bn1", "conv2", "bn2", "fc1", "bn3", "out");
        assertThat(s.get("conv1").get("W").shape()).containsExactly(4, 1, 3, 3);
        assertThat(s.get("conv2").get("W").shape()).containsExactly(8, 4, 3, 3);
        assertThat(s.get("conv2")).doesNotContainKey("b");
        assertThat(s.get("fc1").get("W").shape()).containsExactly(72, 5);
        assertThat(s.get("bn2").get("gamma").required()).isFalse();
        assertThat(s.get("bn3").get("gamma").required()).isTrue();
        assertThat(s.get("out").get("b").shape()).containsExactly(3);
    }

    @Test
    void strideValidPaddingPoolingAndFlatten() {
        // 3x28x28 -> conv 5x5 s2 valid: (28-5)/2+1 = 12 -> avgpool 3 s3: 4 -> dense sees 16*4*4 = 256
        NetworkDefinition d = def(Shape.spatial(3, 28, 28),
                new Conv2dSpec("c", 16, 5, 2, Padding.VALID, Precision.BINARY, ScalingFactor.NONE, false),
                new BatchNormSpec("bn", 1e-5, 0.9, true),
                new AvgPoolSpec("p", 3, 3),
                new FlattenSpec("f"),
                new DenseSpec("d", 10, Precision.FLOAT, ScalingFactor.NONE, true));
        Map<String, Map<String, ParameterShapes.Expected>> s = ParameterShapes.of(d);
        assertThat(s.get("c").get("W").shape()).containsExactly(16, 3, 5, 5);
        assertThat(s.get("bn").get("var").shape()).containsExactly(16);
        assertThat(s.get("d").get("W").shape()).containsExactly(256, 10);
        // zero padding 2, stride 3 on 7x7: (7+4-3)/3+1 = 3 -> 8*3*3 = 72
        NetworkDefinition padded = def(Shape.spatial(1, 7, 7),
                new Conv2dSpec("c", 8, 3, 3, Padding.zero(2), Precision.FLOAT, ScalingFactor.NONE, false),
                new FlattenSpec("f"), new DenseSpec("d", 2, Precision.FLOAT, ScalingFactor.NONE, false));
        assertThat(ParameterShapes.of(padded).get("d").get("W").shape()).containsExactly(72, 2);
    }

    @Test
    void impossibleShapesNameTheLayer() {
        assertThatThrownBy(() -> ParameterShapes.of(def(Shape.spatial(1, 2, 2),
                new Conv2dSpec("big", 4, 3, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false))))
                .isInstanceOf(ParameterShapes.ShapeException.class).hasMessageContaining("layer 'big'")
                .hasMessageContaining("larger than the input height 2");
        assertThatThrownBy(() -> ParameterShapes.of(def(Shape.spatial(1, 4, 4), new FlattenSpec("f"),
                new Conv2dSpec("c", 4, 1, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false))))
                .hasMessageContaining("layer 'c'").hasMessageContaining("needs a spatial input");
        assertThatThrownBy(() -> ParameterShapes.of(def(Shape.spatial(2, 4, 4),
                new DenseSpec("d", 3, Precision.FLOAT, ScalingFactor.NONE, false))))
                .hasMessageContaining("layer 'd'").hasMessageContaining("add a flatten layer");
    }
}

package dev.bitflow.app.viewmodel.editor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.definition.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerPropertiesTest {
    @ParameterizedTest
    @EnumSource(LayerKind.class)
    void settingEveryFieldToItsOwnValueGivesTheSameLayer(LayerKind kind) {
        LayerSpec spec = kind.create("x1");
        for (PropertyField f : LayerProperties.fields(spec)) {
            assertThat(LayerProperties.with(spec, f.key(), f.value())).as(f.key()).isEqualTo(spec);
        }
        assertThat(LayerKind.of(spec)).isEqualTo(kind);
    }

    @Test
    void editsBuildTheChangedRecord() {
        LayerSpec conv = LayerKind.CONV_BINARY.create("c1");
        Conv2dSpec c = (Conv2dSpec) LayerProperties.with(conv, "filters", " 128 ");
        assertThat(c.filters()).isEqualTo(128);
        c = (Conv2dSpec) LayerProperties.with(c, "weights", "FLOAT");
        assertThat(c.weights()).isEqualTo(Precision.FLOAT);
        c = (Conv2dSpec) LayerProperties.with(c, "padding", "VALID");
        assertThat(c.padding().mode()).isEqualTo(PaddingMode.VALID);
        assertThat(c.padding().amount()).isZero();
        c = (Conv2dSpec) LayerProperties.with(c, "padding", "MINUS_ONE");
        assertThat(c.padding().amount()).as("switching from VALID pads by 1").isEqualTo(1);
    }

    @Test
    void invalidTextIsRejectedWithAMessageNamingTheField() {
        LayerSpec conv = LayerKind.CONV_FLOAT.create("c1");
        assertThatThrownBy(() -> LayerProperties.with(conv, "kernel", "three"))
                .hasMessage("Kernel: 'three' is not a whole number");
        assertThatThrownBy(() -> LayerProperties.with(conv, "filters", "0"))
                .hasMessage("Filters: must be >= 1, was 0");
        assertThatThrownBy(() -> LayerProperties.with(conv, "name", "1conv"))
                .hasMessageStartingWith("Name: start with a letter");
        assertThatThrownBy(() -> LayerProperties.with(LayerKind.DROPOUT.create("d"), "rate", "1.0"))
                .hasMessage("Rate: must be in [0, 1)");
        assertThatThrownBy(() -> LayerProperties.with(LayerKind.BATCHNORM.create("b"), "epsilon", "0"))
                .hasMessage("Epsilon: must be > 0");
        assertThatThrownBy(() -> LayerProperties.with(LayerKind.CONV_FLOAT.create("c"), "padAmount", "-1"))
                .hasMessage("Pad amount: must be >= 0, was -1");
    }

    @Test
    void summariesDescribeTheOptions() {
        assertThat(LayerProperties.summary(LayerKind.CONV_BINARY.create("c")))
                .isEqualTo("64 filters, 3x3, stride 1, zero pad 1, SF mean|W|");
        assertThat(LayerProperties.summary(LayerKind.BATCHNORM.create("b")))
                .isEqualTo("eps 1.00e-5, momentum 0.9");
    }

    @Test
    void choicesHaveReadableLabels() {
        assertThat(LayerProperties.choiceLabel("ZERO")).isEqualTo("zero");
        assertThat(LayerProperties.choiceLabel("BINARY")).isEqualTo("binary (1 bit)");
        assertThat(LayerProperties.choiceLabel("MEAN_ABS")).isEqualTo("mean |W| per channel");
        assertThat(LayerProperties.choiceLabel("MINUS_ONE")).isEqualTo("\u22121");
        assertThat(LayerProperties.choiceLabel("SOME_NEW")).isEqualTo("some new");
    }
}

package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionFormatException;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LayerType;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ReluSpec;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionServiceTest {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    @Test
    void formatExceptionCarriesLineAndPathForEditors() {
        String json = service.toJson(service.sample("fashion-bcnn")).replace("\"filters\": 64", "\"filters\": 0");
        DefinitionFormatException e = catchThrowableOfType(DefinitionFormatException.class,
                () -> service.parse(json, "editor"));
        assertThat(e.source()).isEqualTo("editor");
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.column()).isZero();
        assertThat(e.jsonPath()).isEqualTo("$.layers[4].filters");
        assertThat(e.problem()).isEqualTo("must be >= 1, found 0");
        assertThat(json.split("\n")[11]).contains("\"name\": \"conv2\"");
        DefinitionFormatException syntax = catchThrowableOfType(DefinitionFormatException.class,
                () -> service.parse("{\n  \"format\": ]", "editor"));
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.column()).isPositive();
        assertThat(syntax.jsonPath()).isEqualTo("$.format");
    }

    @Test
    void hugeSizesAreRefused() {
        String json = service.toJson(service.sample("fashion-bcnn")).replace("\"units\": 256", "\"units\": 99999999999");
        assertThatThrownBy(() -> service.parse(json, "x")).isInstanceOf(BadInputException.class)
                .hasMessage("x: line 20: $.layers[12].units: must be <= 1048576, found 99999999999");
    }

    @Test
    void everyLayerTypeRoundTripsUnderItsJsonName() {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerType type : LayerType.values()) {
            String name = type.jsonName() + "1";
            LayerSpec l = switch (type) {
                case CONV2D -> new Conv2dSpec(name, 8, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS,
                        false);
                case DENSE -> new DenseSpec(name, 16, Precision.FLOAT, ScalingFactor.NONE, true);
                case BATCHNORM -> new BatchNormSpec(name, 1e-5, 0.9, true);
                case SIGN -> new SignSpec(name);
                case RELU -> new ReluSpec(name);
                case MAXPOOL -> new MaxPoolSpec(name, 2, 2);
                case AVGPOOL -> new AvgPoolSpec(name, 2, 2);
                case FLATTEN -> new FlattenSpec(name);
                case DROPOUT -> new DropoutSpec(name, 0.2);
                case SOFTMAX -> new SoftmaxSpec(name);
            };
            assertThat(l.type()).isEqualTo(type);
            assertThat(type.toString()).isEqualTo(type.jsonName());
            assertThat(LayerType.ofJsonName(type.jsonName())).isEqualTo(type);
            layers.add(l);
        }
        NetworkDefinition d = service.sample("fashion-bcnn").withLayers(layers);
        String json = service.toJson(d);
        assertThat(json).contains("\"type\": \"conv2d\"", "\"type\": \"batchnorm\"", "\"type\": \"avgpool\"");
        assertThat(service.parse(json, "x").layers()).isEqualTo(layers);
        assertThat(LayerType.ofJsonName("lstm")).isNull();
        assertThatThrownBy(() -> service.parse(json.replace("\"relu\"", "\"lstm\""), "x"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("unknown layer type the string \"lstm\"; expected "
                        + "one of conv2d, dense, batchnorm, sign, relu, maxpool, avgpool, flatten, dropout, softmax");
    }

    @Test
    void schedulesRoundTripInEveryKind() {
        NetworkDefinition base = service.sample("fashion-bcnn");
        for (LrSchedule s : List.of(LrSchedule.CONSTANT, new LrSchedule(ScheduleKind.COSINE, 0, 1.0, 0.0),
                new LrSchedule(ScheduleKind.STEP, 5, 0.5, 0.0), new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1.0, 0.25),
                new LrSchedule(ScheduleKind.COSINE, 0, 1.0, 0.1))) {
            var t = base.training();
            NetworkDefinition d = base.withTraining(new dev.bitflow.engine.api.definition.TrainingSpec(t.optimizer(),
                    t.learningRate(), t.momentum(), s, t.epochs(), t.batchSize(), t.seed(), t.validationFraction()));
            assertThat(service.parse(service.toJson(d), "rt")).isEqualTo(d);
        }
        assertThat(service.toJson(base.withTraining(new dev.bitflow.engine.api.definition.TrainingSpec(
                base.training().optimizer(), 0.1, 0.9, LrSchedule.CONSTANT, 1, 1, 1, 0.0))))
                .contains("\"schedule\": \"constant\"");
    }

    @Test
    void embeddedTreeRoundTripsAndNamesThePath() {
        NetworkDefinition d = service.sample("bitflow-alexnet");
        var tree = service.codec().toTree(d);
        assertThat(service.codec().fromTree(tree, "model.bfm definition")).isEqualTo(d);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("layers").get(2)).put("epsilon", -1.0);
        assertThatThrownBy(() -> service.codec().fromTree(tree, "model.bfm definition"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("model.bfm definition: $.layers[2].epsilon: must be in (0, 1], found -1.0");
    }

    @Test
    void unknownSampleNamesTheSamples() {
        assertThatThrownBy(() -> service.sample("nope")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no sample definition 'nope'").hasMessageContaining("fashion-bcnn");
    }
}

package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DefinitionFormatException;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScheduleKind;
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
    void defaultLayersAreValidForEveryType() {
        List<LayerSpec> layers = new ArrayList<>();
        for (String type : service.layerTypes()) {
            NetworkDefinition sofar = service.sample("fashion-bcnn").withLayers(layers);
            LayerSpec l = service.defaultLayer(type, service.freeLayerName(sofar, type));
            assertThat(l.type()).isEqualTo(type);
            layers.add(l);
        }
        NetworkDefinition d = service.sample("fashion-bcnn").withLayers(layers);
        service.validate(d); // structurally valid, unique names
        assertThat(layers).extracting(LayerSpec::name).containsExactly("conv1", "fc1", "bn1", "sign1", "relu1",
                "pool1", "pool2", "flatten1", "drop1", "softmax1");
        assertThat(((Conv2dSpec) layers.get(0)).weights()).isEqualTo(Precision.BINARY);
        assertThatThrownBy(() -> service.defaultLayer("lstm", "x")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown layer type 'lstm'");
    }

    @Test
    void freeLayerNameSkipsUsedNames() {
        NetworkDefinition d = service.sample("fashion-bcnn");
        assertThat(service.freeLayerName(d, "conv2d")).isEqualTo("conv4");
        assertThat(service.freeLayerName(d, "batchnorm")).isEqualTo("bn5");
        assertThat(service.freeLayerName(d, "dense")).isEqualTo("fc3");
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

package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of malformed or invalid definition gives one BadInputException naming source, line and JSON path. */
class DefinitionErrorsTest {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    /** A small valid definition; line numbers below refer to this layout (layers on lines 6-9). */
    private static final String VALID = """
            {
              "format": "bitflow-definition",
              "version": 1,
              "name": "tiny",
              "input": {"channels": 1, "height": 8, "width": 8},
              "layers": [
                {"type": "conv2d", "name": "conv1", "filters": 4, "kernel": 3},
                {"type": "flatten", "name": "flat"},
                {"type": "dense", "name": "fc", "units": 2, "bias": true},
                {"type": "softmax", "name": "out"}
              ],
              "dataset": {"id": "fashion-mnist", "classes": [6, 0]}
            }
            """;

    private String message(String json) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> service.parse(json, "bad.bitflow.json"));
        assertThat(t).isInstanceOf(BadInputException.class);
        assertThat(t.getMessage()).startsWith("bad.bitflow.json: line ").doesNotContain("\tat ")
                .doesNotContain("com.fasterxml");
        return t.getMessage();
    }

    @Test
    void validBaseParsesWithDefaults() {
        NetworkDefinition d = service.parse(VALID, "ok");
        Conv2dSpec c = (Conv2dSpec) d.layers().get(0);
        assertThat(c.stride()).isEqualTo(1);
        assertThat(c.padding().amount()).isZero();
        assertThat(d.training()).isEqualTo(service.defaultTraining());
        assertThat(d.dataset().classes()).containsExactly(6, 0);
    }

    @Test
    void syntaxError() {
        String m = message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3,}"));
        assertThat(m).startsWith("bad.bitflow.json: line 7, column").contains("$.layers[0]").contains("malformed JSON");
    }

    @Test
    void emptyFile() {
        assertThat(message("  \n")).isEqualTo("bad.bitflow.json: line 1: $: the file is empty, expected a JSON object");
    }

    @Test
    void trailingContent() {
        assertThat(message(VALID + "{}")).contains("unexpected content after the end");
    }

    @Test
    void duplicateKey() {
        String m = message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"kernel\": 5}"));
        assertThat(m).startsWith("bad.bitflow.json: line 7").contains("Duplicate field 'kernel'");
    }

    @Test
    void unknownLayerType() {
        String m = message(VALID.replace("\"type\": \"flatten\"", "\"type\": \"flaten\""));
        assertThat(m).isEqualTo("bad.bitflow.json: line 8: $.layers[1].type: unknown layer type the string \"flaten\"; "
                + "expected one of conv2d, dense, batchnorm, sign, relu, maxpool, avgpool, flatten, dropout, softmax");
    }

    @Test
    void unknownFieldWithHint() {
        String m = message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"kernal\": 3}"));
        assertThat(m).startsWith("bad.bitflow.json: line 7: $.layers[0].kernal: unknown field 'kernal' in a conv2d layer "
                + "(did you mean 'kernel'?)");
    }

    @Test
    void unknownTopLevelField() {
        String m = message(VALID.replace("\"version\": 1,", "\"version\": 1, \"author\": \"me\","));
        assertThat(m).startsWith("bad.bitflow.json: line 3: $.author: unknown field 'author'");
    }

    @Test
    void wrongType() {
        String m = message(VALID.replace("\"filters\": 4", "\"filters\": \"4\""));
        assertThat(m).isEqualTo("bad.bitflow.json: line 7: $.layers[0].filters: expected an integer, found the string \"4\"");
        assertThat(message(VALID.replace("\"kernel\": 3", "\"kernel\": 3.5")))
                .isEqualTo("bad.bitflow.json: line 7: $.layers[0].kernel: expected an integer, found the number 3.5");
        assertThat(message(VALID.replace("\"bias\": true", "\"bias\": \"yes\"")))
                .isEqualTo("bad.bitflow.json: line 9: $.layers[2].bias: expected true or false, found the string \"yes\"");
    }

    @Test
    void missingRequiredField() {
        String m = message(VALID.replace("\"units\": 2, ", ""));
        assertThat(m).isEqualTo("bad.bitflow.json: line 9: $.layers[2]: missing required field 'units'");
        assertThat(message(VALID.replace("\"name\": \"tiny\",", "")))
                .isEqualTo("bad.bitflow.json: line 1: $: missing required field 'name'");
        assertThat(message(VALID.replace("{\"type\": \"flatten\", ", "{")))
                .startsWith("bad.bitflow.json: line 8: $.layers[1]: missing required field 'type'");
    }

    @Test
    void duplicateLayerNames() {
        String m = message(VALID.replace("\"name\": \"out\"", "\"name\": \"conv1\""));
        assertThat(m).isEqualTo("bad.bitflow.json: line 10: $.layers[3].name: duplicate layer name 'conv1' "
                + "(also used by $.layers[0]); layer names must be unique");
    }

    @Test
    void badEnumValue() {
        String m = message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"weights\": \"ternary\"}"));
        assertThat(m).isEqualTo("bad.bitflow.json: line 7: $.layers[0].weights: unknown value 'ternary'; "
                + "expected one of float, binary");
        assertThat(message(VALID.replace("\"classes\": [6, 0]", "\"classes\": [6, 0], \"normalization\": \"unit-ish\"")))
                .startsWith("bad.bitflow.json: line 12: $.dataset.normalization: unknown value 'unit-ish'");
    }

    @Test
    void negativeAndZeroSizes() {
        assertThat(message(VALID.replace("\"kernel\": 3", "\"kernel\": -3")))
                .isEqualTo("bad.bitflow.json: line 7: $.layers[0].kernel: must be >= 1, found -3");
        assertThat(message(VALID.replace("\"height\": 8", "\"height\": 0")))
                .isEqualTo("bad.bitflow.json: line 5: $.input.height: must be >= 1, found 0");
        assertThat(message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"padding\": {\"mode\": \"zero\", \"amount\": -1}}")))
                .isEqualTo("bad.bitflow.json: line 7: $.layers[0].padding.amount: must be >= 0, found -1");
        assertThat(message(VALID.replace("\"classes\": [6, 0]", "\"classes\": [6, -1]")))
                .isEqualTo("bad.bitflow.json: line 12: $.dataset.classes[1]: must be >= 0, found -1");
    }

    @Test
    void outOfRangeNumbers() {
        String withDropout = VALID.replace("{\"type\": \"flatten\", \"name\": \"flat\"},",
                "{\"type\": \"flatten\", \"name\": \"flat\"}, {\"type\": \"dropout\", \"name\": \"drop\", \"rate\": 1.0},");
        assertThat(message(withDropout)).isEqualTo("bad.bitflow.json: line 8: $.layers[2].rate: must be in [0, 1), found 1.0");
    }

    @Test
    void paddingRules() {
        assertThat(message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"padding\": \"zero\"}")))
                .contains("$.layers[0].padding: padding \"zero\" needs an amount");
        assertThat(message(VALID.replace("\"kernel\": 3}", "\"kernel\": 3, \"padding\": {\"mode\": \"valid\", \"amount\": 2}}")))
                .contains("$.layers[0].padding.amount: valid padding has amount 0, found 2");
    }

    @Test
    void badLayerName() {
        assertThat(message(VALID.replace("\"name\": \"flat\"", "\"name\": \"my layer\"")))
                .startsWith("bad.bitflow.json: line 8: $.layers[1].name: bad layer name 'my layer'");
    }

    @Test
    void wrongFormatAndFutureVersion() {
        assertThat(message(VALID.replace("\"bitflow-definition\"", "\"keras-model\"")))
                .isEqualTo("bad.bitflow.json: line 2: $.format: expected \"bitflow-definition\", found the string "
                        + "\"keras-model\" (this is not a BitFlow network definition)");
        assertThat(message("{\"class_name\": \"Sequential\", \"config\": {}}"))
                .isEqualTo("bad.bitflow.json: line 1: $: missing required field 'format' (\"bitflow-definition\"); "
                        + "this is not a BitFlow network definition");
        assertThat(message("[1, 2]")).isEqualTo("bad.bitflow.json: line 1: $: expected a network definition "
                + "(a JSON object), found an array");
        assertThat(message(VALID.replace("\"version\": 1", "\"version\": 7")))
                .isEqualTo("bad.bitflow.json: line 3: $.version: format version 7 was written by a newer BitFlow "
                        + "Workbench; this build reads versions up to 1");
    }

    @Test
    void layersMustBeAnArray() {
        String json = VALID.substring(0, VALID.indexOf("\"layers\"")) + "\"layers\": {},\n"
                + VALID.substring(VALID.indexOf("\"dataset\""));
        assertThat(message(json)).isEqualTo("bad.bitflow.json: line 6: $.layers: expected an array of layers, found an object");
    }

    @Test
    void scheduleAndTraining() {
        String t = VALID.replace("\"dataset\"", "\"training\": {\"optimizer\": \"adam\",\n \"schedule\": \"step\"},\n  \"dataset\"");
        assertThat(message(t)).startsWith("bad.bitflow.json: line 13: $.training.schedule: a step schedule needs its fields");
        String b = VALID.replace("\"dataset\"", "\"training\": {\"batchSize\": 0},\n  \"dataset\"");
        assertThat(message(b)).isEqualTo("bad.bitflow.json: line 12: $.training.batchSize: must be >= 1, found 0");
    }

    @Test
    void loadNamesTheFileAndMissingFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.bitflow.json");
        Files.writeString(f, VALID.replace("\"kernel\": 3", "\"kernel\": 0"));
        assertThatThrownBy(() -> service.load(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": line 7: $.layers[0].kernel: must be >= 1, found 0");
        assertThatThrownBy(() -> service.load(dir.resolve("nope.bitflow.json"))).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith("nope.bitflow.json: no such file");
    }

    @Test
    void byteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bom.bitflow.json");
        Files.writeString(f, "\uFEFF" + VALID);
        assertThat(service.load(f)).isEqualTo(service.parse(VALID, "ok"));
    }

    @Test
    void saveIsAtomicAndRoundTrips(@TempDir Path dir) throws Exception {
        NetworkDefinition d = service.parse(VALID, "ok");
        Path f = dir.resolve("tiny.bitflow.json");
        service.save(d, f);
        assertThat(service.load(f)).isEqualTo(d);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f); // no temporary file left behind
        }
        // an invalid definition is refused before anything is written: the old file stays intact
        NetworkDefinition bad = d.withLayers(java.util.List.of(new Conv2dSpec("c", 0, 3, 1,
                dev.bitflow.engine.api.definition.Padding.VALID, dev.bitflow.engine.api.definition.Precision.FLOAT,
                dev.bitflow.engine.api.definition.ScalingFactor.NONE, false)));
        assertThatThrownBy(() -> service.save(bad, f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("$.layers[0].filters: must be >= 1, found 0");
        assertThat(service.load(f)).isEqualTo(d);
    }
}

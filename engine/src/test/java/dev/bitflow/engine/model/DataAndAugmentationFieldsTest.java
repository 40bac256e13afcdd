package dev.bitflow.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Augmentation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Resize;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dataset block's location, class names, resize and options, and the training block's augmentation. */
class DataAndAugmentationFieldsTest {
    private final DefaultDefinitionService service = new DefaultDefinitionService();

    private static String definition(String training, String dataset) {
        return """
                {
                  "format": "bitflow-definition",
                  "version": 1,
                  "name": "tiny",
                  "input": {"channels": 3, "height": 8, "width": 8},
                  "layers": [
                    {"type": "flatten", "name": "flat"},
                    {"type": "dense", "name": "fc", "units": 2, "bias": true},
                    {"type": "softmax", "name": "out"}
                  ],
                  "training": %s,
                  "dataset": %s
                }
                """.formatted(training, dataset);
    }

    private static final String TRAINING = "{\"epochs\": 1}";

    private String error(String json) {
        Throwable t = catchThrowable(() -> service.parse(json, "bad.bitflow.json"));
        assertThat(t).isInstanceOf(BadInputException.class);
        return t.getMessage();
    }

    @Test
    void everyNewFieldIsReadAndWrittenBack() {
        NetworkDefinition d = service.parse(definition(
                "{\"epochs\": 1, \"augmentation\": {\"cropPadding\": 2, \"shift\": 1, \"horizontalFlip\": true}}",
                "{\"id\": \"images\", \"location\": \"images:/data/pets\", \"classNames\": [\"cat\", \"dog\"],"
                        + " \"resize\": \"nearest\", \"options\": {\"testFraction\": 0.25, \"splitSeed\": \"7\"}}"),
                "ok");
        assertThat(d.training().augmentation()).isEqualTo(new Augmentation(2, 1, true));
        assertThat(d.dataset().location()).isEqualTo(DataLocation.directory("images", Path.of("/data/pets")));
        assertThat(d.dataset().classNames()).containsExactly("cat", "dog");
        assertThat(d.dataset().resize()).isEqualTo(Resize.NEAREST);
        assertThat(d.dataset().options()).isEqualTo(Map.of("testFraction", "0.25", "splitSeed", "7"));
        NetworkDefinition again = service.parse(service.toJson(d), "again");
        assertThat(again).isEqualTo(d);
        assertThat(service.toJson(d)).contains("\"location\": \"images:/data/pets\"").contains("\"resize\": \"nearest\"");
    }

    @Test
    void absentFieldsAreNotWrittenSoOldDefinitionsKeepTheirText() {
        NetworkDefinition d = service.parse(definition(TRAINING, "{\"id\": \"fashion-mnist\"}"), "ok");
        assertThat(d.training().augmentation()).isEqualTo(Augmentation.NONE);
        assertThat(d.dataset().location()).isNull();
        assertThat(d.dataset().classNames()).isEmpty();
        assertThat(d.dataset().resize()).isEqualTo(Resize.BILINEAR);
        String json = service.toJson(d);
        assertThat(json).doesNotContain("augmentation", "location", "classNames", "resize", "options");
        assertThat(d.dataset().defaultLocation()).isEqualTo(DataLocation.standard());
    }

    @Test
    void badValuesNameTheField() {
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"resize\": \"cubic\"}")))
                .contains("$.dataset.resize").contains("unknown value 'cubic'").contains("none, nearest, bilinear");
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"classNames\": [\"a\"]}")))
                .contains("$.dataset.classNames").contains("at least 2 classes");
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"classes\": [1, 2, 3], \"classNames\": [\"a\", \"b\"]}")))
                .contains("2 class names for the 3 classes");
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"classNames\": [\"a\", \"\"]}")))
                .contains("$.dataset.classNames[1]");
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"options\": {\"testFraction\": [1]}}")))
                .contains("$.dataset.options.testFraction").contains("string, number or boolean");
        assertThat(error(definition(TRAINING, "{\"id\": \"x\", \"location\": \"\"}")))
                .contains("$.dataset.location").contains("must not be empty");
        assertThat(error(definition("{\"augmentation\": {\"cropPading\": 2}}", "{\"id\": \"x\"}")))
                .contains("$.training.augmentation.cropPading").contains("did you mean 'cropPadding'");
        assertThat(error(definition("{\"augmentation\": {\"cropPadding\": 8}}", "{\"id\": \"x\"}")))
                .contains("training.augmentation.cropPadding").contains("smaller than the input's height and width (8)");
        assertThat(error(definition("{\"augmentation\": {\"shift\": -1}}", "{\"id\": \"x\"}")))
                .contains("$.training.augmentation.shift").contains("must be >= 0");
        assertThat(error(definition("{\"augmentation\": {\"horizontalFlip\": \"yes\"}}", "{\"id\": \"x\"}")))
                .contains("expected true or false");
    }

    @Test
    void dataLocationsParseAndPrintBack() {
        assertThat(DataLocation.parse("mini")).isEqualTo(DataLocation.mini());
        assertThat(DataLocation.parse(null)).isEqualTo(DataLocation.standard());
        assertThat(DataLocation.parse("images:/x/y")).isEqualTo(DataLocation.directory("images", Path.of("/x/y")));
        assertThat(DataLocation.parse("cifar10:rel/dir").toString()).isEqualTo("cifar10:rel/dir");
        assertThat(DataLocation.parse("/plain/dir")).isEqualTo(DataLocation.directory(Path.of("/plain/dir")));
        assertThat(DataLocation.parse("./odd:name")).isEqualTo(DataLocation.directory(Path.of("./odd:name")));
        for (String s : List.of("mini", "standard", "idx:/a", "/b", "hands:c")) {
            assertThat(DataLocation.parse(DataLocation.parse(s).toString())).isEqualTo(DataLocation.parse(s));
        }
        assertThat(DataLocation.parse("rel").absolute().directory()).isAbsolute();
    }
}

package dev.bitflow.engine.io;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DropoutSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;

/**
 * PROVISIONAL: the definition JSON inside model files until the model package's definition codec is
 * merged; then this class delegates to {@code DefaultDefinitionService.toJson/parse} (the golden file is
 * written only after that switch).
 */
final class DefinitionText {
    private final ObjectMapper mapper = new ObjectMapper()
            .addMixIn(LayerSpec.class, LayerSpecMixin.class)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    String toJson(NetworkDefinition definition) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("definition records always serialise", e);
        }
    }

    NetworkDefinition parse(String json, String source) {
        try {
            return mapper.readValue(json, NetworkDefinition.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": invalid definition: " + e.getOriginalMessage(), e);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Conv2dSpec.class, name = "conv2d"),
            @JsonSubTypes.Type(value = DenseSpec.class, name = "dense"),
            @JsonSubTypes.Type(value = BatchNormSpec.class, name = "batchnorm"),
            @JsonSubTypes.Type(value = SignSpec.class, name = "sign"),
            @JsonSubTypes.Type(value = MaxPoolSpec.class, name = "maxpool"),
            @JsonSubTypes.Type(value = AvgPoolSpec.class, name = "avgpool"),
            @JsonSubTypes.Type(value = FlattenSpec.class, name = "flatten"),
            @JsonSubTypes.Type(value = DropoutSpec.class, name = "dropout"),
            @JsonSubTypes.Type(value = SoftmaxSpec.class, name = "softmax")})
    private interface LayerSpecMixin {
    }
}

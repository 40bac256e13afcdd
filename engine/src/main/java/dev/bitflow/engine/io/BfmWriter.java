package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes trained model files ({@code *.bfm}) and training checkpoints (a {@code .bfm} with extra tensors
 * and properties), atomically. Layout ({@code docs/model-files.md}): a checksummed archive of format
 * {@value BfmFormat#NAME} version {@value BfmFormat#VERSION} with
 * <ul>
 *   <li>{@code definition.json}: the definition, in the definition file format;</li>
 *   <li>{@code params/<layer>/<param>.npy}: every parameter as little-endian float32, C order, the shapes of
 *       {@link ParameterSet} (BatchNorm running statistics are the {@code mean}/{@code var} parameters);</li>
 *   <li>{@code extras/<name>.npy}: extra float32 tensors (checkpoint state);</li>
 *   <li>manifest metadata: {@code model} (the definition's name), {@code provenance}, {@code properties},
 *       and the lists {@code parameters} ({@code layer}, {@code param}, {@code entry}) and {@code extras}
 *       ({@code name}, {@code entry}) that map names to entries.</li>
 * </ul>
 * The writer refuses (with {@link IllegalArgumentException} naming the layer and parameter) what the reader
 * would refuse: parameters the definition does not have, wrong shapes, missing parameters, NaN or infinite
 * values, negative running variances. So a file it writes always loads.
 */
public final class BfmWriter {
    private BfmWriter() {
    }

    /**
     * Writes the model to {@code file} atomically (a temporary file in the same folder, then an atomic move).
     *
     * @param extras     extra float tensors, for example optimiser state {@code opt/<layer>/<param>/m}; empty for
     *                   a finished model
     * @param properties small strings, for example {@code epoch}, {@code step}, {@code rng}
     */
    public static void write(Path file, TrainedNetwork model, Map<String, Tensor> extras,
                             Map<String, String> properties) throws IOException {
        archive(model, extras, properties).write(file);
    }

    /** Writes a finished model (no extras, no properties). */
    public static void write(Path file, TrainedNetwork model) throws IOException {
        write(file, model, Map.of(), Map.of());
    }

    /** The file's bytes, as {@link #write} would write them. */
    public static byte[] toBytes(TrainedNetwork model, Map<String, Tensor> extras, Map<String, String> properties) {
        return archive(model, extras, properties).toBytes();
    }

    static ArchiveWriter archive(TrainedNetwork model, Map<String, Tensor> extras, Map<String, String> properties) {
        if (model.provenance() == null) {
            throw new IllegalArgumentException("a model file needs the model's provenance");
        }
        ParameterSet params = model.parameters();
        checkParameters(model, params);

        ArchiveWriter archive = new ArchiveWriter(BfmFormat.NAME, BfmFormat.VERSION);
        String json = new DefinitionText().toJson(model.definition());
        archive.add(BfmFormat.DEFINITION, json.getBytes(StandardCharsets.UTF_8));

        ArrayNode paramList = JsonNodeFactory.instance.arrayNode();
        params.asMap().forEach((layer, byName) -> byName.forEach((param, tensor) -> {
            String entry = BfmFormat.parameterEntry(layer, param);
            archive.addNpy(entry, NpyArray.of(tensor));
            paramList.addObject().put("layer", layer).put("param", param).put("entry", entry);
        }));
        ArrayNode extraList = JsonNodeFactory.instance.arrayNode();
        extras.forEach((name, tensor) -> {
            String entry = BfmFormat.extraEntry(name);
            archive.addNpy(entry, NpyArray.of(tensor));
            extraList.addObject().put("name", name).put("entry", entry);
        });
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        properties.forEach((k, v) -> props.put(k, requireNonNull(v, "property '" + k + "'")));

        archive.putMetadata("model", model.definition().name());
        archive.putMetadata("provenance", ProvenanceJson.toJson(model.provenance()));
        archive.putMetadata("properties", props);
        archive.putMetadata("parameters", paramList);
        archive.putMetadata("extras", extraList);
        return archive;
    }

    private static String requireNonNull(String v, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        return v;
    }

    private static void checkParameters(TrainedNetwork model, ParameterSet params) {
        Map<String, Map<String, ParameterShapes.Expected>> expected = ParameterShapes.of(model.definition());
        params.asMap().forEach((layer, byName) -> byName.forEach((param, tensor) -> {
            ParameterShapes.Expected e = expected.getOrDefault(layer, Map.of()).get(param);
            if (e == null) {
                throw new IllegalArgumentException("layer '" + layer + "' of the definition has no parameter '"
                        + param + "'");
            }
            if (!Arrays.equals(e.shape(), tensor.shape())) {
                throw new IllegalArgumentException("parameter '" + layer + "/" + param + "' has shape "
                        + Arrays.toString(tensor.shape()) + ", the definition needs " + Arrays.toString(e.shape()));
            }
            String problem = BfmReader.valueProblem(param, tensor);
            if (problem != null) {
                throw new IllegalArgumentException("parameter '" + layer + "/" + param + "' " + problem);
            }
        }));
        expected.forEach((layer, byName) -> byName.forEach((param, e) -> {
            if (e.required() && params.find(layer, param).isEmpty()) {
                throw new IllegalArgumentException("parameter '" + layer + "/" + param + "' is missing");
            }
        }));
    }
}

package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.Provenance;
import dev.bitflow.engine.model.ParameterSet;
import dev.bitflow.engine.model.Tensor;
import dev.bitflow.engine.model.TrainedNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads trained model files and checkpoints written by {@link BfmWriter}. All or nothing: the archive is
 * verified first ({@link ArchiveReader}: format, version, every entry's size and SHA-256, no missing or extra
 * entries), then the content is checked against the definition it carries, and any problem is one
 * {@link BadInputException} naming the file, the entry and, where it applies, the layer and parameter:
 * <ul>
 *   <li>the definition does not parse, or its shapes do not work out;</li>
 *   <li>a parameter the definition has no place for, a duplicate, a missing one, a shape that differs from
 *       what the definition needs ({@link ParameterShapes}), an element type other than float32;</li>
 *   <li>a NaN or infinite parameter value, or a negative BatchNorm running variance: such a model cannot
 *       give meaningful outputs, and training stops before it would save one (decision 0031);</li>
 *   <li>entries that are neither the definition, a listed parameter nor a listed extra.</li>
 * </ul>
 * A BatchNorm layer whose definition fixes gamma to 1 may omit {@code gamma}; it is then loaded as ones,
 * so consumers always find all four BatchNorm parameters.
 */
public final class BfmReader {
    private BfmReader() {
    }

    /** Reads and checks a {@code .bfm} file. */
    public static BfmContents read(Path file) throws IOException {
        return decode(ArchiveReader.read(file, BfmFormat.ACCEPTED));
    }

    /** Reads and checks a {@code .bfm} from a stream (read to its end); {@code source} names it in errors. */
    public static BfmContents read(InputStream in, String source) throws IOException {
        return decode(ArchiveReader.read(in, source, BfmFormat.ACCEPTED));
    }

    /**
     * Reads a {@code .bfm} bundled as a class-path resource, for example the sample model.
     *
     * @throws BadInputException if there is no such resource, or it is not a valid model file
     */
    public static BfmContents readResource(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadInputException("class-path resource '" + resource + "' not found");
            }
            return read(in, "resource " + resource);
        }
    }

    static BfmContents decode(ArchiveContents a) {
        Set<String> accounted = new HashSet<>();
        NetworkDefinition definition = new DefinitionText().parse(
                new String(a.bytes(BfmFormat.DEFINITION), StandardCharsets.UTF_8), a.where(BfmFormat.DEFINITION));
        accounted.add(BfmFormat.DEFINITION);
        Map<String, Map<String, ParameterShapes.Expected>> expected;
        try {
            expected = ParameterShapes.of(definition);
        } catch (ParameterShapes.ShapeException e) {
            throw a.bad(BfmFormat.DEFINITION, e.getMessage());
        }
        ObjectNode meta = a.metadata();
        String manifest = ArchiveWriter.MANIFEST;

        ParameterSet params = new ParameterSet();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode item : list(a, meta, "parameters")) {
            String layer = field(a, item, "layer", "parameters");
            String param = field(a, item, "param", "parameters");
            String entry = entryField(a, item, "parameters", accounted);
            String id = layer + "/" + param;
            if (!seen.add(id)) {
                throw a.bad(manifest, "parameter '" + id + "' is listed twice");
            }
            ParameterShapes.Expected e = expected.getOrDefault(layer, Map.of()).get(param);
            if (e == null) {
                throw a.bad(entry, "parameter '" + id + "' does not match the definition: "
                        + (definition.layers().stream().anyMatch(l -> l.name().equals(layer))
                        ? "layer '" + layer + "' has no parameter '" + param + "'"
                        : "it has no layer '" + layer + "' with parameters"));
            }
            NpyArray array = a.npy(entry);
            if (array.dtype() != NpyDtype.FLOAT32) {
                throw a.bad(entry, "parameter '" + id + "' must be float32 (<f4), is " + array.dtype().descr());
            }
            if (!Arrays.equals(array.shape(), e.shape())) {
                throw a.bad(entry, "parameter '" + id + "' has shape " + Arrays.toString(array.shape())
                        + ", the definition needs " + Arrays.toString(e.shape()));
            }
            Tensor tensor = array.toTensor();
            String problem = valueProblem(param, tensor);
            if (problem != null) {
                throw a.bad(entry, "parameter '" + id + "' " + problem);
            }
            params.put(layer, param, tensor);
        }
        for (LayerSpec layer : definition.layers()) {
            Map<String, ParameterShapes.Expected> wanted = expected.getOrDefault(layer.name(), Map.of());
            for (Map.Entry<String, ParameterShapes.Expected> w : wanted.entrySet()) {
                if (params.find(layer.name(), w.getKey()).isPresent()) {
                    continue;
                }
                if (w.getValue().required()) {
                    throw a.bad("parameter '" + layer.name() + "/" + w.getKey() + "' (shape "
                            + Arrays.toString(w.getValue().shape()) + ") is missing; the definition's layer '"
                            + layer.name() + "' needs it");
                }
                ParameterShapes.defaultValue(layer, w.getKey(), w.getValue())
                        .ifPresent(t -> params.put(layer.name(), w.getKey(), t));
            }
        }

        Map<String, Tensor> extras = new LinkedHashMap<>();
        for (JsonNode item : list(a, meta, "extras")) {
            String name = field(a, item, "name", "extras");
            String entry = entryField(a, item, "extras", accounted);
            NpyArray array = a.npy(entry);
            if (array.dtype() != NpyDtype.FLOAT32) {
                throw a.bad(entry, "extra tensor '" + name + "' must be float32 (<f4), is " + array.dtype().descr());
            }
            if (extras.put(name, array.toTensor()) != null) {
                throw a.bad(manifest, "extra tensor '" + name + "' is listed twice");
            }
        }

        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode props = meta.path("properties");
        if (!props.isObject()) {
            throw a.bad(manifest, "metadata 'properties' must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getValue().isTextual()) {
                throw a.bad(manifest, "property '" + p.getKey() + "' must be a string");
            }
            properties.put(p.getKey(), p.getValue().asText());
        }

        Provenance provenance = ProvenanceJson.fromJson(meta.path("provenance"), problem -> a.bad(manifest, problem));

        for (ArchiveEntry e : a.entries()) {
            if (!accounted.contains(e.name())) {
                throw a.bad(e.name(), "is not part of a " + BfmFormat.NAME
                        + " file (neither the definition nor a listed parameter or extra)");
            }
        }
        return new BfmContents(new TrainedNetwork(definition, params, provenance), extras, properties);
    }

    /**
     * Why the values of a parameter cannot be loaded, or {@code null}: a NaN or infinite value (with its
     * index), or a negative running variance.
     */
    static String valueProblem(String param, Tensor tensor) {
        float[] v = tensor.data();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                return "has a non-finite value " + v[i] + " at flat index " + i;
            }
            if (param.equals(ParameterSet.VAR) && v[i] < 0) {
                return "has a negative running variance " + v[i] + " at channel " + i;
            }
        }
        return null;
    }

    private static Iterable<JsonNode> list(ArchiveContents a, ObjectNode meta, String field) {
        JsonNode node = meta.path(field);
        if (!node.isArray()) {
            throw a.bad(ArchiveWriter.MANIFEST, "metadata '" + field + "' must be a JSON array");
        }
        return node;
    }

    private static String field(ArchiveContents a, JsonNode item, String name, String list) {
        JsonNode v = item.path(name);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw a.bad(ArchiveWriter.MANIFEST, "every item of metadata '" + list + "' needs a string '" + name + "'");
        }
        return v.asText();
    }

    private static String entryField(ArchiveContents a, JsonNode item, String list, Set<String> accounted) {
        String entry = field(a, item, "entry", list);
        if (!a.has(entry)) {
            throw a.bad(ArchiveWriter.MANIFEST, "metadata '" + list + "' refers to entry '" + entry
                    + "', which the file does not have");
        }
        if (!accounted.add(entry)) {
            throw a.bad(ArchiveWriter.MANIFEST, "entry '" + entry + "' is used twice");
        }
        return entry;
    }
}

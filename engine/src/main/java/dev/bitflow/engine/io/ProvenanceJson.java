package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.training.Provenance;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link Provenance} as the {@code provenance} object of a model manifest. Metrics that are not finite
 * (a NaN loss) are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, since
 * JSON numbers cannot hold them.
 */
final class ProvenanceJson {
    private ProvenanceJson() {
    }

    static ObjectNode toJson(Provenance p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seed", p.seed());
        n.put("datasetId", p.datasetId());
        n.put("datasetSha256", p.datasetSha256());
        n.put("epochs", p.epochs());
        ObjectNode metrics = n.putObject("metrics");
        p.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ArchiveJson.putNumber(metrics, e.getKey(), e.getValue()));
        n.put("jdk", p.jdk());
        n.put("createdAt", p.createdAt());
        n.put("projectVersion", p.projectVersion());
        if (p.dataset() != null) {
            n.set("dataset", DatasetManifestJson.toJson(p.dataset()));
        }
        if (p.origin() != null) {
            n.put("origin", p.origin());
        }
        return n;
    }

    /**
     * Reads the provenance object.
     *
     * @param bad makes the error for a problem description (the caller adds file and entry)
     */
    static Provenance fromJson(JsonNode n, Function<String, RuntimeException> bad) {
        if (!n.isObject()) {
            throw bad.apply("'provenance' must be a JSON object");
        }
        JsonNode seed = n.path("seed");
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw bad.apply("provenance 'seed' must be an integer");
        }
        JsonNode epochs = n.path("epochs");
        if (!epochs.isInt() || epochs.asInt() < 0) {
            throw bad.apply("provenance 'epochs' must be a non-negative integer");
        }
        JsonNode metricsNode = n.path("metrics");
        if (!metricsNode.isObject()) {
            throw bad.apply("provenance 'metrics' must be a JSON object");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metricsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Double v = ArchiveJson.number(e.getValue());
            if (v == null) {
                throw bad.apply("provenance metric '" + e.getKey() + "' must be a number");
            }
            metrics.put(e.getKey(), v);
        }
        JsonNode dataset = n.path("dataset");
        return new Provenance(seed.asLong(), optionalText(n, "datasetId", bad), optionalText(n, "datasetSha256", bad),
                epochs.asInt(), metrics, optionalText(n, "jdk", bad), optionalText(n, "createdAt", bad),
                optionalText(n, "projectVersion", bad),
                dataset.isMissingNode() || dataset.isNull() ? null : DatasetManifestJson.fromJson(dataset, bad),
                optionalText(n, "origin", bad));
    }

    private static String optionalText(JsonNode n, String field, Function<String, RuntimeException> bad) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad.apply("provenance '" + field + "' must be a string");
        }
        return v.asText();
    }
}

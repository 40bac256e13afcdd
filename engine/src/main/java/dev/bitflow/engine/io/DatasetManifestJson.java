package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.data.DatasetManifest;
import dev.bitflow.engine.api.data.FileDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@link DatasetManifest} as the {@code provenance.dataset} object of a model manifest:
 * <pre>
 * {"id": "images", "location": "images:/data/flowers", "classNames": ["daisy", "rose"],
 *  "channels": 3, "height": 32, "width": 32, "trainCount": 900, "testCount": 100,
 *  "files": [{"name": "train/ (900 images)", "files": 900, "bytes": 1234567, "sha256": "..."}, ...]}
 * </pre>
 * Reading is strict: every field present with its type, sizes positive, at most 65,536 class names and
 * 10,000 file entries, checksums 64 hex digits.
 */
final class DatasetManifestJson {
    private static final int MAX_CLASSES = 1 << 16;
    private static final int MAX_FILES = 10_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private DatasetManifestJson() {
    }

    static ObjectNode toJson(DatasetManifest m) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", m.id());
        n.put("location", m.location());
        ArrayNode names = n.putArray("classNames");
        m.classNames().forEach(names::add);
        n.put("channels", m.channels());
        n.put("height", m.height());
        n.put("width", m.width());
        n.put("trainCount", m.trainCount());
        n.put("testCount", m.testCount());
        ArrayNode files = n.putArray("files");
        for (FileDigest f : m.files()) {
            ObjectNode o = files.addObject();
            o.put("name", f.name());
            o.put("files", f.files());
            o.put("bytes", f.bytes());
            o.put("sha256", f.sha256());
        }
        return n;
    }

    static DatasetManifest fromJson(JsonNode n, Function<String, RuntimeException> bad) {
        if (!n.isObject()) {
            throw bad.apply("provenance 'dataset' must be a JSON object");
        }
        JsonNode names = n.path("classNames");
        if (!names.isArray() || names.size() > MAX_CLASSES) {
            throw bad.apply("provenance dataset 'classNames' must be an array of at most " + MAX_CLASSES + " names");
        }
        List<String> classNames = new ArrayList<>();
        for (JsonNode name : names) {
            if (!name.isTextual()) {
                throw bad.apply("provenance dataset 'classNames' must hold strings");
            }
            classNames.add(name.asText());
        }
        JsonNode filesNode = n.path("files");
        if (!filesNode.isArray() || filesNode.size() > MAX_FILES) {
            throw bad.apply("provenance dataset 'files' must be an array of at most " + MAX_FILES + " entries");
        }
        List<FileDigest> files = new ArrayList<>();
        for (JsonNode f : filesNode) {
            String sha = text(f, "sha256", bad);
            if (!SHA256.matcher(sha).matches()) {
                throw bad.apply("provenance dataset file sha256 must be 64 lower-case hex digits");
            }
            files.add(new FileDigest(text(f, "name", bad), count(f, "files", bad), count(f, "bytes", bad), sha));
        }
        return new DatasetManifest(text(n, "id", bad), text(n, "location", bad), classNames, size(n, "channels", bad),
                size(n, "height", bad), size(n, "width", bad), (int) count(n, "trainCount", bad),
                (int) count(n, "testCount", bad), files);
    }

    private static String text(JsonNode n, String field, Function<String, RuntimeException> bad) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            throw bad.apply("provenance dataset '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static int size(JsonNode n, String field, Function<String, RuntimeException> bad) {
        JsonNode v = n.path(field);
        if (!v.isInt() || v.asInt() < 1) {
            throw bad.apply("provenance dataset '" + field + "' must be a positive integer");
        }
        return v.asInt();
    }

    private static long count(JsonNode n, String field, Function<String, RuntimeException> bad) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0
                || (!field.equals("bytes") && v.asLong() > Integer.MAX_VALUE)) {
            throw bad.apply("provenance dataset '" + field + "' must be a non-negative integer");
        }
        return v.asLong();
    }
}

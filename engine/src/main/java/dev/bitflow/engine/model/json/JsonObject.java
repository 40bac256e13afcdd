package dev.bitflow.engine.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict, path-aware reading of one JSON object: every accessor checks presence and type and raises a
 * {@link JsonFieldError} at the field's path; fields outside the allowed set are rejected on construction
 * (with the closest allowed name as a hint).
 */
public final class JsonObject {
    private final JsonNode node;
    private final String path;

    private JsonObject(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Wraps {@code node}, which must be an object whose field names are all in {@code allowed}. */
    public static JsonObject of(JsonNode node, String path, String what, List<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new JsonFieldError(path, "expected " + what + " (a JSON object), found " + describe(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                String hint = closest(f, allowed);
                throw new JsonFieldError(path + "." + f, "unknown field '" + f + "' in " + what
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
        return new JsonObject(node, path);
    }

    public String path() {
        return path;
    }

    public String path(String field) {
        return path + "." + field;
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public JsonNode raw(String field) {
        return node.get(field);
    }

    public JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new JsonFieldError(path, "missing required field '" + field + "'");
        }
        return v;
    }

    public String string(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new JsonFieldError(path(field), "expected a string, found " + describe(v));
        }
        return v.textValue();
    }

    public String string(String field, String fallback) {
        return has(field) ? string(field) : fallback;
    }

    public String nonBlankString(String field) {
        String s = string(field);
        if (s.isBlank()) {
            throw new JsonFieldError(path(field), "must not be empty");
        }
        return s;
    }

    /** Largest size any integer field accepts (2^20), so that derived counts cannot overflow. */
    public static final int MAX_SIZE = 1 << 20;

    /** An integer in [{@code min}, {@link #MAX_SIZE}]. */
    public int integer(String field, int min) {
        JsonNode v = required(field);
        if (!v.isIntegralNumber()) {
            throw new JsonFieldError(path(field), "expected an integer, found " + describe(v));
        }
        if (!v.canConvertToInt() || v.intValue() > MAX_SIZE) {
            throw new JsonFieldError(path(field), "must be <= " + MAX_SIZE + ", found " + v.asText());
        }
        int value = v.intValue();
        if (value < min) {
            throw new JsonFieldError(path(field), "must be >= " + min + ", found " + value);
        }
        return value;
    }

    public int integer(String field, int min, int fallback) {
        return has(field) ? integer(field, min) : fallback;
    }

    public long longInteger(String field, long fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = required(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new JsonFieldError(path(field), "expected an integer, found " + describe(v));
        }
        return v.longValue();
    }

    /**
     * A number in [{@code min}, {@code max}] ({@code minOpen}/{@code maxOpen}: excluding that end).
     */
    public double number(String field, double min, boolean minOpen, double max, boolean maxOpen) {
        JsonNode v = required(field);
        if (!v.isNumber()) {
            throw new JsonFieldError(path(field), "expected a number, found " + describe(v));
        }
        double d = v.doubleValue();
        boolean lowOk = minOpen ? d > min : d >= min;
        boolean highOk = maxOpen ? d < max : d <= max;
        if (!lowOk || !highOk || Double.isNaN(d)) {
            throw new JsonFieldError(path(field), "must be in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max)
                    + (maxOpen ? ")" : "]") + ", found " + v.asText());
        }
        return d;
    }

    public double number(String field, double min, boolean minOpen, double max, boolean maxOpen, double fallback) {
        return has(field) ? number(field, min, minOpen, max, maxOpen) : fallback;
    }

    public boolean bool(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw new JsonFieldError(path(field), "expected true or false, found " + describe(v));
        }
        return v.booleanValue();
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        JsonNode v = required(field);
        return enumOf(v, path(field), type);
    }

    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
        return has(field) ? enumValue(field, type) : fallback;
    }

    /** Reads {@code v} at {@code at} as a constant of {@code type} in its JSON spelling. */
    public static <E extends Enum<E>> E enumOf(JsonNode v, String at, Class<E> type) {
        if (!v.isTextual()) {
            throw new JsonFieldError(at, "expected one of " + JsonNames.allOf(type) + ", found " + describe(v));
        }
        E e = JsonNames.parse(type, v.textValue());
        if (e == null) {
            throw new JsonFieldError(at, "unknown value '" + v.textValue() + "'; expected one of "
                    + JsonNames.allOf(type));
        }
        return e;
    }

    public List<Integer> integers(String field, int min) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new JsonFieldError(path(field), "expected an array of integers, found " + describe(v));
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String at = path(field) + "[" + i + "]";
            if (!e.isIntegralNumber()) {
                throw new JsonFieldError(at, "expected an integer, found " + describe(e));
            }
            if (!e.canConvertToInt() || e.intValue() > MAX_SIZE) {
                throw new JsonFieldError(at, "must be <= " + MAX_SIZE + ", found " + e.asText());
            }
            if (e.intValue() < min) {
                throw new JsonFieldError(at, "must be >= " + min + ", found " + e.intValue());
            }
            out.add(e.intValue());
        }
        return out;
    }

    /** An array of non-empty strings, or an empty list when the field is absent. */
    public List<String> strings(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new JsonFieldError(path(field), "expected an array of strings, found " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.textValue().isBlank()) {
                throw new JsonFieldError(path(field) + "[" + i + "]", "expected a non-empty string, found "
                        + describe(e));
            }
            out.add(e.textValue());
        }
        return out;
    }

    /**
     * An object whose values are strings, numbers or booleans, as their text (for plugin options), or an empty
     * map when the field is absent.
     */
    public Map<String, String> scalarTexts(String field) {
        if (!has(field)) {
            return Map.of();
        }
        JsonNode v = required(field);
        if (!v.isObject()) {
            throw new JsonFieldError(path(field), "expected an object of options, found " + describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (e.getKey().isBlank() || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw new JsonFieldError(path(field) + "." + e.getKey(), "expected a string, number or boolean, found "
                        + describe(value));
            }
            out.put(e.getKey(), value.asText());
        }
        return out;
    }

    /** A short description of a JSON value for error messages: its type and, for scalars, its text. */
    public static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType t = v.getNodeType();
        return switch (t) {
            case STRING -> "the string \"" + v.textValue() + "\"";
            case NUMBER -> "the number " + v.asText();
            case BOOLEAN -> v.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> t.name().toLowerCase();
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String closest(String name, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(name.toLowerCase(), a.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}

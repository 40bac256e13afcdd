package dev.bitflow.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import java.io.IOException;

/** JSON reading and writing for archive manifests and entries, with errors that name the entry and line. */
final class ArchiveJson {
    private ArchiveJson() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        return mapper;
    }

    static byte[] toBytes(ObjectMapper mapper, JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Puts a double: finite values as JSON numbers, NaN and the infinities as the strings {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"} (JSON numbers cannot hold them).
     */
    static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    /** Adds a double to an array the way {@link #putNumber} puts it. */
    static void addNumber(ArrayNode array, double value) {
        if (Double.isFinite(value)) {
            array.add(value);
        } else {
            array.add(Double.toString(value));
        }
    }

    /** A double written by {@link #putNumber} or {@link #addNumber}, or null when {@code v} is neither. */
    static Double number(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual() && (v.asText().equals("NaN") || v.asText().equals("Infinity")
                || v.asText().equals("-Infinity"))) {
            return Double.parseDouble(v.asText());
        }
        return null;
    }

    /** A JSON value as a message quotes it: its JSON text cut to 40 characters, or "missing". */
    static String shown(JsonNode v) {
        String text = v == null || v.isMissingNode() ? "missing" : v.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** Parses JSON, turning syntax errors into a message with the line and column. */
    static JsonNode parse(ObjectMapper mapper, byte[] bytes, String where) {
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new BadInputException(where + ": empty JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadInputException(where + ": invalid JSON" + at + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(where + ": unreadable JSON: " + e.getMessage(), e);
        }
    }
}

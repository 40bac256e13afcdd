package dev.bitflow.engine.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.definition.DefinitionFormatException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Line numbers of every JSON value by path ({@code $.layers[3].kernel}), found by one streaming pass over
 * the text. The pass also rejects malformed JSON (syntax errors, duplicate keys, trailing content) with
 * one {@link DefinitionFormatException} naming the source, line, column and the path where the parser stopped.
 */
public final class JsonLocations {
    private final Map<String, Integer> lines;

    private JsonLocations(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /**
     * Scans {@code json}.
     *
     * @throws BadInputException if the text is not one well-formed JSON value without duplicate keys
     */
    public static JsonLocations scan(String json, String source) {
        JsonFactory factory = JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(json)) {
            try {
                scan(p, source, lines, stack);
            } catch (JsonProcessingException e) {
                String at = p.getParsingContext() == null ? path(stack) : path(p.getParsingContext());
                int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
                int column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
                String what = e.getOriginalMessage();
                int nl = what.indexOf('\n');
                if (nl >= 0) {
                    what = what.substring(0, nl);
                }
                throw new DefinitionFormatException(source, line, column, at, "malformed JSON: " + what);
            }
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read: " + e.getMessage(), e);
        }
        return new JsonLocations(lines);
    }

    private static void scan(JsonParser p, String source, Map<String, Integer> lines, Deque<Frame> stack)
            throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new DefinitionFormatException(source, 1, "$", "the file is empty, expected a JSON object");
        }
        while (t != null) {
            int line = p.currentTokenLocation().getLineNr();
            if (t == JsonToken.FIELD_NAME) {
                stack.peek().field = p.currentName();
                lines.putIfAbsent(path(stack), line);
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                stack.pop();
            } else {
                Frame top = stack.peek();
                if (top != null && top.array) {
                    top.index++;
                }
                lines.putIfAbsent(path(stack), line);
                if (t == JsonToken.START_OBJECT) {
                    stack.push(new Frame(false));
                } else if (t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(true));
                }
            }
            if (stack.isEmpty()) {
                break;
            }
            t = p.nextToken();
        }
        if (p.nextToken() != null) {
            throw new DefinitionFormatException(source, p.currentTokenLocation().getLineNr(), "$",
                    "malformed JSON: unexpected content after the end of the top-level value");
        }
    }

    /** The line of the value at {@code path}, or of its nearest enclosing value that has one; 1 if none. */
    public int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("$", 1);
            }
            p = p.substring(0, cut);
        }
    }

    /** The path of the parser's current position, e.g. {@code $.layers[3].kernel}. */
    private static String path(JsonStreamContext ctx) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(c.getCurrentIndex() >= 0 && c.hasCurrentIndex() ? "[" + c.getCurrentIndex() + "]" : "");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add("." + c.getCurrentName());
            }
        }
        StringBuilder sb = new StringBuilder("$");
        for (int i = parts.size() - 1; i >= 0; i--) {
            sb.append(parts.get(i));
        }
        return sb.toString();
    }

    private static String path(Deque<Frame> stack) {
        StringBuilder sb = new StringBuilder("$");
        for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.array) {
                if (f.index >= 0) {
                    sb.append('[').append(f.index).append(']');
                }
            } else if (f.field != null) {
                sb.append('.').append(f.field);
            }
        }
        return sb.toString();
    }

    private static final class Frame {
        final boolean array;
        int index = -1;
        String field;

        Frame(boolean array) {
            this.array = array;
        }
    }
}

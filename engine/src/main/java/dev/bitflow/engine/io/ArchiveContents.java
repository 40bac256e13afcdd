package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checksummed archive after {@link ArchiveReader} verified it: every entry the manifest lists is present
 * with the right size and SHA-256, and nothing else is there. Format readers ({@code .bfm}, {@code .bff})
 * take their entries from here and report content problems with {@link #bad(String, String)}, so every
 * message names the file and the entry.
 */
public final class ArchiveContents {
    private final String source;
    private final String format;
    private final int version;
    private final ObjectNode metadata;
    private final List<ArchiveEntry> entries;
    private final Map<String, byte[]> content;

    ArchiveContents(String source, String format, int version, ObjectNode metadata, List<ArchiveEntry> entries,
                    Map<String, byte[]> content) {
        this.source = source;
        this.format = format;
        this.version = version;
        this.metadata = metadata.deepCopy();
        this.entries = List.copyOf(entries);
        this.content = new LinkedHashMap<>(content);
    }

    /** The file (or resource) this was read from, as error messages name it. */
    public String source() {
        return source;
    }

    public String format() {
        return format;
    }

    public int version() {
        return version;
    }

    /** The manifest's free-form metadata (a copy). */
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** The entries in manifest order, with sizes and checksums. */
    public List<ArchiveEntry> entries() {
        return entries;
    }

    public boolean has(String name) {
        return content.containsKey(name);
    }

    /** The entry's bytes (a copy); a missing entry is a {@link BadInputException} naming it. */
    public byte[] bytes(String name) {
        byte[] bytes = content.get(name);
        if (bytes == null) {
            throw bad(name, "missing from the file");
        }
        return bytes.clone();
    }

    /** The entry parsed as {@code .npy}. */
    public NpyArray npy(String name) {
        byte[] bytes = content.get(name);
        if (bytes == null) {
            throw bad(name, "missing from the file");
        }
        return NpyFiles.parse(bytes, where(name));
    }

    /** The entry parsed as JSON. */
    public JsonNode json(String name) {
        byte[] bytes = content.get(name);
        if (bytes == null) {
            throw bad(name, "missing from the file");
        }
        return ArchiveJson.parse(ArchiveJson.mapper(), bytes, where(name));
    }

    /** The entry as UTF-8 text. */
    public String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** An error about an entry: {@code <file>: entry '<name>': <problem>}. */
    public BadInputException bad(String entry, String problem) {
        return new BadInputException(where(entry) + ": " + problem);
    }

    /** An error about the file as a whole: {@code <file>: <problem>}. */
    public BadInputException bad(String problem) {
        return new BadInputException(source + ": " + problem);
    }

    /** How messages name an entry: {@code <file>: entry '<name>'}. */
    public String where(String entry) {
        return source + ": entry '" + entry + "'";
    }
}

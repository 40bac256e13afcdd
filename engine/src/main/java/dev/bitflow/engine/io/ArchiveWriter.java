package dev.bitflow.engine.io;

import dev.bitflow.engine.api.io.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a checksummed archive: a zip whose first entry, {@value #MANIFEST}, names the container, the
 * {@code format} and its {@code version}, carries free-form {@code metadata}, and lists every other entry
 * with its size and SHA-256 (schema in {@code docs/model-files.md}). Entries are kept in memory until
 * {@link #write(Path)}, which writes the file atomically.
 *
 * <p>Output is deterministic: entries appear in the order they were added, with a fixed timestamp, so
 * the same content always gives the same bytes.
 */
public final class ArchiveWriter {
    /** The manifest's entry name. */
    public static final String MANIFEST = "manifest.json";
    /** The {@code container} field of every manifest. */
    public static final String CONTAINER = "bitflow-archive";
    /** The version of the container layout (manifest schema) this build writes. */
    public static final int CONTAINER_VERSION = 1;

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final String format;
    private final int version;
    private final ObjectMapper mapper = ArchiveJson.mapper();
    private final ObjectNode metadata = mapper.createObjectNode();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /**
     * @param format  the format name readers check, for example {@code bitflow-model}
     * @param version the format version, starting at 1
     */
    public ArchiveWriter(String format, int version) {
        this.format = new ArchiveFormat(format, version).name();
        this.version = version;
    }

    /** Sets one metadata field (free-form JSON) of the manifest. */
    public ArchiveWriter putMetadata(String key, JsonNode value) {
        metadata.set(key, value.deepCopy());
        return this;
    }

    /** Sets one metadata field to a string. */
    public ArchiveWriter putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds an entry; names must be valid ({@link ArchiveNames}) and unique. */
    public ArchiveWriter add(String name, byte[] content) {
        ArchiveNames.require(name);
        if (name.equals(MANIFEST)) {
            throw new IllegalArgumentException("'" + MANIFEST + "' is reserved for the manifest");
        }
        if (entries.putIfAbsent(name, content.clone()) != null) {
            throw new IllegalArgumentException("duplicate entry '" + name + "'");
        }
        return this;
    }

    /** Adds an array as a {@code .npy} 1.0 entry. */
    public ArchiveWriter addNpy(String name, NpyArray array) {
        return add(name, NpyFiles.toBytes(array));
    }

    /** Adds a UTF-8 text entry. */
    public ArchiveWriter addText(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The manifest this writer will write, as JSON. */
    public ObjectNode manifest() {
        ObjectNode root = mapper.createObjectNode();
        root.put("container", CONTAINER);
        root.put("containerVersion", CONTAINER_VERSION);
        root.put("format", format);
        root.put("version", version);
        ArrayNode list = root.putArray("entries");
        entries.forEach((name, bytes) -> list.addObject()
                .put("name", name)
                .put("size", bytes.length)
                .put("sha256", Sha256.hex(bytes)));
        root.set("metadata", metadata.deepCopy());
        return root;
    }

    /** Writes the archive to the file atomically ({@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, this::write);
    }

    /** Writes the archive to the stream (not closed). */
    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(6);
        putEntry(zip, MANIFEST, ArchiveJson.toBytes(mapper, manifest()));
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            putEntry(zip, e.getKey(), e.getValue());
        }
        zip.finish();
        zip.flush();
    }

    /** The archive's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}

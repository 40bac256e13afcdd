package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Test helper: edits a model file's entries and manifest metadata, then recomputes every size and SHA-256,
 * so the archive is intact and only the content is wrong (what a buggy writer or hand edit would produce).
 */
final class BfmSurgery {
    private BfmSurgery() {
    }

    static byte[] rewrite(byte[] file, Consumer<Map<String, byte[]>> entries, Consumer<ObjectNode> metadata) {
        ObjectMapper mapper = ArchiveJson.mapper();
        return ZipSurgery.edit(file, all -> {
            ObjectNode manifest;
            try {
                manifest = (ObjectNode) mapper.readTree(all.remove(ArchiveWriter.MANIFEST));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            entries.accept(all);
            metadata.accept((ObjectNode) manifest.get("metadata"));
            ArrayNode list = manifest.putArray("entries");
            all.forEach((name, bytes) -> list.addObject().put("name", name).put("size", bytes.length)
                    .put("sha256", Sha256.hex(bytes)));
            Map<String, byte[]> copy = new java.util.LinkedHashMap<>(all);
            all.clear();
            all.put(ArchiveWriter.MANIFEST, ArchiveJson.toBytes(mapper, manifest));
            all.putAll(copy);
        });
    }

    static byte[] rewrite(byte[] file, Consumer<Map<String, byte[]>> entries) {
        return rewrite(file, entries, m -> { });
    }

    static byte[] npy(dev.bitflow.engine.model.Tensor t) {
        return NpyFiles.toBytes(NpyArray.of(t));
    }
}

package dev.bitflow.plugins.npz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.training.ExpectedParameter;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.spi.ImportContext;
import dev.bitflow.engine.spi.ImportedWeights;
import dev.bitflow.engine.spi.ModelImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code bitflow import npz FILE --definition DEF --out M.bfm}: weights from a numpy {@code .npz} archive (what
 * {@code numpy.savez} writes, as the exported PyTorch script does): one {@code .npy} array per parameter, named
 * {@code layer/param} (entry {@code layer/param.npy}), float32, in the workbench's layouts; optionally
 * {@code bitflow_meta}, UTF-8 JSON as a uint8 array, with the training's seed, epochs, framework, data set and
 * metrics for the provenance.
 *
 * <p>Bounded: no array is read beyond what the definition's parameter of that name needs (plus a header), an entry
 * of no such parameter is not read at all, and the archive may hold at most a few entries more than the definition
 * has parameters. Every problem is reported, each naming the entry.
 */
public final class NpzImporter implements ModelImporter {
    static final String META = "bitflow_meta";
    static final int MAX_META = 1 << 16;
    /** Entries beyond the definition's parameters that are tolerated (metadata, and a few to report by name). */
    static final int EXTRA_ENTRIES = 64;

    @Override
    public String id() {
        return "npz";
    }

    @Override
    public String displayName() {
        return "numpy .npz weights";
    }

    @Override
    public String description() {
        return "Weights saved with numpy.savez (for example by the exported PyTorch script): one float32 array per "
                + "parameter named layer/param, matched against the definition.";
    }

    @Override
    public String extension() {
        return ".npz";
    }

    @Override
    public ImportedWeights read(Path file, ImportContext context, TaskMonitor monitor) throws IOException {
        String sha = sha256(file);
        Map<String, ExpectedParameter> expected = new LinkedHashMap<>();
        context.expected().forEach(e -> expected.put(e.key(), e));
        List<ModelParameter> params = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new BadInputException(file + ": not a .npz (zip) archive, or truncated (" + e.getMessage() + ")", e);
        }
        try (zip) {
            if (zip.size() > expected.size() + EXTRA_ENTRIES) {
                throw new BadInputException(file + ": " + zip.size() + " entries, but definition '"
                        + context.definition().name() + "' has only " + expected.size() + " parameters");
            }
            int done = 0;
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                monitor.checkCancelled();
                ZipEntry entry = it.nextElement();
                String name = entry.getName();
                String where = file + ": entry '" + name + "'";
                monitor.progress((double) done++ / Math.max(1, zip.size()), "reading " + name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (!name.endsWith(".npy")) {
                    problems.put(name, "is not a numpy array (.npy) entry");
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                if (key.equals(META)) {
                    metadata.putAll(metadata(context.decodeNpyBytes(readBounded(zip, entry, MAX_META + 4096L, where),
                            where, MAX_META), where));
                    continue;
                }
                ExpectedParameter e = expected.get(key);
                if (e == null) {
                    problems.put(key, "is not a parameter of definition '" + context.definition().name() + "'");
                    continue;
                }
                try {
                    params.add(context.decodeNpy(readBounded(zip, entry, context.maxNpyBytes(e), where), where, e));
                } catch (BadInputException bad) {
                    problems.put(key, bad.getMessage().startsWith(where) ? bad.getMessage().substring(where.length())
                            .replaceFirst("^: ", "") : bad.getMessage());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(file + ": damaged zip structure (" + e.getMessage() + ")", e);
        }
        monitor.progress(1.0, "read " + params.size() + " arrays");
        return new ImportedWeights(params, metadata, "imported from " + file.getFileName() + " (sha256 " + sha + ")",
                problems);
    }

    /** The entry's bytes, or a {@link BadInputException} if it holds more than {@code max}. */
    private static byte[] readBounded(ZipFile zip, ZipEntry entry, long max, String where) throws IOException {
        if (entry.getSize() > max) {
            throw new BadInputException(where + ": holds " + entry.getSize() + " bytes, more than the " + max
                    + " its parameter can take");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new BadInputException(where + ": holds more than the " + max + " bytes its parameter can take");
            }
            return bytes;
        } catch (ZipException e) {
            throw new BadInputException(where + ": damaged (" + e.getMessage() + ")", e);
        }
    }

    /** The recognised fields of the metadata JSON, as text. */
    private static Map<String, String> metadata(byte[] json, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new BadInputException(where + ": metadata is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(where + ": metadata must be a JSON object");
        }
        for (String field : List.of("seed", "epochs", "framework", "datasetId", "datasetSha256")) {
            JsonNode v = root.get(field);
            if (v != null && v.isValueNode()) {
                out.put(field, v.asText());
            }
        }
        JsonNode metrics = root.get("metrics");
        if (metrics != null && metrics.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                if (m.getValue().isNumber()) {
                    out.put("metric." + m.getKey(), m.getValue().asText());
                }
            }
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(java.nio.file.Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

package dev.bitflow.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.io.ReadLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads and verifies a checksummed archive written by {@link ArchiveWriter}. Refused, each with a
 * {@link BadInputException} naming the file and, where there is one, the entry:
 * <ul>
 *   <li>not a zip, or a zip cut short (its central directory is missing);</li>
 *   <li>no {@code manifest.json}, an unreadable one, or one of another container;</li>
 *   <li>a format name the caller does not accept, or a version newer than the caller can read;</li>
 *   <li>an entry the manifest lists that is missing, an entry present but not listed, a duplicate entry;</li>
 *   <li>an entry whose size or SHA-256 differs from the manifest, or whose compressed data is damaged.</li>
 * </ul>
 * The manifest, which cannot list its own SHA-256, is protected by the zip's CRC-32, which is checked for
 * every entry. Zip bookkeeping that carries no entry content (timestamps, attributes) is not checked: it
 * cannot change what is loaded.
 *
 * <p>Memory is bounded before anything is inflated ({@link ReadLimits}): each listed size must fit in what its
 * compressed bytes can hold, and all listed sizes together must fit in the read budget; an entry is then read
 * into an array of exactly its listed size, and reading stops one byte past it.
 */
public final class ArchiveReader {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final long MAX_MANIFEST = 64L << 20;
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 64;
    private static final int MAX_ENTRIES = 100_000;

    private ArchiveReader() {
    }

    /** Reads and verifies the archive file; it must carry one of the accepted formats. */
    public static ArchiveContents read(Path file, ArchiveFormat... accepted) throws IOException {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new BadInputException(source + ": file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(source + ": not a regular file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + ": file not found");
        } catch (ZipException | EOFException e) {
            throw new BadInputException(source + ": not a zip archive, or truncated (" + e + ")", e);
        }
        try (zip) {
            return verify(new ZipFileSource(zip, source), accepted);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // java.util.zip reports some malformed headers (for example undecodable names) this way
            throw new BadInputException(source + ": damaged zip structure (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads and verifies an archive from a stream (for example a bundled class-path resource), to its end.
     *
     * @param source names the stream in error messages
     */
    public static ArchiveContents read(InputStream in, String source, ArchiveFormat... accepted) throws IOException {
        return verify(StreamSource.load(in, source), accepted);
    }

    private static ArchiveContents verify(EntrySource zip, ArchiveFormat... accepted) throws IOException {
        String source = zip.source();
        List<String> names = zip.names();
        if (!names.contains(ArchiveWriter.MANIFEST)) {
            throw new BadInputException(source + ": not a BitFlow file (" + ArchiveWriter.MANIFEST
                    + " is missing" + (names.isEmpty() ? "; the archive is empty or not a zip" : "") + ")");
        }
        byte[] manifestBytes = zip.read(ArchiveWriter.MANIFEST, MAX_MANIFEST);
        String manifestWhere = source + ": entry '" + ArchiveWriter.MANIFEST + "'";
        ObjectMapper mapper = ArchiveJson.mapper();
        JsonNode manifest = ArchiveJson.parse(mapper, manifestBytes, manifestWhere);
        if (!manifest.isObject()) {
            throw new BadInputException(manifestWhere + ": must be a JSON object");
        }
        String container = text(manifest, "container", manifestWhere);
        if (!container.equals(ArchiveWriter.CONTAINER)) {
            throw new BadInputException(manifestWhere + ": container is '" + container + "', expected '"
                    + ArchiveWriter.CONTAINER + "'");
        }
        int containerVersion = integer(manifest, "containerVersion", manifestWhere);
        if (containerVersion > ArchiveWriter.CONTAINER_VERSION || containerVersion < 1) {
            throw new BadInputException(source + ": container version " + containerVersion
                    + " is not supported by this build (it reads 1 to " + ArchiveWriter.CONTAINER_VERSION
                    + "); a newer BitFlow Workbench wrote it");
        }
        String format = text(manifest, "format", manifestWhere);
        int version = integer(manifest, "version", manifestWhere);
        ArchiveFormat match = Arrays.stream(accepted).filter(f -> f.name().equals(format)).findFirst()
                .orElseThrow(() -> new BadInputException(source + ": is a '" + format + "' file, expected "
                        + Arrays.stream(accepted).map(f -> "'" + f.name() + "'")
                        .collect(Collectors.joining(" or "))));
        if (version > match.newestVersion()) {
            throw new BadInputException(source + ": " + format + " format version " + version
                    + " is newer than this build reads (up to " + match.newestVersion()
                    + "); open it with a newer BitFlow Workbench");
        }
        if (version < 1) {
            throw new BadInputException(manifestWhere + ": format version must be >= 1, was " + version);
        }
        JsonNode metadata = manifest.path("metadata");
        if (!metadata.isObject()) {
            throw new BadInputException(manifestWhere + ": 'metadata' must be a JSON object");
        }
        List<ArchiveEntry> listed = listedEntries(manifest, manifestWhere);
        long total = manifestBytes.length;
        for (ArchiveEntry e : listed) {
            total = Math.addExact(total, e.size()); // at most 100,000 entries of < 2^31 bytes: cannot overflow
        }
        ReadLimits.requireHeap(source, "the manifest lists " + listed.size() + " entries of "
                + ReadLimits.format(total) + " in total, which", total);

        Set<String> present = new LinkedHashSet<>(names);
        present.remove(ArchiveWriter.MANIFEST);
        Set<String> listedNames = listed.stream().map(ArchiveEntry::name).collect(Collectors.toSet());
        for (ArchiveEntry e : listed) {
            if (!present.contains(e.name())) {
                throw new BadInputException(source + ": entry '" + e.name()
                        + "' is listed in the manifest but missing from the file");
            }
            zip.checkDeclaredSize(e.name(), e.size());
        }
        for (String name : present) {
            if (!listedNames.contains(name)) {
                throw new BadInputException(source + ": entry '" + name + "' is not listed in the manifest");
            }
        }
        Map<String, byte[]> content = new LinkedHashMap<>();
        for (ArchiveEntry e : listed) {
            byte[] bytes = zip.read(e.name(), e.size() + 1);
            if (bytes.length != e.size()) {
                throw new BadInputException(source + ": entry '" + e.name() + "' is damaged: "
                        + (bytes.length > e.size() ? "more than " : "") + bytes.length
                        + " bytes where the manifest says " + e.size());
            }
            String actual = Sha256.hex(bytes);
            if (!actual.equals(e.sha256())) {
                throw new BadInputException(source + ": entry '" + e.name() + "' is damaged: its SHA-256 "
                        + actual + " does not match the manifest's " + e.sha256());
            }
            content.put(e.name(), bytes);
        }
        return new ArchiveContents(source, format, version, (ObjectNode) metadata, listed, content);
    }

    private static List<ArchiveEntry> listedEntries(JsonNode manifest, String where) {
        JsonNode list = manifest.path("entries");
        if (!list.isArray()) {
            throw new BadInputException(where + ": 'entries' must be a JSON array");
        }
        if (list.size() > MAX_ENTRIES) {
            throw new BadInputException(where + ": 'entries' lists " + list.size() + " entries, more than the "
                    + MAX_ENTRIES + " a BitFlow file may have");
        }
        List<ArchiveEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String at = where + ": entries[" + i + "]";
            String name = text(e, "name", at);
            String problem = ArchiveNames.problem(name);
            if (problem != null) {
                throw new BadInputException(at + ": " + problem);
            }
            if (name.equals(ArchiveWriter.MANIFEST) || !seen.add(name)) {
                throw new BadInputException(at + ": entry '" + name + "' is listed twice");
            }
            JsonNode size = e.path("size");
            if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0
                    || size.asLong() > MAX_ENTRY) {
                throw new BadInputException(at + ": 'size' of '" + name + "' must be an integer from 0 to "
                        + MAX_ENTRY);
            }
            String sha = text(e, "sha256", at);
            if (!SHA256_HEX.matcher(sha).matches()) {
                throw new BadInputException(at + ": 'sha256' of '" + name
                        + "' must be 64 lowercase hex digits");
            }
            out.add(new ArchiveEntry(name, size.asLong(), sha));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new BadInputException(where + ": '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isInt()) {
            throw new BadInputException(where + ": '" + field + "' must be an integer");
        }
        return v.asInt();
    }

    /**
     * Reads up to {@code limit} bytes; a stream that is longer returns {@code limit} bytes. The buffer starts
     * at {@code expected} bytes (the listed size, already bounded) and grows only if the stream is longer.
     */
    private static byte[] readLimited(InputStream in, long limit, long expected) throws IOException {
        long cap = Math.min(limit, MAX_ENTRY);
        byte[] buf = new byte[(int) Math.max(0, Math.min(cap, expected))];
        int total = 0;
        while (total < cap) {
            if (total == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(1 << 16, (long) buf.length * 2)));
            }
            int n = in.read(buf, total, buf.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total == buf.length ? buf : Arrays.copyOf(buf, total);
    }

    private static BadInputException damaged(String source, String entry, Exception e) {
        return new BadInputException(source + ": entry '" + entry + "' is damaged or truncated ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }

    /** The zip's entries, however they are stored. */
    private interface EntrySource {
        String source();

        /** Entry names in file order, directories left out; duplicates refused. */
        List<String> names();

        /** Up to {@code limit} bytes of the entry; {@code limit} is at most the listed size plus one. */
        byte[] read(String name, long limit) throws IOException;

        /** Refuses a listed size the stored entry cannot hold (before anything is inflated). */
        void checkDeclaredSize(String name, long declared);
    }

    private static final class ZipFileSource implements EntrySource {
        private final ZipFile zip;
        private final String source;
        private final Map<String, ZipEntry> byName = new LinkedHashMap<>();

        ZipFileSource(ZipFile zip, String source) {
            this.zip = zip;
            this.source = source;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (byName.put(e.getName(), e) != null) {
                    throw new BadInputException(source + ": entry '" + e.getName() + "' appears twice");
                }
            }
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public List<String> names() {
            return List.copyOf(byName.keySet());
        }

        @Override
        public byte[] read(String name, long limit) throws IOException {
            ZipEntry entry = byName.get(name);
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                // the first buffer: the size the zip states, at most what the compressed bytes can hold
                long stated = entry.getSize() >= 0 ? entry.getSize() + 1 : 1 << 16;
                bytes = readLimited(in, limit, entry.getCompressedSize() >= 0
                        ? Math.min(stated, ReadLimits.maxInflated(entry.getCompressedSize())) : stated);
            } catch (IOException e) {
                throw damaged(source, name, e);
            }
            // ZipFile does not check CRC-32s; the manifest has no SHA-256 of its own, so check them here.
            if (bytes.length < limit && entry.getCrc() != -1) {
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (crc.getValue() != entry.getCrc()) {
                    throw new BadInputException(source + ": entry '" + name + "' is damaged (its CRC-32 "
                            + Long.toHexString(crc.getValue()) + " does not match the zip's "
                            + Long.toHexString(entry.getCrc()) + ")");
                }
            }
            return bytes;
        }

        @Override
        public void checkDeclaredSize(String name, long declared) {
            ZipEntry entry = byName.get(name);
            long stored = entry.getCompressedSize();
            if (stored < 0) {
                return;
            }
            String where = source + ": entry '" + name + "'";
            if (entry.getMethod() == ZipEntry.STORED && declared > stored) {
                throw new BadInputException(where + ": the manifest lists " + declared + " bytes but the entry"
                        + " stores " + stored + " uncompressed bytes; the file is damaged or forged");
            }
            ReadLimits.requireInflatable(where, "the manifest", declared, stored);
        }
    }

    /** A zip read from a stream; entries are buffered (the stream cannot seek). CRC-32s are checked too. */
    private static final class StreamSource implements EntrySource {
        private final String source;
        private final Map<String, byte[]> entries;

        private StreamSource(String source, Map<String, byte[]> entries) {
            this.source = source;
            this.entries = entries;
        }

        static StreamSource load(InputStream in, String source) throws IOException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            ZipInputStream zip = new ZipInputStream(in);
            String current = null;
            long budget = ReadLimits.heapBudget();
            long total = 0;
            try {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    current = e.getName();
                    if (e.isDirectory()) {
                        continue;
                    }
                    byte[] bytes = readLimited(zip, budget - total + 1, 1 << 16);
                    total += bytes.length;
                    ReadLimits.requireHeap(source, "its entries", total);
                    if (entries.put(current, bytes) != null) {
                        throw new BadInputException(source + ": entry '" + current + "' appears twice");
                    }
                }
            } catch (IOException | IllegalArgumentException ex) {
                if (current == null) {
                    throw new BadInputException(source + ": not a zip archive (" + ex.getMessage() + ")", ex);
                }
                throw damaged(source, current, ex);
            }
            return new StreamSource(source, entries);
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public List<String> names() {
            return List.copyOf(entries.keySet());
        }

        @Override
        public byte[] read(String name, long limit) {
            byte[] bytes = entries.get(name);
            return bytes.length > limit ? Arrays.copyOf(bytes, (int) limit) : bytes;
        }

        @Override
        public void checkDeclaredSize(String name, long declared) {
            // the entries are already in memory, read within the budget
        }
    }
}

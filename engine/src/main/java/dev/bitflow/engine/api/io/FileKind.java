package dev.bitflow.engine.api.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a file holds, told from its first bytes (never from its name): so an output can refuse to replace a
 * file of another kind. Archives ({@code .bfm}, {@code .bff}) are told apart by the {@code format} of their
 * {@code manifest.json} and, for checkpoints, by their {@code extras/} entries (docs/model-files.md);
 * definitions by their {@code "format": "bitflow-definition"}; learning curves by their {@code epoch,} header.
 */
public enum FileKind {
    /** A network definition ({@code *.bitflow.json}). */
    DEFINITION("a network definition"),
    /** A trained model ({@code *.bfm}) without optimiser state. */
    TRAINED_MODEL("a trained model"),
    /** A training checkpoint: a {@code .bfm} with optimiser state. */
    CHECKPOINT("a training checkpoint"),
    /** A fused model ({@code *.bff}). */
    FUSED_MODEL("a fused model"),
    /** A learning curve written by training (CSV with an {@code epoch,...} header). */
    LEARNING_CURVE("a learning curve"),
    /** A PNG image. */
    PNG_IMAGE("a PNG image"),
    /** An empty file: nothing is lost by replacing it. */
    EMPTY("an empty file"),
    /** Anything else: a file this workbench did not write. */
    OTHER("a file of another program");

    /** How much of a file (or of an archive's manifest) is read to tell its kind. */
    static final int SNIFF_BYTES = 64 * 1024;
    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"([^\"]{1,64})\"");
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String description;

    FileKind(String description) {
        this.description = description;
    }

    /** For messages: "a trained model". */
    public String description() {
        return description;
    }

    /**
     * The kind of an existing regular file (symbolic links followed).
     *
     * @throws IOException when it cannot be read
     */
    public static FileKind of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return OTHER;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (head.length == 0) {
            return EMPTY;
        }
        if (startsWith(head, PNG_MAGIC)) {
            return PNG_IMAGE;
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return archiveKind(file);
        }
        String text = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.startsWith("{") && "bitflow-definition".equals(format(text))) {
            return DEFINITION;
        }
        if (text.startsWith("epoch,")) {
            return LEARNING_CURVE;
        }
        return OTHER;
    }

    private static FileKind archiveKind(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifest = zip.getEntry("manifest.json");
            if (manifest == null) {
                return OTHER;
            }
            String format;
            try (InputStream in = zip.getInputStream(manifest)) {
                format = format(new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8));
            }
            if ("bitflow-fused".equals(format)) {
                return FUSED_MODEL;
            }
            if (!"bitflow-model".equals(format)) {
                return OTHER;
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                if (entries.nextElement().getName().startsWith("extras/")) {
                    return CHECKPOINT;
                }
            }
            return TRAINED_MODEL;
        } catch (IOException | RuntimeException e) {
            return OTHER; // a damaged archive is still someone's file
        }
    }

    private static String format(String json) {
        Matcher m = FORMAT.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

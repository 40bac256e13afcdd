package dev.bitflow.plugins.datasets.images;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.FileDigest;
import dev.bitflow.engine.api.definition.Resize;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.spi.SplitRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a list of image files before any training starts: each is read once (at most
 * {@link ImageDecoder#MAX_FILE_BYTES}), its header must name a readable image within the bounds (and, with
 * {@link Resize#NONE}, the network's size), and its SHA-256 goes into the split's digest. Reports progress every
 * 64 files and stops with {@link dev.bitflow.engine.api.CancelledException} when the monitor is cancelled.
 */
public final class ImageScan {
    /** File name extensions read as images (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageScan() {
    }

    /** Whether {@code file}'s name ends in an image extension. */
    public static boolean isImageName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether the file is one a folder of images may hold besides images: hidden files, Thumbs.db, desktop.ini. */
    public static boolean isIgnorable(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") || n.equalsIgnoreCase("Thumbs.db") || n.equalsIgnoreCase("desktop.ini");
    }

    /**
     * Checks {@code files} and returns one digest for all of them: the SHA-256 of the lines
     * {@code "<path relative to root>\t<file sha256>\n"} in list order.
     *
     * @param digestName the digest's name, for example {@code train/ (5000 images)}
     * @param width      with {@code height} and {@code resize} NONE: the size every image must have; 0 for any
     */
    public static FileDigest check(Path root, List<Path> files, String digestName, int width, int height,
                                   Resize resize, TaskMonitor monitor, String what) {
        MessageDigest lines = sha256();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            if (i % 64 == 0) {
                monitor.checkCancelled();
                monitor.progress((double) i / files.size(), String.format(Locale.ROOT, "checking %s: %,d of %,d images",
                        what, i, files.size()));
            }
            Path file = files.get(i);
            String name = root.relativize(file).toString();
            byte[] content;
            try {
                long size = Files.size(file);
                if (size > ImageDecoder.MAX_FILE_BYTES) {
                    throw new BadInputException(name + ": " + size + " bytes; image files of at most "
                            + (ImageDecoder.MAX_FILE_BYTES >> 20) + " MB are read");
                }
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new BadInputException(name + ": no such file", e);
            } catch (IOException e) {
                throw new BadInputException(name + ": cannot read: " + e.getMessage(), e);
            }
            int[] size = ImageDecoder.size(name, content);
            if (resize == Resize.NONE && width > 0 && (size[0] != width || size[1] != height)) {
                throw new BadInputException(name + ": " + size[0] + "x" + size[1] + " pixels but the network's input is "
                        + width + "x" + height + " (dataset.resize is \"none\"; set \"nearest\" or \"bilinear\" to"
                        + " resize)");
            }
            bytes += content.length;
            String line = name.replace('\\', '/') + "\t" + HexFormat.of().formatHex(sha256().digest(content)) + "\n";
            lines.update(line.getBytes(StandardCharsets.UTF_8));
        }
        monitor.progress(1, String.format(Locale.ROOT, "checked %s: %,d images", what, files.size()));
        return new FileDigest(digestName, files.size(), bytes, HexFormat.of().formatHex(lines.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Refuses to load image files wholly into memory: they are decoded at a network's input size when opened. */
    public static BadInputException decodedWhenOpened(String what, String id, Object location) {
        return new BadInputException(what + " are decoded at a network's input size; open them through a definition"
                + " (--data " + id + ":" + location + ")");
    }

    /** The network's input shape of {@code request}, which image files need (they are decoded to it). */
    public static Shape inputOf(SplitRequest request, String what) {
        if (request.input() == null) {
            throw new BadInputException(what + " are decoded at a network's input size, and none was given");
        }
        return request.input();
    }
}

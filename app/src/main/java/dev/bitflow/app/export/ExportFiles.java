package dev.bitflow.app.export;

import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.io.IoConsumer;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * The one place exported files (figures, tables, reports) are written. Every write:
 * <ol>
 *   <li>gets the format's extension ({@code loss} becomes {@code loss.png}; {@code model.bfm} chosen for a PNG
 *       becomes {@code model.bfm.png}), so an export never replaces a model, definition or data file;</li>
 *   <li>is refused when the target is one of the workbench's inputs ({@code inputs}: the open definition, recent
 *       files, the open model, ...) or a folder;</li>
 *   <li>goes through {@link AtomicFiles}: a reader sees the old file or the complete new one.</li>
 * </ol>
 */
public final class ExportFiles {
    private final Supplier<? extends Collection<Path>> inputs;

    /** @param inputs the files the workbench reads from, asked at every write */
    public ExportFiles(Supplier<? extends Collection<Path>> inputs) {
        this.inputs = Objects.requireNonNull(inputs);
    }

    /**
     * The file a write of {@code format} to {@code chosen} goes to: the extension added when missing.
     *
     * @throws IOException naming the file when it is an input or a folder
     */
    public Path target(Path chosen, ExportFormat format) throws IOException {
        Path name = chosen.getFileName();
        if (name == null) {
            throw new IOException(chosen + ": not a file name");
        }
        Path target = chosen.resolveSibling(format.withExtension(name.toString())).toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new IOException(target + " is a folder; choose a file name");
        }
        for (Path input : inputs.get()) {
            if (input != null && same(input, target)) {
                throw new IOException(target + " is a file the workbench reads from; an export never replaces an "
                        + "input. Choose another name.");
            }
        }
        return target;
    }

    /** Writes {@code format} to {@code chosen} (see {@link #target}); returns the file written. */
    public Path write(Path chosen, ExportFormat format, IoConsumer<OutputStream> body) throws IOException {
        Path target = target(chosen, format);
        AtomicFiles.write(target, body);
        return target;
    }

    /** Writes UTF-8 text. */
    public Path writeText(Path chosen, ExportFormat format, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return write(chosen, format, out -> out.write(bytes));
    }

    /** Writes an image as PNG. */
    public Path writePng(Path chosen, RenderedImage image) throws IOException {
        return write(chosen, ExportFormat.PNG, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    private static boolean same(Path input, Path target) {
        Path a = input.toAbsolutePath().normalize();
        if (a.equals(target)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(target) && Files.isSameFile(a, target);
        } catch (IOException e) {
            return false;
        }
    }
}
